"""Every command, given bad input: a clear message (naming the file or the value), a non-zero exit, no traceback,
and nothing written. The table must cover every command `bilat --help` lists, so a new command cannot come without
its bad-input cases."""

from __future__ import annotations

import re
import shlex
import shutil
import signal
import socket
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import DATA, free_port, invoke

# Written for these tests: an ESC[2J (clear screen) and a right-to-left override inside a sentence extraction uses.
DOCUMENT = ("Trade talks in Phnom Penh\n\nAmbassador Park Ji-hoon met Deputy Minister Chea Vannak in Phnom Penh on "
            "4 March 2025.\n\nThe two\u202e ministers signed an agreement on rice exports \x1b[2J worth $12 "
            "million, officials said on Tuesday.\n")
BAD_FILES = {
    "garbage.trig": "this is { not TriG at all\n",
    "garbage.ttl": "@prefix : <http://example.org/> .\n:a :b :c :d .\n",
    "no-verdict.ttl": "@prefix bo: <https://bilat.example/ontology#> .\n\n"
                      "<https://bilat.example/id/decision-x> a bo:ReviewDecision ; bo:candidateId \"x\" .\n",
    "empty.trig": "",
    "blank.trig": "  \n\t\n",
    "empty.txt": "",
    "notes.txt": "a document with no facts in it\n",
}


@pytest.fixture(scope="module")
def paths(tmp_path_factory, runner) -> dict[str, str]:
    """One small build with machine-extracted candidates, beside a set of broken inputs (built once)."""
    root = tmp_path_factory.mktemp("bad-input")
    mini = shutil.copytree(DATA / "mini", root / "mini")
    docs = root / "docs"
    docs.mkdir()
    (docs / "trade-talks.txt").write_text(DOCUMENT, encoding="utf-8")
    out = root / "out"
    result = invoke(runner, "build", "--seeds", mini / "seeds", "--curated", mini / "curated", "--docs", docs,
                    "--out", out, "--decisions", root / "decisions.ttl")
    assert result.exit_code == 0, result.output
    for name, text in BAD_FILES.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\xff\xfe\x00\x00")
    (root / "empty-folder").mkdir()
    (root / "a-file").write_text("not a folder\n", encoding="utf-8")
    listing = invoke(runner, "review", "--graph", out / "graph.trig").output
    candidate = re.search(r"\b(role-[0-9a-f]{12})\b", listing).group(1)
    return {"root": str(root), "out": str(out), "graph": str(out / "graph.trig"), "docs": str(docs),
            "seeds": str(mini / "seeds"), "curated": str(mini / "curated"), "candidate": candidate,
            "decisions": str(root / "decisions.ttl"), "never": str(root / "never"), "listing": listing}


@dataclass(frozen=True)
class Case:
    command: str  # as `bilat --help` names it ("review accept" for a subcommand)
    argv: tuple[str, ...]  # {name} is replaced by the path of that name (see `paths`), {port} by a free port
    expected: tuple[str, ...]  # each must be in the output


def case(name: str, command: str, line: str, *expected: str, marks=()):
    return pytest.param(Case(command, tuple(shlex.split(line)), expected), id=name, marks=marks)


