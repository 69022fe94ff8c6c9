"""The up-to-date check (graph.uptodate): a rebuild with nothing changed redoes no stage and leaves every output
file as it was, byte for byte and untouched; a change to any input, a damaged output or a build without the cache
redoes the build, and writes what a clean build of the same inputs writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, invoke

import graph.build as build_module
from graph.stages import STAGES

NEW_BASE = "https://example.org/kg/"


@pytest.fixture
def corpus(mini, tmp_path) -> dict[str, Path]:
    """The mini corpus (curated) plus one document to extract, a cache, and a decisions file of its own."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(DATA / "unseen" / "summit.txt", docs)
    return {**mini, "docs": docs, "cache": tmp_path / "cache", "decisions": tmp_path / "decisions.ttl"}


def _build(corpus, out: Path | None = None, cache: object = "default", **options):
    return build_module.build(seeds=corpus["seeds"], curated=corpus["curated"], docs=(corpus["docs"],),
                              out=out or corpus["out"], cache=corpus["cache"] if cache == "default" else cache,
                              decisions=corpus["decisions"], **options)


def _files(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.is_file()}


def _untouched(out: Path) -> dict[str, tuple]:
    """Every file under ``out``, the store's too, with its bytes, inode and modification time: a file rewritten
    with the same bytes still shows."""
    return {str(path.relative_to(out)): (path.read_bytes(), path.stat().st_ino, path.stat().st_mtime_ns)
            for path in sorted(out.rglob("*")) if path.is_file()}


def _refuse(*args, **kwargs):
    raise AssertionError("a stage ran in a build that had nothing to redo")


def test_an_unchanged_rebuild_redoes_nothing_and_touches_no_file(corpus, monkeypatch):
    first = _build(corpus)
    assert not first.up_to_date
    before = _untouched(corpus["out"])
    for name in ("assemble", "finalize"):
        monkeypatch.setattr(f"graph.assemble.{name}", _refuse)
    monkeypatch.setattr(build_module, "extract_document", _refuse)
    monkeypatch.setattr("graph.validate.validate_quads", _refuse)
    monkeypatch.setattr("graph.export.new_outputs", _refuse)
    again = _build(corpus)
    assert again.up_to_date
    assert set(again.stages.wall) == {"read"}
    assert _untouched(corpus["out"]) == before
    assert (again.summary, again.report, again.written, again.skipped) == \
        (first.summary, first.report, first.written, first.skipped)


def test_the_profile_shows_no_stage_redone(corpus, runner):
    common = ("build", "--seeds", corpus["seeds"], "--curated", corpus["curated"], "--docs", corpus["docs"],
              "--decisions", corpus["decisions"], "--cache", corpus["cache"], "--out", corpus["out"], "--profile")
    assert invoke(runner, *common).exit_code == 0
    again = invoke(runner, *common)
    assert again.exit_code == 0, again.output
    assert "Up to date" in again.output
    rows = {line.split("│")[1].strip(): line for line in again.output.splitlines() if line.count("│") > 3}
    assert all("—" in rows[stage] for stage in STAGES if stage != "read")
    assert "—" not in rows["read"]


def _edit_document(corpus):
    with (corpus["docs"] / "summit.txt").open("a", encoding="utf-8") as stream:
        stream.write("\nThe two leaders met again in Seoul on 3 June 2024.\n")
    return {}


def _edit_curated(corpus):
    path = corpus["curated"] / "mini.ttl"
    text = path.read_text(encoding="utf-8")
    assert '"Sok Dara"@en ;' in text
    path.write_text(text.replace('"Sok Dara"@en ;', '"Sok Dara"@en ; skos:altLabel "Dara Sok"@en ;'), encoding="utf-8")
    return {}


def _edit_decisions(corpus):
    corpus["decisions"].write_text("# no decision yet\n", encoding="utf-8")
    return {}


def _other_base(corpus):
    return {"base": NEW_BASE}


def _allow_invalid(corpus):
    return {"allow_invalid": True}


@pytest.mark.parametrize("change", [_edit_document, _edit_curated, _edit_decisions, _other_base, _allow_invalid],
                         ids=lambda change: change.__name__.strip("_"))
def test_a_changed_input_rebuilds_as_a_clean_build_would(corpus, tmp_path, change):
    _build(corpus)
    options = change(corpus)
    again = _build(corpus, **options)
    assert not again.up_to_date
    assert "validate" in again.stages.wall and "store" in again.stages.wall
    clean = _build(corpus, out=tmp_path / "clean", cache=None, **options)
    assert _files(corpus["out"]) == _files(tmp_path / "clean")
    assert again.summary == clean.summary
    assert _build(corpus, **options).up_to_date  # and the rebuild is the one remembered


def _damage_a_file(out: Path) -> None:
    (out / "graph.ttl").write_bytes(b"")


def _drop_a_store_file(out: Path) -> None:
    next((out / "store").glob("*.sst")).unlink()


def _add_a_file(out: Path) -> None:
    (out / "store" / "000999.sst").write_bytes(b"stray")


@pytest.mark.parametrize("damage", [_damage_a_file, _drop_a_store_file, _add_a_file],
                         ids=lambda damage: damage.__name__.strip("_"))
def test_damaged_outputs_are_built_again(corpus, damage):
    _build(corpus)
    files = _files(corpus["out"])
    damage(corpus["out"])
    again = _build(corpus)
    assert not again.up_to_date
    assert _files(corpus["out"]) == files


def test_a_build_without_the_cache_redoes_everything(corpus):
    _build(corpus)
    files = _files(corpus["out"])
    again = _build(corpus, cache=None)
    assert not again.up_to_date and "store" in again.stages.wall
    assert _files(corpus["out"]) == files
