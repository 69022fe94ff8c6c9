"""`bilat validate` and the build's refusal to write a graph that breaks the shapes."""

from __future__ import annotations

from conftest import invoke

FACT = "<https://bilat.example/id/meeting-2024-09-11-hun-sen-yoon>"
PROV_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
EVIDENCE = "<https://bilat.example/ontology#evidence>"


def _without(lines: list[str], subject: str, *predicates: str) -> list[str]:
    return [line for line in lines if not (line.startswith(subject + " ") and any(p in line for p in predicates))]


def test_built_graph_is_valid(built, runner):
    result = invoke(runner, "validate", built / "graph.trig")
    assert result.exit_code == 0, result.output
    assert "Valid" in result.output


def test_removing_a_facts_source_is_reported(built, tmp_path, runner):
    lines = (built / "graph.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    broken = _without(lines, FACT, PROV_DERIVED, EVIDENCE)
    assert len(broken) < len(lines)
    path = tmp_path / "broken.nq"
    path.write_text("".join(broken), encoding="utf-8")
    result = invoke(runner, "validate", path)
    assert result.exit_code == 1
    assert ":meeting-2024-09-11-hun-sen-yoon" in result.output
    assert "source document" in result.output
    assert "evidence" in result.output


def test_offsets_that_do_not_match_the_quote_are_reported(built, tmp_path, runner):
    text = (built / "graph.nq").read_text(encoding="utf-8")
    position = "<https://bilat.example/id/doc-001_816237c7f02cad06-ev-"
    line = next(line for line in text.splitlines() if line.startswith(position) and "#start>" in line)
    start = line.split('"')[1]
    tampered = text.replace(line, line.replace(f'"{start}"', f'"{int(start) + 1}"'))
    path = tmp_path / "tampered.nq"
    path.write_text(tampered, encoding="utf-8")
    result = invoke(runner, "validate", path)
    assert result.exit_code == 1
    assert "not the text at its offsets" in result.output


def test_build_refuses_an_invalid_graph_unless_allowed(mini, runner):
    claim = """
:claim-without-claimant a bo:Claim ; bo:claimKind bo:claim-assessment ; bo:content "x" ;
    bo:quote "They signed a memorandum of understanding on labour." .
"""
    with (mini["curated"] / "mini.ttl").open("a", encoding="utf-8") as stream:
        stream.write(claim)
    refused = invoke(runner, "build", "--seeds", mini["seeds"], "--curated", mini["curated"], "--out", mini["out"])
    assert refused.exit_code == 1
    assert "claimant" in refused.output and "Refused" in refused.output
    assert not (mini["out"] / "graph.ttl").exists()
    allowed = invoke(runner, "build", "--seeds", mini["seeds"], "--curated", mini["curated"], "--out", mini["out"],
                     "--allow-invalid")
    assert allowed.exit_code == 0
    assert (mini["out"] / "graph.ttl").exists()


def test_validate_without_a_build_says_so(tmp_path, runner):
    result = invoke(runner, "validate", tmp_path / "graph.trig")
    assert result.exit_code == 2
    assert "bilat build" in result.output
