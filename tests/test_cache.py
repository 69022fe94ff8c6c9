"""The extraction cache: a second build of the same documents parses nothing and writes the same bytes; a changed
document, metadata or rules file is parsed again, and only what changed; review decisions need no parse; an entry
that cannot be read is a miss; a folder others may write to is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, invoke

import graph.build as build_module
from graph.cache import default_folder
from graph.errors import BilatError
from graph.extraction.rules import RULES_FILE
from graph.store import open_store

UNSEEN = DATA / "unseen"
DOCUMENTS = len(list(UNSEEN.glob("*.txt")))


def _build(docs: Path, out: Path, cache: Path | None, **options):
    return build_module.build(docs=(docs,), out=out, cache=cache, **options)


class _NoParsing:
    """Stands in for the extractor where a build must parse nothing: loading it fails the build."""

    def __init__(self, *args, **kwargs):
        raise AssertionError("the extractor was loaded, so a document was about to be parsed")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The unseen documents built three times: cold cache, warm cache (with the extractor unusable) and no cache."""
    root = tmp_path_factory.mktemp("cache")
    docs = Path(shutil.copytree(UNSEEN, root / "docs"))
    cache = root / "cache"
    cold = _build(docs, root / "cold", cache)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("graph.extraction.extractor.Extractor", _NoParsing)
        warm = _build(docs, root / "warm", cache)
    plain = _build(docs, root / "plain", None)
    return {"root": root, "docs": docs, "cache": cache, "cold": cold, "warm": warm, "plain": plain}


def _warm_copy(builds, tmp_path) -> tuple[Path, Path]:
    """The documents and the warm cache, copied so that a test may change them."""
    docs = Path(shutil.copytree(builds["docs"], tmp_path / "docs"))
    return docs, Path(shutil.copytree(builds["cache"], tmp_path / "cache"))


def _files(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.is_file()}


def _store_quads(out: Path) -> list[str]:
    return sorted(str(quad) for quad in open_store(out).quads_for_pattern(None, None, None, None))


def test_a_first_build_parses_every_document(builds):
    cache = builds["cold"].cache
    assert (cache.hits, cache.misses) == (0, DOCUMENTS)


def test_a_second_build_parses_nothing(builds):
    cache = builds["warm"].cache
    assert (cache.hits, cache.misses) == (DOCUMENTS, 0)


def test_outputs_are_the_same_bytes_with_and_without_the_cache(builds):
    root = builds["root"]
    plain = _files(root / "plain")
    assert set(plain) >= {"graph.trig", "graph.nq", "graph.ttl", "graph.jsonld", "graph.html", "summary.json"}
    assert _files(root / "cold") == plain
    assert _files(root / "warm") == plain
    # RocksDB's own files (ids, logs) differ from one build to the next whatever the input: compare the contents.
    assert _store_quads(root / "warm") == _store_quads(root / "plain")


def test_a_changed_text_or_metadata_is_parsed_again_and_nothing_else(builds, tmp_path):
    docs, cache = _warm_copy(builds, tmp_path)
    summit = docs / "summit.txt"
    summit.write_text(summit.read_text(encoding="utf-8") + "\nThe two leaders met again in Seoul.\n",
                      encoding="utf-8")
    # Metadata changes what is extracted (its date dates the events), so it is part of the key.
    (docs / "hostile.toml").write_text('title = "Hostile"\nkind = "news"\nlanguage = "en"\ndate = "2025-03"\n',
                                       encoding="utf-8")
    result = _build(docs, tmp_path / "out", cache)
    assert (result.cache.hits, result.cache.misses) == (DOCUMENTS - 2, 2)
    assert "met again in Seoul" in (tmp_path / "out" / "graph.trig").read_text(encoding="utf-8")


def test_a_change_of_rules_parses_everything_again(builds, tmp_path, monkeypatch):
    docs, cache = _warm_copy(builds, tmp_path)
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES_FILE.read_text(encoding="utf-8") + "\n# a comment is a change of the file\n",
                     encoding="utf-8")
    monkeypatch.setattr("graph.extraction.rules.RULES_FILE", rules)
    result = _build(docs, tmp_path / "out", cache)
    assert (result.cache.hits, result.cache.misses) == (0, DOCUMENTS)


def test_an_unreadable_entry_is_parsed_again(builds, tmp_path):
    docs, cache = _warm_copy(builds, tmp_path)
    truncated, foreign, *_ = sorted((cache / "extraction").iterdir())
    truncated.write_bytes(truncated.read_bytes()[:40])
    foreign.write_bytes(b"not a pickle at all")
    result = _build(docs, tmp_path / "out", cache)
    assert (result.cache.hits, result.cache.misses) == (DOCUMENTS - 2, 2)
    assert _files(tmp_path / "out") == _files(builds["root"] / "plain")
    with pytest.MonkeyPatch.context() as patch:  # the entries were written again
        patch.setattr("graph.extraction.extractor.Extractor", _NoParsing)
        assert _build(docs, tmp_path / "again", cache).cache.misses == 0