NEVER = "--out {never}"  # a refused build must not create it
REVIEWED = "--graph {graph} --decisions {never}/d.ttl"
CASES = [
    case("build-missing-seeds", "build", f"build --seeds {{root}}/nowhere {NEVER}", "nowhere", "no such folder"),
    case("build-empty-seeds", "build", f"build --seeds {{root}}/empty-folder {NEVER}", "empty-folder",
         "no documents"),
    case("build-missing-docs", "build", f"build --seeds {{seeds}} --curated {{curated}} --docs {{root}}/nowhere "
         f"{NEVER}", "nowhere", "no such file or folder"),
    case("build-missing-curated", "build", f"build --seeds {{seeds}} --curated {{root}}/nowhere {NEVER}",
         "nowhere", "no such folder"),
    case("build-garbage-decisions", "build", f"build --seeds {{seeds}} --curated {{curated}} --decisions "
         f"{{root}}/garbage.ttl {NEVER}", "garbage.ttl:2", "malformed"),
    case("build-decision-without-verdict", "build", f"build --seeds {{seeds}} --curated {{curated}} --decisions "
         f"{{root}}/no-verdict.ttl {NEVER}", "no-verdict.ttl:3", "decision-x needs", "bo:verdict"),
    case("build-decisions-folder", "build", f"build --seeds {{seeds}} --curated {{curated}} --decisions "
         f"{{root}}/empty-folder {NEVER}", "empty-folder", "is a folder"),

    case("validate-missing-file", "validate", "validate {root}/missing.trig", "missing.trig", "no such file"),
    case("validate-empty-file", "validate", "validate {root}/empty.trig", "empty.trig", "empty"),
    case("validate-blank-file", "validate", "validate {root}/blank.trig", "blank.trig", "empty"),
    case("validate-garbage-trig", "validate", "validate {root}/garbage.trig", "garbage.trig:1", "malformed TriG"),
    case("validate-garbage-turtle", "validate", "validate {root}/garbage.ttl", "garbage.ttl:", "malformed Turtle"),
    case("validate-folder", "validate", "validate {root}/empty-folder", "empty-folder", "folder"),
    case("validate-not-rdf", "validate", "validate {root}/notes.txt", "notes.txt", "'.txt'"),

    case("query-malformed-sparql", "query", "query 'SELECT ?x WHERE {' --graph {graph}", "malformed SPARQL"),
    case("query-unknown-question", "query", "query no-such-question --out {out}", "no-such-question"),
    case("query-missing-store", "query", "query 'SELECT * WHERE { ?s ?p ?o }' --out {root}/empty-folder",
         "empty-folder", "bilat build"),
    case("query-garbage-trig", "query", "query 'SELECT * WHERE { ?s ?p ?o }' --graph {root}/garbage.trig",
         "garbage.trig", "malformed"),
    case("query-empty-graph", "query", "query 'SELECT * WHERE { ?s ?p ?o }' --graph {root}/empty.trig",
         "empty.trig", "empty"),
    case("query-bad-format", "query", "query 'SELECT * WHERE { ?s ?p ?o }' --graph {graph} --format xml", "xml"),

    case("render-missing-file", "render", "render --graph {root}/missing.trig --output {never}/g.html",
         "missing.trig", "no such file"),
    case("render-empty-file", "render", "render --graph {root}/empty.trig --output {never}/g.html", "empty.trig",
         "empty"),
    case("render-garbage-trig", "render", "render --graph {root}/garbage.trig --output {never}/g.html",
         "garbage.trig:1", "malformed TriG"),
    case("render-output-folder", "render", "render --graph {graph} --output {root}/empty-folder", "empty-folder",
         "is a folder"),
    case("render-output-under-a-file", "render", "render --graph {graph} --output {root}/a-file/g.html", "a-file"),

    # A port in use: test_serve_on_a_port_in_use.
    case("serve-missing-store", "serve", "serve --out {root}/empty-folder --port {port}", "empty-folder",
         "bilat build"),

    case("push-missing-file", "push", "push --graph {root}/missing.trig --endpoint http://127.0.0.1:{port}/store",
         "missing.trig", "bilat build"),
    case("push-unreachable-endpoint", "push", "push --graph {graph} --endpoint http://127.0.0.1:{port}/store",
         "cannot reach", "127.0.0.1"),
    case("push-not-http", "push", "push --graph {graph} --endpoint ftp://127.0.0.1/store", "http(s) URL"),
    case("push-garbage-trig", "push", "push --graph {root}/garbage.trig --endpoint http://127.0.0.1:{port}/store",
         "garbage.trig", "malformed"),
    case("push-empty-file", "push", "push --graph {root}/empty.trig --endpoint http://127.0.0.1:{port}/store",
         "empty.trig", "empty"),

    case("extract-missing-file", "extract", "extract {root}/missing.txt", "missing.txt", "no such file"),
    case("extract-empty-file", "extract", "extract {root}/empty.txt", "empty.txt:1", "empty"),
    case("extract-binary-file", "extract", "extract {root}/binary.txt", "binary.txt:1", "not UTF-8"),
    case("extract-folder", "extract", "extract {root}/empty-folder", "empty-folder", "folder"),
    case("extract-bad-format", "extract", "extract {docs}/trade-talks.txt --format turtle",
         "'turtle' is not one of"),

    case("review-missing-file", "review", "review --graph {root}/missing.trig", "missing.trig", "no such file"),
    case("review-empty-file", "review", "review --graph {root}/empty.trig", "empty.trig", "empty"),
    case("review-garbage-trig", "review", "review --graph {root}/garbage.trig", "garbage.trig:1",
         "malformed TriG"),
    case("review-bad-status", "review", "review --graph {graph} --status pendng", "'pendng' is not one of"),

    case("accept-unknown-candidate", "review accept", f"review accept nosuch {REVIEWED}",
         "no candidate 'nosuch'"),
    case("accept-garbage-trig", "review accept",
         "review accept {candidate} --graph {root}/garbage.trig --decisions {never}/d.ttl", "garbage.trig:1",
         "malformed TriG"),
    case("accept-missing-file", "review accept",
         "review accept {candidate} --graph {root}/missing.trig --decisions {never}/d.ttl", "missing.trig",
         "no such file"),
    case("accept-garbage-decisions", "review accept",
         "review accept {candidate} --graph {graph} --decisions {root}/garbage.ttl", "garbage.ttl:2",
         "malformed decisions file"),
    case("accept-decisions-folder", "review accept",
         "review accept {candidate} --graph {graph} --decisions {root}/empty-folder", "empty-folder", "is a folder"),
    # The group's --graph reaches the subcommand: the broken file is read, not out/graph.trig instead.
    case("accept-group-graph", "review accept",
         "review --graph {root}/garbage.trig accept {candidate} --decisions {never}/d.ttl", "garbage.trig:1"),
    case("accept-two-graphs", "review accept",
         f"review --graph {{root}}/garbage.trig accept {{candidate}} {REVIEWED}", "two different --graph"),

    case("reject-blank-reason", "review reject", f"review reject {{candidate}} --reason '  ' {REVIEWED}",
         "needs a reason"),
    case("reject-no-reason", "review reject", f"review reject {{candidate}} {REVIEWED}",
         "Missing option '--reason'"),
    case("reject-unknown-candidate", "review reject", f"review reject nosuch --reason wrong {REVIEWED}",
         "no candidate 'nosuch'"),
    case("reject-group-empty-graph", "review reject",
         "review --graph {root}/empty.trig reject {candidate} --reason wrong --decisions {never}/d.ttl",
         "empty.trig", "empty"),

    case("eval-missing-seeds", "eval", "eval --seeds {root}/nowhere", "nowhere", "no such folder"),
    case("eval-empty-seeds", "eval", "eval --seeds {root}/empty-folder", "empty-folder", "no documents"),
    case("eval-bad-format", "eval", "eval --format yaml", "'yaml' is not one of"),
]


