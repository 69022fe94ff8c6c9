"""`bilat build` on the seeds: every output, determinism, round trips through another RDF toolkit."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import rdflib
from conftest import DATA, invoke
from rdflib.compare import isomorphic

OUTPUTS = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.html", "summary.json")
RDFLIB_FORMATS = {"graph.trig": "trig", "graph.nq": "nquads", "graph.jsonld": "json-ld"}


def test_build_writes_every_format(built):
    for name in OUTPUTS:
        assert (built / name).stat().st_size > 0, name


def test_summary_counts_and_full_provenance(built):
    summary = json.loads((built / "summary.json").read_text())
    assert summary["documents"] == 5
    assert summary["facts_total"] > 250
    assert summary["facts_with_provenance"] == summary["facts_total"]
    assert summary["violations"] == 0
    assert summary["entities"]["people"] > 20


def test_two_builds_are_byte_identical(built, tmp_path, runner):
    again = tmp_path / "again"
    assert invoke(runner, "build", "--out", again).exit_code == 0
    for name in OUTPUTS:
        assert (again / name).read_bytes() == (built / name).read_bytes(), name


@pytest.fixture(scope="module")
def datasets(built):
    """Each quad format parsed by rdflib, an RDF toolkit independent of the Oxigraph serializer."""
    parsed = {}
    for name, fmt in RDFLIB_FORMATS.items():
        dataset = rdflib.Dataset()
        dataset.parse(built / name, format=fmt)
        parsed[name] = dataset
    return parsed


def _graphs(dataset: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    graphs: dict[str, rdflib.Graph] = {}
    for s, p, o, g in dataset.quads():
        graphs.setdefault(str(g), rdflib.Graph()).add((s, p, o))
    return graphs


def test_quad_formats_agree_graph_by_graph(datasets):
    reference = _graphs(datasets["graph.trig"])
    assert len(reference) >= 8
    for name in ("graph.nq", "graph.jsonld"):
        other = _graphs(datasets[name])
        assert sorted(other) == sorted(reference), name
        for graph_name, graph in reference.items():
            assert isomorphic(graph, other[graph_name]), (name, graph_name)


def test_turtle_is_the_union_of_the_named_graphs(built, datasets):
    union = rdflib.Graph()
    for s, p, o, _ in datasets["graph.trig"].quads():
        union.add((s, p, o))
    turtle = rdflib.Graph().parse(built / "graph.ttl", format="turtle")
    assert isomorphic(turtle, union)


def test_no_blank_nodes_in_output(built):
    assert "_:" not in (built / "graph.nq").read_text(encoding="utf-8")


def test_base_iri_is_configurable(tmp_path, runner):
    out = tmp_path / "out"
    result = invoke(runner, "build", "--out", out, "--base", "https://example.org/kg/")
    assert result.exit_code == 0, result.output
    text = (out / "graph.nq").read_text(encoding="utf-8")
    assert "<https://bilat.example/id/" not in text
    assert "<https://example.org/kg/hun-sen>" in text


def test_golden_evidence_of_the_mini_corpus(mini, runner):
    """Quotes become evidence with the right code-point offsets (Hangul before the quote), as hand-checked."""
    result = invoke(runner, "build", "--seeds", mini["seeds"], "--curated", mini["curated"], "--out", mini["out"])
    assert result.exit_code == 0, result.output
    dataset = rdflib.Dataset().parse(mini["out"] / "graph.trig", format="trig")
    curated = dataset.graph(rdflib.URIRef("https://bilat.example/id/graph-curated-mini"))
    golden = rdflib.Graph().parse(DATA / "mini" / "expected-curated.ttl", format="turtle")
    assert isomorphic(rdflib.Graph() + curated, golden)


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "graph", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("bilat ")


def test_cli_imports_no_heavy_library():
    """`bilat --help` stays instant because the CLI module imports no RDF or validation library."""
    code = ("import sys, graph.cli; heavy = [m for m in ('rdflib', 'pyshacl', 'pyoxigraph', 'pandas', 'networkx') "
            "if m in sys.modules]; print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
