"""A build replaces its output folder as one set or not at all, whenever it is stopped; the default graph that
queries see is the merge of the named graphs, each triple once."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import invoke

import graph.export
import graph.store
from graph.build import build
from graph.errors import BilatError
from graph.export import OUTPUTS

NEW_BASE = "https://example.org/kg/"


def mini_build(mini, out: Path, base: str | None = None):
    extra = {"base": base} if base else {}
    return build(seeds=mini["seeds"], curated=mini["curated"], out=out, **extra)


def contents(out: Path) -> dict[str, object]:
    """Everything a reader of ``out`` can see: the file names, each file's bytes and the store's quads."""
    found: dict[str, object] = {"names": sorted(os.listdir(out))}
    for name in OUTPUTS:
        if name != graph.store.STORE_DIR:
            found[name] = (out / name).read_bytes()
    store = ox.Store.read_only(str(out / graph.store.STORE_DIR))
    found["store"] = sorted(map(str, store))
    del store
    return found


def strays(out: Path) -> list[str]:
    return sorted(path.name for path in out.parent.iterdir() if path != out)


@pytest.fixture
def references(mini, tmp_path) -> dict[str, dict]:
    """What the output folder holds after an uninterrupted build of the mini corpus with each base IRI."""
    found = {}
    for label, base in (("old", None), ("new", NEW_BASE)):
        folder = tmp_path / "references" / label
        mini_build(mini, folder, base)
        found[label] = contents(folder)
    assert found["old"] != found["new"]
    return found


def interrupt_at(monkeypatch, call: int) -> list[int]:
    """Raise KeyboardInterrupt at the ``call``-th (0-based) call of any step a build takes to write and swap its
    outputs; the list it returns counts the calls made."""
    made = [0]
    steps = [(os, "replace"), (os, "rename"), (os, "fsync"), (os, "chmod"), (shutil, "rmtree"),
             (graph.store, "write_store"), (graph.export, "_exchange")]
    for owner, name in steps:
        def step(*args, _original=getattr(owner, name), **kwargs):
            made[0] += 1
            if made[0] - 1 == call:
                raise KeyboardInterrupt
            return _original(*args, **kwargs)
        monkeypatch.setattr(owner, name, step)
    return made


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_an_interrupted_build_leaves_the_old_outputs_or_the_new(mini, tmp_path, monkeypatch, references, exchange):
    if not exchange:  # the fallback for systems without an atomic exchange of two folders
        monkeypatch.setattr(graph.export, "_exchange", lambda a, b: False)
    out = tmp_path / "work" / "out"
    seen = set()
    for call in range(200):
        mini_build(mini, out)  # also cleans up what the interrupted build before it left
        assert contents(out) == references["old"] and strays(out) == []
        with monkeypatch.context() as patches:
            made = interrupt_at(patches, call)
            with contextlib.suppress(KeyboardInterrupt):
                mini_build(mini, out, NEW_BASE)
        finished = made[0] <= call
        if out.exists():
            state = "new" if contents(out) == references["new"] else "old"
            assert contents(out) == references[state], call
        else:  # only between the two renames of the fallback: whatever comes next puts the old outputs back
            assert not exchange and ".out.old" in strays(out)
            with pytest.raises(KeyboardInterrupt), graph.export.new_outputs(out):
                raise KeyboardInterrupt
            assert contents(out) == references["old"] and strays(out) == []
            state = "set aside"
        seen.add(state)
        if finished:
            break
    assert finished and state == "new"
    assert seen == ({"old", "new", "set aside"} if not exchange else {"old", "new"})
    mini_build(mini, out, NEW_BASE)
    assert strays(out) == []


def test_build_into_a_missing_nested_folder(mini, tmp_path, references):
    out = tmp_path / "not" / "yet" / "there"
    mini_build(mini, out)
    assert contents(out) == references["old"] and strays(out) == []


def test_a_folder_with_other_files_is_refused_and_left_alone(mini, tmp_path):
    out = tmp_path / "work" / "out"
    mini_build(mini, out)
    (out / "notes.txt").write_text("mine")
    before = contents(out)
    with pytest.raises(BilatError, match="notes.txt"):
        mini_build(mini, out, NEW_BASE)
    assert contents(out) == before and strays(out) == []


def test_what_an_earlier_version_left_inside_the_folder_goes(mini, tmp_path, references):
    out = tmp_path / "out"
    (out / ".store-new").mkdir(parents=True)
    (out / ".graph.ttl.k2j4x").write_text("half")
    mini_build(mini, out)
    assert contents(out) == references["old"]


@pytest.fixture(scope="module")
def triples(built) -> int:
    return json.loads((built / "summary.json").read_text())["triples"]


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("source", ["store", "trig"])
def test_the_default_graph_counts_each_triple_once(built, runner, triples, source):
    where = ["--out", built] if source == "store" else ["--graph", built / "graph.trig"]
    result = invoke(runner, "query", COUNT, *where, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["n", str(triples)]


def test_named_graphs_are_still_reached(built, runner):
    summary = json.loads((built / "summary.json").read_text())
    result = invoke(runner, "query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--out", built,
                    "--format", "csv")
    assert result.output.split() == ["n", str(summary["quads"])]
    assert summary["quads"] > summary["triples"]  # else this test would not tell a bag from a set


def test_the_notebook_api_counts_each_triple_once(built, triples):
    from graph.api import Graph

    kg = Graph.load(built)
    assert kg.query(COUNT)["n"].tolist() == [str(triples)]
    assert len(list(kg.rdflib().query(COUNT))) == 1
    assert int(next(iter(kg.rdflib().query(COUNT)))[0]) == triples


def test_describe_lists_each_triple_once(built, runner):
    result = invoke(runner, "query", "DESCRIBE :hun-sen", "--out", built)
    assert result.exit_code == 0, result.output
    described = list(ox.parse(result.output.encode(), format=ox.RdfFormat.TURTLE))
    assert len(described) == len(set(described)) > 10
    store = graph.store.trig_store(built / "graph.trig")
    assert len(list(store.query("DESCRIBE <https://bilat.example/id/hun-sen>"))) == len(described)