def _flat(text: str) -> str:
    """The output with its line breaks and runs of spaces folded, so wrapped messages still match."""
    return " ".join(text.split())


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_a_clear_error(case: Case, paths, runner):
    values = {**paths, "port": str(free_port())}
    argv = [re.sub(r"\{(\w+)\}", lambda name: values[name.group(1)], arg) for arg in case.argv]
    result = invoke(runner, *argv)
    output = _flat(result.output)
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    for words in case.expected:
        assert _flat(words) in output, result.output
    assert not Path(paths["never"]).exists(), "a refused command wrote its output"


def _commands(runner, *group: str) -> set[str]:
    """The command names a --help page lists under "Commands"."""
    text = invoke(runner, *group, "--help").output
    section = text.split("Commands:", 1)[1]
    return {" ".join((*group, line.split()[0])) for line in section.splitlines()
            if re.match(r"^  \S", line)}


def test_the_table_covers_every_command(runner):
    listed = _commands(runner) | _commands(runner, "review")
    assert {"build", "validate", "query", "render", "serve", "push", "extract", "review", "review accept",
            "review reject", "eval"} <= listed
    covered = {param.values[0].command for param in CASES} | {"serve"}
    assert listed <= covered, f"no bad-input case for: {sorted(listed - covered)}"


