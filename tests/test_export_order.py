"""graph.export.write_graphs sorts N-Quads lines as bytes instead of quads by their terms' strings: the files it
streams must be the bytes that serializing the quads in sort_key's order gives, on the cases where text order and
term order could part (a literal that begins another, graph IRIs that begin others, a quote of " <" inside a
literal, characters outside ASCII, escapes)."""

from __future__ import annotations

import pyoxigraph as ox

from graph.export import FORMATS, canonical_quads, union_triples, write_graphs
from graph.namespaces import DEFAULT_BASE, serialization_prefixes

XSD = "http://www.w3.org/2001/XMLSchema#"


def _quads() -> set[ox.Quad]:
    base = DEFAULT_BASE
    subjects = [ox.NamedNode(base + name) for name in ("a", "a-b", "a/b", "ab", "é", "z")]
    predicates = [ox.NamedNode(base + name) for name in ("p", "p-q", "pq")]
    objects = [ox.Literal("abc"), ox.Literal("abc", language="en"), ox.Literal("abc", language="en-GB"),
               ox.Literal("abc d"), ox.Literal("ab"), ox.Literal("1.0", datatype=ox.NamedNode(XSD + "decimal")),
               ox.Literal("10", datatype=ox.NamedNode(XSD + "nonNegativeInteger")),
               ox.Literal('say " <b> \n\t \\ ok'), ox.Literal("ünïcödé 서울"), ox.NamedNode(base + "a"),
               ox.NamedNode(base + "a-b")]
    graphs = [ox.NamedNode(base + name) for name in ("graph-a", "graph-a-b", "graph-a.b", "graph-ab", "graph-é")]
    quads = set()
    for n, subject in enumerate(subjects):
        for m, predicate in enumerate(predicates):
            for k, term in enumerate(objects):
                quads.add(ox.Quad(subject, predicate, term, graphs[(n + m + k) % len(graphs)]))
                if (n + k) % 3 == 0:  # the same triple in a second graph: the merge holds it once
                    quads.add(ox.Quad(subject, predicate, term, graphs[(n + m + k + 1) % len(graphs)]))
    return quads


def test_streamed_files_are_the_bytes_of_the_sorted_quads(tmp_path):
    quads = _quads()
    written, triples = write_graphs(quads, tmp_path, DEFAULT_BASE)
    assert [path.name for path in written] == list(FORMATS)
    assert triples == len(union_triples(quads))
    prefixes = serialization_prefixes(DEFAULT_BASE)
    expected = {
        "graph.nq": ox.serialize(canonical_quads(quads), format=ox.RdfFormat.N_QUADS),
        "graph.trig": ox.serialize(canonical_quads(quads), format=ox.RdfFormat.TRIG, prefixes=prefixes),
        "graph.jsonld": ox.serialize(canonical_quads(quads), format=ox.RdfFormat.JSON_LD, prefixes=prefixes),
        "graph.ttl": ox.serialize(union_triples(quads), format=ox.RdfFormat.TURTLE, prefixes=prefixes),
    }
    for name, data in expected.items():
        assert (tmp_path / name).read_bytes() == data, name
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(FORMATS)  # no scratch file left
