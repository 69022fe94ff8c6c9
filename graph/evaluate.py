"""Self-measurement: how much of the curated graph of the seeds does extraction alone recover, and how much of
what it proposes is right? Precision and recall per kind of fact.

Matching is deliberately simple and explainable:
- entities: an extracted entity matches a curated one when one of its names equals one of the curated entity's
  labels (preferred, alternative or hidden), ignoring case and a leading "the";
- roles: the same person (by name) holding a post of the same role;
- events: an extracted event whose sentence overlaps the quote of a curated event or claim in the same document;
- quotations: the same, against the curated quotations;
- figures: the same number (value or bound) stated in the same document.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from graph.query import select
from graph.store import memory_store

ENTITY_CLASSES = "schema:Person org:FormalOrganization schema:Country schema:Place"


@dataclass(frozen=True)
class Score:
    kind: str
    curated: int
    extracted: int
    recalled: int  # curated items matched by some extracted item
    correct: int  # extracted items matching some curated item

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.recalled / self.curated if self.curated else 0.0


def evaluate(seeds: Path, curated: Path) -> list[Score]:
    from graph.assemble import assemble
    from graph.build import ONTOLOGY_FILE, extracted_quads
    from graph.corpus import load_corpus

    documents = load_corpus(seeds)
    gold = assemble(documents, curated, ONTOLOGY_FILE).quads
    machine = assemble(documents, None, ONTOLOGY_FILE).quads
    machine |= extracted_quads(documents, machine, None, review_triples=[])
    gold_store, machine_store = memory_store(gold), memory_store(machine)
    return [_entities(gold_store, machine_store), _roles(gold_store, machine_store),
            _events(gold_store, machine_store), _quotations(gold_store, machine_store),
            _figures(gold_store, machine_store)]


def _rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(row.values()) for row in select(store, query)]


def _norm(name: str) -> str:
    name = name.lower().replace("’", "'").strip()
    return name[4:] if name.startswith("the ") else name


def _score(kind: str, gold: dict[str, set], found: dict[str, set]) -> Score:
    """``gold`` and ``found`` map item ids to their match keys; items match when they share a key."""
    gold_keys = {key: item for item, keys in gold.items() for key in keys}
    recalled = {gold_keys[key] for keys in found.values() for key in keys if key in gold_keys}
    correct = sum(1 for keys in found.values() if keys & gold_keys.keys())
    return Score(kind, len(gold), len(found), len(recalled), correct)


def _entities(gold: ox.Store, machine: ox.Store) -> Score:
    query = f"""SELECT ?e ?name WHERE {{ VALUES ?class {{ {ENTITY_CLASSES} }} ?e a ?class ; bo:evidence ?ev .
                 ?e skos:prefLabel|skos:altLabel|skos:hiddenLabel ?name }}"""
    def names(store):
        found: dict[str, set] = {}
        for entity, name in _rows(store, query):
            found.setdefault(entity, set()).add(_norm(name))
        return found
    return _score("entities", names(gold), names(machine))


def _roles(gold: ox.Store, machine: ox.Store) -> Score:
    query = """SELECT ?h ?name ?role WHERE { ?h a bo:PostHolding ; org:member ?p ; bo:post/org:role ?role .
                 ?p skos:prefLabel|skos:altLabel ?name }"""
    def holdings(store):
        found: dict[str, set] = {}
        for holding, name, role in _rows(store, query):
            found.setdefault(holding, set()).add((_norm(name), role))
        return found
    return _score("roles (post holdings)", holdings(gold), holdings(machine))


def _spans(store: ox.Store, classes: str) -> dict[str, set]:
    query = f"""SELECT ?f ?doc ?start ?end WHERE {{ VALUES ?class {{ {classes} }} ?f a/rdfs:subClassOf* ?class ;
                 bo:evidence ?ev . ?ev oa:hasSource ?doc ; oa:hasSelector ?s . ?s oa:start ?start ; oa:end ?end }}"""
    found: dict[str, set] = {}
    for fact, doc, start, end in _rows(store, query):
        found.setdefault(fact, set()).add((doc, int(start), int(end)))
    return found


def _events(gold: ox.Store, machine: ox.Store) -> Score:
    return _overlapping("events and relations", _spans(gold, "bo:Event bo:Claim bo:Agreement bo:Financing bo:Project"),
                        _spans(machine, "bo:Event bo:Claim bo:Agreement bo:Financing"))


def _quotations(gold: ox.Store, machine: ox.Store) -> Score:
    return _overlapping("quotations", _spans(gold, "bo:Quotation"), _spans(machine, "bo:Quotation"))


def _overlapping(kind: str, gold_spans: dict[str, set], found_spans: dict[str, set]) -> Score:
    """Span overlap is not a key equality, so the matching is done pairwise here."""
    def overlaps(a: set, b: set) -> bool:
        return any(d1 == d2 and s1 < e2 and s2 < e1 for d1, s1, e1 in a for d2, s2, e2 in b)
    recalled = sum(1 for spans in gold_spans.values() if any(overlaps(spans, f) for f in found_spans.values()))
    correct = sum(1 for spans in found_spans.values() if any(overlaps(spans, g) for g in gold_spans.values()))
    return Score(kind, len(gold_spans), len(found_spans), recalled, correct)


def _figures(gold: ox.Store, machine: ox.Store) -> Score:
    query = """SELECT ?f ?doc ?value WHERE { VALUES ?class { bo:Observation schema:MonetaryAmount } ?f a ?class ;
                 schema:value|schema:minValue|schema:maxValue ?value . OPTIONAL { ?f bo:evidence/oa:hasSource ?d1 }
                 OPTIONAL { ?owner bo:amount ?f ; bo:evidence/oa:hasSource ?d2 } BIND(COALESCE(?d1, ?d2) AS ?doc) }"""
    def figures(store):
        found: dict[str, set] = {}
        for figure, doc, value in _rows(store, query):
            try:
                found.setdefault(figure, set()).add((doc, Decimal(value).normalize()))
            except InvalidOperation:
                continue
        return found
    return _score("figures", figures(gold), figures(machine))
