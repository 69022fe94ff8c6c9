"""Builds at scale, in small: a document over the size limit is skipped unread and the rest is built; a rebuild
after one new article parses that article alone and writes what a clean build writes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import DATA, invoke

import graph.build as build_module
import graph.corpus as corpus
from graph.errors import BilatError

UNSEEN = DATA / "unseen"
NEW_ARTICLE = DATA / "quality" / "water-loan.txt"


@pytest.fixture
def docs_with_a_huge_file(tmp_path) -> Path:
    docs = Path(shutil.copytree(UNSEEN, tmp_path / "docs"))
    with open(docs / "huge.txt", "wb") as handle:
        handle.truncate(10_000_000)  # sparse: 10 MB on paper, nothing on disk
    return docs


def test_a_document_over_the_limit_is_skipped_unread(docs_with_a_huge_file, tmp_path, runner, monkeypatch):
    reading = corpus.read_text

    def read_text(path: Path) -> str:
        assert path.name != "huge.txt", "the file over the limit was read"
        return reading(path)

    monkeypatch.setattr(corpus, "read_text", read_text)
    out = tmp_path / "out"
    result = invoke(runner, "build", "--docs", docs_with_a_huge_file, "--out", out,
                    "--decisions", tmp_path / "decisions.ttl")
    assert result.exit_code == 0, result.output
    huge = docs_with_a_huge_file / "huge.txt"
    said = " ".join(result.output.split())  # the console wraps long lines
    assert f"skipped: {huge}: 10.0 MB is over the document size limit of 2 MiB; not read" in said
    assert "--max-document-size" in said
    assert "graph-extracted-summit" in (out / "graph.nq").read_text(encoding="utf-8")


def test_the_limit_is_an_option(tmp_path, runner):
    docs = Path(shutil.copytree(UNSEEN, tmp_path / "docs"))
    long = docs / "long.txt"
    long.write_text((UNSEEN / "summit.txt").read_text(encoding="utf-8") * 100, encoding="utf-8")
    result = invoke(runner, "build", "--docs", docs, "--out", tmp_path / "out", "--decisions",
                    tmp_path / "decisions.ttl", "--max-document-size", "50kB")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert f"skipped: {long}: {long.stat().st_size / 1000:.1f} kB is over the document size limit of 50.0 kB" \
        in said
    built = (tmp_path / "out" / "graph.nq").read_text(encoding="utf-8")
    assert "graph-extracted-long" not in built and "graph-extracted-summit" in built


def test_a_limit_that_is_not_a_size_is_refused(tmp_path, runner):
    result = invoke(runner, "build", "--out", tmp_path / "out", "--max-document-size", "lots")
    assert result.exit_code == 2
    assert "not a size: 'lots'" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("written", "size"), [
    ("2MiB", 2 * 2**20), ("2MB", 2_000_000), ("2 mb", 2_000_000), ("500kB", 500_000), ("1.5M", 1_500_000),
    ("64KiB", 65_536), ("2000000", 2_000_000), ("1GB", 10**9),
])
def test_sizes_are_read_as_written(written, size):
    assert corpus.parse_size(written) == size


@pytest.mark.parametrize("written", ["", "2 parsecs", "-1MB", "0", "MB"])
def test_a_size_must_be_a_positive_number_of_a_known_unit(written):
    with pytest.raises(BilatError):
        corpus.parse_size(written)


def test_a_seed_over_the_limit_stops_the_build(tmp_path, seeds_copy):
    first = sorted(seeds_copy.glob("*.txt"))[0]
    with pytest.raises(BilatError, match="over the document size limit") as raised:
        build_module.build(seeds=seeds_copy, out=tmp_path / "out", cache=None,
                           max_document_bytes=first.stat().st_size - 1)
    assert raised.value.path == first


def _files(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.is_file()}


def test_one_new_article_is_the_only_one_parsed(tmp_path):
    docs = Path(shutil.copytree(UNSEEN, tmp_path / "docs"))
    cache = tmp_path / "cache"
    first = build_module.build(docs=(docs,), out=tmp_path / "first", cache=cache)
    assert first.cache.misses == len(list(UNSEEN.glob("*.txt")))
    shutil.copy(NEW_ARTICLE, docs / NEW_ARTICLE.name)
    parsed = []
    extract = build_module.extract_document

    def counting(*args):
        parsed.append(args[-1].id)
        return extract(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_module, "extract_document", counting)
        again = build_module.build(docs=(docs,), out=tmp_path / "again", cache=cache)
    assert parsed == ["water-loan"]
    assert (again.cache.hits, again.cache.misses) == (first.cache.misses, 1)
    clean = build_module.build(docs=(docs,), out=tmp_path / "clean", cache=None)
    assert _files(tmp_path / "again") == _files(tmp_path / "clean")
    assert os.listdir(tmp_path / "again") == os.listdir(tmp_path / "clean")
    assert clean.summary == again.summary


def test_parsing_in_worker_processes_writes_the_same_bytes(tmp_path, monkeypatch):
    docs = Path(shutil.copytree(UNSEEN, tmp_path / "docs"))
    shutil.copy(NEW_ARTICLE, docs / NEW_ARTICLE.name)
    build_module.build(docs=(docs,), out=tmp_path / "one", cache=None, jobs=1)
    monkeypatch.setattr(build_module, "POOL_MIN_DOCUMENTS", 2)
    build_module.build(docs=(docs,), out=tmp_path / "two", cache=None, jobs=2)
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