def test_serve_on_a_port_in_use(paths, runner):
    def give_up(*_):
        raise TimeoutError("bilat serve did not stop on a port in use")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(60)
    try:
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            port = busy.getsockname()[1]
            result = invoke(runner, "serve", "--out", paths["out"], "--port", port)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    assert str(port) in result.output and "in use" in result.output, result.output
    assert "http://" not in result.output  # no URL is announced before the port is bound


# Regression tests for the bugs the table found; each would pass through the table silently if it came back.

def test_control_characters_reach_the_terminal_escaped(paths, runner):
    extracted = invoke(runner, "extract", paths["docs"] + "/trade-talks.txt")
    for output in (extracted.output, paths["listing"]):
        assert "\\x1b[2J" in output and "\\u202e" in output, output
        assert "\x1b" not in output and "\u202e" not in output


def test_extracted_trig_escapes_bidi_overrides_and_stays_valid(paths, runner):
    trig = invoke(runner, "extract", paths["docs"] + "/trade-talks.txt", "--format", "trig").output
    assert "\u202e" not in trig and "\x1b" not in trig
    literals = [q.object.value for q in ox.parse(trig.encode("utf-8"), format=ox.RdfFormat.TRIG)
                if isinstance(q.object, ox.Literal)]
    assert any("\x1b[2J" in value and "\u202e" in value for value in literals)


def test_printable_escapes_controls_but_not_text():
    from graph.terminal import printable

    assert printable("a\x1b[2Jb\rc\x85d\u2066e\tf\ng 서울 — é") == "a\\x1b[2Jb\\x0dc\\x85d\\u2066e\tf\ng 서울 — é"
    assert printable("x\u202ey", uchar=True) == "x\\u202Ey"


def test_review_status_filters(paths, runner):
    pending = invoke(runner, "review", "--graph", paths["graph"], "--status", "pending")
    rejected = invoke(runner, "review", "--graph", paths["graph"], "--status", "rejected")
    assert paths["candidate"] in pending.output
    assert "0 candidate fact(s)" in rejected.output


@pytest.fixture
def broken_rules(tmp_path, monkeypatch):
    """Breaks a copy of the rules file by a substitution and makes the extractor read it."""
    import graph.extraction.rules

    def breaking(old: str, new: str):
        text = graph.extraction.rules.RULES_FILE.read_text(encoding="utf-8")
        assert old in text
        path = tmp_path / "extraction.toml"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        monkeypatch.setattr(graph.extraction.rules, "RULES_FILE", path)
        return path, text.replace(old, new, 1)
    return breaking


@pytest.mark.parametrize("old, new, expected, line_text", [
    ('version = "', 'versio = "', "unknown key 'versio'", "versio ="),
    ('honorifics = ["', 'honorifics = [3, "', "'honorifics' must be an array of non-empty strings", "honorifics"),
    ('kind = "country"', 'kind = "planet"', "'kind' in [[gazetteer]] entry 1 must be one of", "[[gazetteer]]"),
    ('class = "Financing"\n', "", "missing key 'class' in [[triggers]] entry {entry}", "[[triggers]]"),
    ("[titles]", "[titles", "malformed rules", "[titles"),
], ids=["unknown-key", "wrong-value", "bad-entity-kind", "missing-entry-key", "malformed-toml"])
def test_a_broken_rules_file_is_named_with_its_line(broken_rules, old, new, expected, line_text, paths, runner):
    path, text = broken_rules(old, new)
    result = invoke(runner, "extract", paths["docs"] + "/trade-talks.txt")
    assert result.exit_code == 2, result.output
    # the number of the [[triggers]] entry that lost its key, counted in the file (entries get added)
    blocks = [block.split("\n[")[0] for block in text.split("[[triggers]]")[1:]]
    expected = expected.format(entry=next((n for n, b in enumerate(blocks, 1) if "class =" not in b), 0))
    assert "Traceback" not in result.output and expected in result.output, result.output
    line = int(re.search(rf"{re.escape(path.name)}:(\d+):", result.output).group(1))
    assert line_text in text.splitlines()[line - 1]
