"""The SPARQL checks' Python fast path (graph.validate.FAST_CHECKS) finds the rows their queries find: on the seed
graph, on injected faults it decides itself, and on the cases it leaves to the query."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import graph.validate as validate
from graph.build import SHAPES_FILE

CHECKS = SHAPES_FILE.parent / "checks"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def seed_quads(built) -> set[ox.Quad]:
    return set(ox.parse(path=built / "graph.nq", format=ox.RdfFormat.N_QUADS))


def _by_query(quads, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(validate, "FAST_CHECKS", {})
        return validate.run_checks(quads, CHECKS)


def _replace_first(quads: set[ox.Quad], predicate: str, change) -> set[ox.Quad]:
    """``quads`` with the object of the first statement of ``predicate`` about a selector (in sorted order)
    changed. (Boilerplate spans have offsets too, which the check does not read.)"""
    selectors = {q.subject for q in quads if q.predicate.value.endswith("#type")
                 and q.object.value in (OA + "TextPositionSelector", OA + "TextQuoteSelector")}
    first = min((q for q in quads if q.predicate.value == predicate and q.subject in selectors), key=str)
    return (quads - {first}) | {ox.Quad(first.subject, first.predicate, change(first.object), first.graph_name)}


def _shift(literal: ox.Literal) -> ox.Literal:
    return ox.Literal(str(int(literal.value) + 1), datatype=literal.datatype)


FAULTS = {
    "start shifted": (OA + "start", _shift, True),
    "end shifted": (OA + "end", _shift, True),
    "quote changed": (OA + "exact", lambda literal: ox.Literal(literal.value + " and more"), True),
    "end past the text": (OA + "end", lambda literal: ox.Literal("99999999", datatype=literal.datatype), False),
    "offset not canonical": (OA + "start", lambda literal: ox.Literal("0" + literal.value,
                                                                        datatype=literal.datatype), False),
    "offset a decimal": (OA + "start", lambda literal: ox.Literal(literal.value + ".0",
                                                                  datatype=ox.NamedNode(XSD + "decimal")), False),
}


def test_the_seed_graph_has_no_row_either_way(seed_quads, monkeypatch):
    assert validate.quote_offsets_rows(seed_quads) == set()
    assert validate.run_checks(seed_quads, CHECKS) == _by_query(seed_quads, monkeypatch) == []


@pytest.mark.parametrize("fault", FAULTS)
def test_an_injected_fault_is_found_as_the_query_finds_it(seed_quads, monkeypatch, fault):
    predicate, change, decided = FAULTS[fault]
    quads = _replace_first(seed_quads, predicate, change)
    fast = validate.run_checks(quads, CHECKS)
    assert fast == _by_query(quads, monkeypatch)
    rows = validate.quote_offsets_rows(quads)
    if decided:
        assert rows and {finding.focus for finding in fast} >= {focus for focus, _value in rows}
    else:
        assert rows is None  # left to the query
