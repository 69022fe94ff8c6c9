"""Another RDF toolkit (Apache Jena's riot) accepts every output file."""

from __future__ import annotations

import jena
import pytest


@pytest.mark.parametrize("name,syntax", [
    ("graph.ttl", []), ("graph.trig", []), ("graph.nq", []), ("graph.jsonld", ["--syntax=jsonld10"]),
])
def test_jena_riot_accepts_the_output(built, tmp_path_factory, name, syntax):
    jena.require()
    result = jena.run("riot", ["--validate", "--strict", *syntax, str(built / name)], tmp_path_factory.getbasetemp())
    assert result.returncode == 0, result.stderr
    assert "ERROR" not in result.stderr and "WARN" not in result.stderr, result.stderr


def test_jena_riot_counts_the_same_statements(built, tmp_path_factory):
    jena.require()
    result = jena.run("riot", ["--count", str(built / "graph.nq")], tmp_path_factory.getbasetemp())
    assert result.returncode == 0, result.stderr
    lines = (built / "graph.nq").read_text(encoding="utf-8").count("\n")
    assert f"Quads = {lines:,}" in result.stdout + result.stderr


def test_riot_rejects_a_broken_file(tmp_path, tmp_path_factory):
    """The check above can fail: riot does reject an ill-formed literal."""
    jena.require()
    bad = tmp_path / "bad.nt"
    bad.write_text('<http://a/s> <http://a/p> "x"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n', encoding="utf-8")
    result = jena.run("riot", ["--validate", "--strict", str(bad)], tmp_path_factory.getbasetemp())
    assert result.returncode != 0
