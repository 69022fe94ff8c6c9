"""The SPARQL checks' Python fast paths (graph.validate.FAST_CHECKS) find the rows their queries find: on the seed
graph, on injected faults they decide themselves, and on the cases they leave to the query."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import graph.validate as validate
from graph.build import SHAPES_FILE
from graph.shacl import Data

CHECKS = SHAPES_FILE.parent / "checks"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
BOILERPLATE = ox.NamedNode("https://bilat.example/ontology#boilerplate")


@pytest.fixture(scope="module")
def seed_quads(built) -> set[ox.Quad]:
    return set(ox.parse(path=built / "graph.nq", format=ox.RdfFormat.N_QUADS))


def _by_query(quads, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(validate, "FAST_CHECKS", {})
        return validate.run_checks(quads, CHECKS)


def _fast_rows(quads) -> dict[str, object]:
    data = Data(quads, validate.CHECKED)
    return {name: check(data) for name, check in validate.FAST_CHECKS.items()}


def _first_position(quads: set[ox.Quad]) -> ox.Quad:
    """The oa:start statement of the first position selector (in sorted order)."""
    selectors = {q.subject for q in quads if q.predicate.value.endswith("#type")
                 and q.object.value == OA + "TextPositionSelector"}
    return min((q for q in quads if q.predicate.value == OA + "start" and q.subject in selectors), key=str)


def _replace_first(quads: set[ox.Quad], predicate: str, change) -> set[ox.Quad]:
    """``quads`` with the object of the first statement of ``predicate`` about a selector (in sorted order)
    changed. (Boilerplate spans have offsets too, which the quote check does not read.)"""
    selectors = {q.subject for q in quads if q.predicate.value.endswith("#type")
                 and q.object.value in (OA + "TextPositionSelector", OA + "TextQuoteSelector")}
    first = min((q for q in quads if q.predicate.value == predicate and q.subject in selectors), key=str)
    return (quads - {first}) | {ox.Quad(first.subject, first.predicate, change(first.object), first.graph_name)}


def _boilerplate_over_a_quote(quads: set[ox.Quad], start: str | None = None) -> set[ox.Quad]:
    """``quads`` and a boilerplate span of the first quote's document, over that quote's start (or from
    ``start``, as written)."""
    position = _first_position(quads)
    evidence = next(q.subject for q in quads
                    if q.predicate.value == OA + "hasSelector" and q.object == position.subject)
    source = next(q.object for q in quads if q.predicate.value == OA + "hasSource" and q.subject == evidence)
    span, graph = ox.NamedNode(source.value + "-boilerplate-test"), position.graph_name
    at = int(position.object.value)
    first = ox.Literal(start if start is not None else str(at), datatype=position.object.datatype)
    return quads | {ox.Quad(source, BOILERPLATE, span, graph),
                    ox.Quad(span, ox.NamedNode(OA + "start"), first, graph),
                    ox.Quad(span, ox.NamedNode(OA + "end"), ox.Literal(str(at + 1), datatype=position.object.datatype),
                            graph)}


def _shift(literal: ox.Literal) -> ox.Literal:
    return ox.Literal(str(int(literal.value) + 1), datatype=literal.datatype)


FAULTS = {  # fault → (the quads with it, which fast path decides it, or None where both leave it to the query)
    "start shifted": (lambda q: _replace_first(q, OA + "start", _shift), "quote-matches-offsets"),
    "end shifted": (lambda q: _replace_first(q, OA + "end", _shift), "quote-matches-offsets"),
    "quote changed": (lambda q: _replace_first(q, OA + "exact", lambda lit: ox.Literal(lit.value + " and more")),
                      "quote-matches-offsets"),
    "end past the text": (lambda q: _replace_first(q, OA + "end", lambda lit: ox.Literal(
        "99999999", datatype=lit.datatype)), None),
    "offset not canonical": (lambda q: _replace_first(q, OA + "start", lambda lit: ox.Literal(
        "0" + lit.value, datatype=lit.datatype)), None),
    "offset a decimal": (lambda q: _replace_first(q, OA + "start", lambda lit: ox.Literal(
        lit.value + ".0", datatype=ox.NamedNode(XSD + "decimal"))), None),
    "boilerplate over a quote": (_boilerplate_over_a_quote, "evidence-outside-boilerplate"),
    "boilerplate offset not canonical": (lambda q: _boilerplate_over_a_quote(q, "00"), None),
}


def test_the_seed_graph_has_no_row_either_way(seed_quads, monkeypatch):
    assert _fast_rows(seed_quads) == {name: set() for name in validate.FAST_CHECKS}
    assert validate.run_checks(seed_quads, CHECKS) == _by_query(seed_quads, monkeypatch) == []


@pytest.mark.parametrize("fault", FAULTS)
def test_an_injected_fault_is_found_as_the_query_finds_it(seed_quads, monkeypatch, fault):
    inject, decider = FAULTS[fault]
    quads = inject(seed_quads)
    found = validate.run_checks(quads, CHECKS)
    assert sorted(found, key=str) == sorted(_by_query(quads, monkeypatch), key=str)
    rows = _fast_rows(quads)
    if decider:
        assert rows[decider] and {(f.focus, f.value) for f in found if f.path == decider} == rows[decider]
    else:
        assert None in rows.values()  # left to the query


def test_validation_reports_the_same_either_way(seed_quads, monkeypatch):
    quads = _boilerplate_over_a_quote(_replace_first(seed_quads, OA + "start", _shift))
    fast = validate.validate_quads(quads, SHAPES_FILE)
    with monkeypatch.context() as patch:
        patch.setattr(validate, "FAST_CHECKS", {})
        assert validate.validate_quads(quads, SHAPES_FILE) == fast
    assert {f.path for f in fast.violations} >= set(validate.FAST_CHECKS)
