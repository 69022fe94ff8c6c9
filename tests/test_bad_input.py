"""Bad input: a clear message naming the file and line, a non-zero exit, and earlier outputs untouched."""

from __future__ import annotations

import pytest
from conftest import invoke


def _snapshot(folder):
    """Every file of the build, the store's database files included."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def previous_build(mini, runner):
    """A good build in the output folder, so a later bad build can be shown to leave it intact."""
    result = invoke(runner, "build", "--seeds", mini["seeds"], "--curated", mini["curated"], "--out", mini["out"])
    assert result.exit_code == 0, result.output
    return _snapshot(mini["out"])


def _replace(path, old: str, new: str) -> None:
    """Break an input file by replacing text in it (the text must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _build(runner, mini):
    return invoke(runner, "build", "--seeds", mini["seeds"], "--curated", mini["curated"], "--out", mini["out"])


def _assert_refused(result, mini, previous, where: str, words: str):
    assert result.exit_code == 2, result.output
    assert where in result.output, result.output
    assert words in result.output, result.output
    assert _snapshot(mini["out"]) == previous


def test_malformed_curated_turtle(mini, runner, previous_build):
    path = mini["curated"] / "mini.ttl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[8] = lines[8].replace(" .", " ;;")  # line 9: `:sok-dara …` loses its full stop
    path.write_text("\n".join(lines) + "\n:oops a\n", encoding="utf-8")
    _assert_refused(_build(runner, mini), mini, previous_build, "mini.ttl:", "malformed Turtle")


def test_undeclared_prefix_names_its_line(mini, runner, previous_build):
    path = mini["curated"] / "mini.ttl"
    path.write_text(path.read_text(encoding="utf-8") + ":x a ex:Thing .\n", encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines())
    _assert_refused(_build(runner, mini), mini, previous_build, f"mini.ttl:{line}:", "ex:")


def test_quote_not_in_document(mini, runner, previous_build):
    path = mini["curated"] / "mini.ttl"
    text = path.read_text(encoding="utf-8").replace('bo:quote "Sok Dara" .', 'bo:quote "Sok Darra" .')
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(next(li for li in text.splitlines() if "Sok Darra" in li)) + 1
    _assert_refused(_build(runner, mini), mini, previous_build, f"mini.ttl:{line}:", "is not in")


def test_quote_from_boilerplate_is_refused(mini, runner, previous_build):
    path = mini["curated"] / "mini.ttl"
    path.write_text(path.read_text(encoding="utf-8") + """
:prince-someone a <https://schema.org/Person> ;
    <http://www.w3.org/2004/02/skos/core#prefLabel> "Prince Someone"@en ; bo:quote "Prince Someone" .
""", encoding="utf-8")
    _assert_refused(_build(runner, mini), mini, previous_build, "mini.ttl:", "only in boilerplate")


def test_blank_nodes_are_refused(mini, runner, previous_build):
    path = mini["curated"] / "mini.ttl"
    path.write_text(path.read_text(encoding="utf-8") + ":sok-dara bo:note [ bo:note \"x\" ] .\n", encoding="utf-8")
    _assert_refused(_build(runner, mini), mini, previous_build, "mini.ttl", "blank node")


def test_undefined_slug_is_refused(mini, runner, previous_build):
    _replace(mini["curated"] / "mini.ttl", "schema:location :seoul", "schema:location :seol")
    _assert_refused(_build(runner, mini), mini, previous_build, "mini.ttl:", "'seol' is used but never defined")


def test_broken_metadata_syntax(mini, runner, previous_build):
    _replace(mini["seeds"] / "mini.toml", 'kind = "news"', 'kind = "news')
    _assert_refused(_build(runner, mini), mini, previous_build, "mini.toml:2:", "malformed metadata")


def test_metadata_with_unknown_kind(mini, runner, previous_build):
    _replace(mini["seeds"] / "mini.toml", 'kind = "news"', 'kind = "rumour"')
    _assert_refused(_build(runner, mini), mini, previous_build, "mini.toml:2:", "kind must be one of")


def test_metadata_with_bad_date(mini, runner, previous_build):
    _replace(mini["seeds"] / "mini.toml", 'date = "2021-03"', 'date = "March 2021"')
    _assert_refused(_build(runner, mini), mini, previous_build, "mini.toml:4:", "YYYY")


def test_boilerplate_marker_not_in_text(mini, runner, previous_build):
    _replace(mini["seeds"] / "mini.toml", "Related posts", "Related stories")
    _assert_refused(_build(runner, mini), mini, previous_build, "mini.toml:7:", "is not in the document")


def test_non_utf8_document(mini, runner, previous_build):
    path = mini["seeds"] / "mini.txt"
    path.write_bytes(path.read_bytes().replace(b"Seoul on", "Seoul\xe9on".encode("latin-1")))
    _assert_refused(_build(runner, mini), mini, previous_build, "mini.txt:3:", "not UTF-8")


def test_empty_document(mini, runner, previous_build):
    (mini["seeds"] / "mini.txt").write_text("  \n\n", encoding="utf-8")
    _assert_refused(_build(runner, mini), mini, previous_build, "mini.txt:1:", "empty document")


def test_curated_file_for_an_unknown_document(mini, runner, previous_build):
    (mini["curated"] / "ghost.ttl").write_text("", encoding="utf-8")
    _assert_refused(_build(runner, mini), mini, previous_build, "ghost.ttl", "names no known document")


def test_missing_seeds_folder(tmp_path, runner):
    result = invoke(runner, "build", "--seeds", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "nowhere" in result.output
    assert not (tmp_path / "out").exists()


def test_a_folders_readme_is_no_article(tmp_path):
    """Regression (dev set): the corpus folder's README.md was read as an article, and its description of the
    corpus gave entities ("RDF", "PyYAML") and events. A folder's README, LICENSE … are left out with a note; named
    on the command line, the same file is read."""
    from graph.corpus import load_paths

    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("README.md", "LICENSE.txt", "visit.txt"):
        (folder / name).write_text("Notes\n\nSok Vanna visited Japan in 2019.\n", encoding="utf-8")
    documents, problems = load_paths([folder])
    assert [d.path.name for d in documents] == ["visit.txt"]
    assert [p.split(": ", 1)[0] for p in problems] == [str(folder / "LICENSE.txt"), str(folder / "README.md")]
    assert all("not an article; not read (name the file itself to read it)" in p for p in problems)
    documents, problems = load_paths([folder / "README.md"])
    assert [d.path.name for d in documents] == ["README.md"] and not problems