def test_a_review_decision_needs_no_parse(builds, tmp_path, runner):
    docs, cache = _warm_copy(builds, tmp_path)
    graph = builds["root"] / "plain" / "graph.trig"
    listing = invoke(runner, "review", "--graph", graph).output
    meeting = next(line.split()[1] for line in listing.splitlines() if "Hun Manet met" in line)
    decisions = tmp_path / "decisions.ttl"
    rejected = invoke(runner, "review", "reject", meeting, "--reason", "test", "--graph", graph,
                      "--decisions", decisions, "--reviewer", "tester")
    assert rejected.exit_code == 0, rejected.output
    out = tmp_path / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("graph.extraction.extractor.Extractor", _NoParsing)
        result = invoke(runner, "build", "--docs", docs, "--out", out, "--decisions", decisions, "--cache", cache)
    assert result.exit_code == 0, result.output
    assert f"{DOCUMENTS} document(s) reused, 0 parsed" in result.output
    assert f"x-{meeting}>" not in (out / "graph.nq").read_text(encoding="utf-8")


def test_no_cache_reads_and_writes_none(builds, tmp_path, runner, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("BILAT_CACHE", str(cache))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.txt").write_text("Envoys met in Phnom Penh.\n", encoding="utf-8")
    result = invoke(runner, "build", "--docs", docs, "--out", tmp_path / "out", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "extraction cache" not in result.output
    assert not cache.exists()


def test_a_cache_others_may_write_to_is_refused(builds, tmp_path):
    docs, cache = _warm_copy(builds, tmp_path)
    (cache / "extraction").chmod(0o777)
    with pytest.raises(BilatError, match="others may write to it") as raised:
        _build(docs, tmp_path / "out", cache)
    assert raised.value.path == cache / "extraction"
    assert not (tmp_path / "out").exists()


def test_a_cache_inside_the_output_folder_is_refused(tmp_path):
    with pytest.raises(BilatError, match="output folder"):
        _build(UNSEEN, tmp_path / "out", tmp_path / "out" / "cache")


@pytest.mark.parametrize(("environ", "expected"), [
    ({"BILAT_CACHE": "/srv/bilat-cache"}, Path("/srv/bilat-cache")),
    ({"BILAT_CACHE": "OFF", "XDG_CACHE_HOME": "/xdg"}, None),
    ({"XDG_CACHE_HOME": "/xdg"}, Path("/xdg/bilat")),
    ({"XDG_CACHE_HOME": "relative/ignored"}, Path.home() / ".cache" / "bilat"),
    ({}, Path.home() / ".cache" / "bilat"),
])
def test_the_default_folder_follows_the_environment(environ, expected):
    assert default_folder(environ) == expected


PAGE = """<html><head><title>Seoul lends Cambodia $40 million for a water plant</title></head><body>
<nav><ul><li><a href="/world">World</a></li><li><a href="/asia">Asia</a></li></ul></nav>
<article><h1>Seoul lends Cambodia $40 million for a water plant</h1>
<p>PHNOM PENH, May 3, 2024 – The Export-Import Bank of Korea lent Cambodia $40 million on Friday for a water
treatment plant in Siem Reap, the Ministry of Economy and Finance said.</p>
<p>Minister Aun Pornmoniroth met Ambassador Park Heung-kyeong in Phnom Penh to sign the loan agreement.</p>
</article><aside><h3>Related posts</h3><ul><li><a href="/t">Thai border reopens</a></li></ul></aside>
</body></html>"""


def test_a_web_page_is_reduced_to_its_text_once(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "loan.html").write_text(PAGE, encoding="utf-8")
    cache = tmp_path / "cache"
    first = _build(docs, tmp_path / "first", cache)
    assert (first.cache.page_hits, first.cache.page_misses) == (0, 1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("graph.corpus.html_to_text", _NoParsing)
        patch.setattr("graph.extraction.extractor.Extractor", _NoParsing)
        again = _build(docs, tmp_path / "again", cache)
    assert (again.cache.page_hits, again.cache.page_misses) == (1, 0)
    assert _files(tmp_path / "again") == _files(tmp_path / "first")
    assert "Aun Pornmoniroth met" in (tmp_path / "again" / "graph.trig").read_text(encoding="utf-8")


def test_page_texts_others_may_write_to_are_refused(tmp_path):
    cache = tmp_path / "cache"
    (cache / "pages").mkdir(parents=True)
    (cache / "pages").chmod(0o777)
    with pytest.raises(BilatError, match="others may write to it") as raised:
        _build(UNSEEN, tmp_path / "out", cache)
    assert raised.value.path == cache / "pages"
