"""Self-measurement: how much of the curated graph of the seeds does extraction alone recover, and how much of
what it proposes is right? Precision and recall per kind of fact, read from the RDF of the two graphs through
SPARQL (never from the extractor's objects, so any extractor that writes the ontology's shapes can be measured).

Each row states its matching rule (``Score.rule``); the headline figures are strict:
- entities: an extracted entity matches a curated one when one of its names equals one of the curated entity's
  labels (preferred, alternative or hidden), ignoring case and a leading "the";
- roles: the same person (by name) holding a post of the same role;
- events and relations (events, claims, agreements, financing, projects): an extracted fact is right when a
  curated fact of the same document has the same kind and the same arguments (below);
- quotations: the same document, overlapping text and the same speaker;
  for these two rows, recall is a maximum one-to-one matching: an extracted fact recalls one curated fact at
  most (precision does not count a fact extracted twice against it);
- figures: the same number (value or bound) stated in the same document.
Events and quotations also carry a lenient figure, for comparison only: the extracted fact's sentence overlaps a
curated fact's quote in the same document, whatever its kind and arguments.

Kind: the same class (``bo:Visit`` = ``bo:Visit``), or the same PLOVER type where both facts have one (a
``bo:Visit`` and a ``bo:Meeting`` that are both CONSULT). Classes are compared as asserted: a ``bo:Event`` is
not a ``bo:Meeting``.

Arguments: who acts and on whom, by class, as the ontology defines the properties:
- ``bo:Event`` and its subclasses: actors ``bo:actor`` (PLOVER source), targets ``bo:target`` (PLOVER target);
- ``bo:Financing`` and ``bo:Project``: actors ``bo:funder`` / ``schema:provider``, targets ``bo:recipient`` — the
  money goes from the one to the other, so a reversed direction is wrong;
- ``bo:Claim``: actors ``bo:claimant``, targets ``bo:about`` (what the claim is about);
- ``bo:Agreement`` and ``bo:DiplomaticMilestone`` bind or relate their ``bo:party`` members with no direction:
  their arguments are the unordered set of parties (an agreement's ``bo:participant`` are its signatories, who
  are not its parties);
- a fact that names no actor and no target (a meeting of its ``bo:participant``, a war between participants)
  has no direction either: its arguments are its participants, unordered.
Two directed facts need the same actors and the same targets; when either is undirected, the set of everyone
each names (actors and targets, or parties, or participants) must be the same. An event's participants are not
compared when it has an actor or a target: they are who was there, not who did what to whom. Two sets are the
same when each entity of one matches an entity of the other: the same IRI, or a shared label as entities are
matched above. An empty set matches only an empty set.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from graph.kinds import entity_kinds, kinds
from graph.namespaces import shorten
from graph.query import select
from graph.store import memory_store

FACT_CLASSES = "bo:Event bo:Claim bo:Agreement bo:Financing bo:Project"
OVERLAP_RULE = "the extracted sentence overlaps a curated quote in the same document"

# Class (or nearest ancestor listed) → properties of its actors and of its targets; None: unordered parties. From
# the registry of fact kinds (graph/rules/facts.toml), most specific first.
ARGUMENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]] | None] = {
    kind.cls: (kind.actors, kind.targets) if kind.directed else None for kind in kinds()}


@dataclass(frozen=True)
class Score:
    kind: str
    curated: int
    extracted: int
    recalled: int  # curated items matched by some extracted item
    correct: int  # extracted items matching some curated item
    rule: str  # when an extracted item matches a curated one
    lenient: Score | None = None  # the same items under a looser rule, shown beside the strict figures

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.recalled / self.curated if self.curated else 0.0


@dataclass(frozen=True)
class Fact:
    spans: frozenset[tuple[str, int, int]]  # (document, start, end) of each piece of evidence
    classes: frozenset[str]
    plover: frozenset[str]
    actors: frozenset[str]
    targets: frozenset[str]
    directed: bool


def evaluate(seeds: Path, curated: Path) -> list[Score]:
    """Scores of extraction alone on the documents of ``seeds`` against the graph curated for them."""
    from graph.assemble import assemble
    from graph.build import ONTOLOGY_FILE, extracted_quads
    from graph.corpus import load_corpus

    documents = load_corpus(seeds)
    gold = assemble(documents, curated, ONTOLOGY_FILE).quads
    machine = assemble(documents, None, ONTOLOGY_FILE).quads
    machine |= extracted_quads(documents, machine, None, review_triples=[])
    return score(memory_store(gold), memory_store(machine))


def score(gold: ox.Store, machine: ox.Store) -> list[Score]:
    """Scores of the ``machine`` graph against the ``gold`` graph (both holding the ontology)."""
    gold_names, machine_names = _names(gold), _names(machine)

    def same_entities(found: frozenset[str], wanted: frozenset[str]) -> bool:
        def same(a: str, b: str) -> bool:
            return a == b or bool(machine_names.get(a, set()) & gold_names.get(b, set()))
        return all(any(same(a, b) for b in wanted) for a in found) and \
            all(any(same(a, b) for a in found) for b in wanted)

    return [_entities(gold, machine), _roles(gold, machine), _events(gold, machine, same_entities),
            _quotations(gold, machine, same_entities), _figures(gold, machine)]


def _rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(row.values()) for row in select(store, query)]


def _norm(name: str) -> str:
    name = name.lower().replace("’", "'").strip()
    return name[4:] if name.startswith("the ") else name


def _names(store: ox.Store) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for node, name in _rows(store, "SELECT ?x ?name WHERE { ?x skos:prefLabel|skos:altLabel|skos:hiddenLabel ?name }"):
        found.setdefault(node, set()).add(_norm(name))
    return found


def _score(kind: str, rule: str, gold: dict[str, set], found: dict[str, set]) -> Score:
    """``gold`` and ``found`` map item ids to their match keys; items match when they share a key."""
    gold_keys = {key: item for item, keys in gold.items() for key in keys}
    recalled = {gold_keys[key] for keys in found.values() for key in keys if key in gold_keys}
    correct = sum(1 for keys in found.values() if keys & gold_keys.keys())
    return Score(kind, len(gold), len(found), len(recalled), correct, rule)


def _pairwise(kind: str, rule: str, gold: dict, found: dict, match, one_to_one: bool = True) -> Score:
    """For rules that are not a key equality (span overlap, sets of entities), items are compared in pairs.
    With ``one_to_one``, recall counts a maximum matching, each extracted item standing for one curated item at
    most: one vague "relations between Cambodia and Korea" must not recall every milestone of a document."""
    pairs = [(("gold", g), ("found", f)) for g, wanted in gold.items() for f, item in found.items()
             if match(item, wanted)]
    correct = len({f for _, f in pairs})
    if not one_to_one:
        return Score(kind, len(gold), len(found), len({g for g, _ in pairs}), correct, rule)
    import networkx as nx

    matching = nx.bipartite.maximum_matching(nx.Graph(pairs), top_nodes={g for g, _ in pairs})
    return Score(kind, len(gold), len(found), len(matching) // 2, correct, rule)


def _entities(gold: ox.Store, machine: ox.Store) -> Score:
    classes = " ".join(kind.cls for kind in entity_kinds() if kind.evaluated)
    query = f"""SELECT ?e ?name WHERE {{ VALUES ?class {{ {classes} }} ?e a ?class ; bo:evidence ?ev .
                 ?e skos:prefLabel|skos:altLabel|skos:hiddenLabel ?name }}"""
    def names(store):
        found: dict[str, set] = {}
        for entity, name in _rows(store, query):
            found.setdefault(entity, set()).add(_norm(name))
        return found
    return _score("entities", "a name equals a curated entity's label (case and a leading 'the' ignored)",
                  names(gold), names(machine))


def _roles(gold: ox.Store, machine: ox.Store) -> Score:
    query = """SELECT ?h ?name ?role WHERE { ?h a bo:PostHolding ; org:member ?p ; bo:post/org:role ?role .
                 ?p skos:prefLabel|skos:altLabel ?name }"""
    def holdings(store):
        found: dict[str, set] = {}
        for holding, name, role in _rows(store, query):
            found.setdefault(holding, set()).add((_norm(name), role))
        return found
    return _score("roles (post holdings)", "the same person (by name) in a post of the same role",
                  holdings(gold), holdings(machine))


def _spans(store: ox.Store, classes: str) -> dict[str, set]:
    query = f"""SELECT ?f ?doc ?start ?end WHERE {{ VALUES ?class {{ {classes} }} ?f a/rdfs:subClassOf* ?class ;
                 bo:evidence ?ev . ?ev oa:hasSource ?doc ; oa:hasSelector ?s . ?s oa:start ?start ; oa:end ?end }}"""
    found: dict[str, set] = {}
    for fact, doc, start, end in _rows(store, query):
        found.setdefault(fact, set()).add((doc, int(start), int(end)))
    return found


def _overlap(a: set, b: set) -> bool:
    return any(d1 == d2 and s1 < e2 and s2 < e1 for d1, s1, e1 in a for d2, s2, e2 in b)


def _facts(store: ox.Store) -> dict[str, Fact]:
    """Every event, claim, agreement, financing and project with its evidence, kind and arguments."""
    classes: dict[str, set] = {}
    families: dict[str, set] = {}
    query = f"""SELECT ?f ?class ?family WHERE {{ VALUES ?family {{ {' '.join(ARGUMENTS)} }}
                 ?f a ?class . ?class rdfs:subClassOf* ?family }}"""
    for fact, cls, family in _rows(store, query):
        classes.setdefault(fact, set()).add(cls)
        families.setdefault(fact, set()).add(shorten(family))
    plover: dict[str, set] = {}
    for fact, category in _rows(store, "SELECT ?f ?p WHERE { ?f bo:ploverType ?p }"):
        plover.setdefault(fact, set()).add(category)
    properties = {prop for pair in filter(None, ARGUMENTS.values()) for props in pair for prop in props}
    values: dict[tuple[str, str], set] = {}
    query = f"""SELECT ?f ?p ?e WHERE {{
                 VALUES ?p {{ {' '.join(sorted(properties | {"bo:party", "bo:participant"}))} }} ?f ?p ?e }}"""
    for fact, prop, entity in _rows(store, query):
        values.setdefault((fact, shorten(prop)), set()).add(entity)

    def of(fact: str, props) -> frozenset[str]:
        return frozenset().union(*(values.get((fact, prop), ()) for prop in props))

    facts = {}
    for fact, evidence in _spans(store, FACT_CLASSES).items():
        # ARGUMENTS lists the milestone before bo:Event, its superclass, so the nearer class decides
        mapping = ARGUMENTS[next(name for name in ARGUMENTS if name in families[fact])]
        actors, targets = (of(fact, mapping[0]), of(fact, mapping[1])) if mapping else (frozenset(), frozenset())
        directed = bool(actors or targets)
        if not directed:
            actors = of(fact, ("bo:participant",) if mapping else ("bo:party",))
        facts[fact] = Fact(frozenset(evidence), frozenset(classes[fact]), frozenset(plover.get(fact, ())),
                           actors, targets, directed)
    return facts


def _events(gold: ox.Store, machine: ox.Store, same_entities) -> Score:
    def match(found: Fact, wanted: Fact) -> bool:
        same_kind = bool(found.classes & wanted.classes) or bool(found.plover & wanted.plover)
        if not (same_kind and {d for d, _, _ in found.spans} & {d for d, _, _ in wanted.spans}):
            return False
        if found.directed and wanted.directed:
            return same_entities(found.actors, wanted.actors) and same_entities(found.targets, wanted.targets)
        return same_entities(found.actors | found.targets, wanted.actors | wanted.targets)

    kind = "events and relations"
    gold_facts, machine_facts = _facts(gold), _facts(machine)
    lenient = _pairwise(kind, OVERLAP_RULE, {f: g.spans for f, g in gold_facts.items()},
                        {f: m.spans for f, m in machine_facts.items()}, _overlap, one_to_one=False)
    strict = _pairwise(kind, "the same document, kind (class or PLOVER type), actors and targets; recall one-to-one",
                       gold_facts, machine_facts, match)
    return replace(strict, lenient=lenient)


def _quotations(gold: ox.Store, machine: ox.Store, same_entities) -> Score:
    def quotations(store):
        speakers: dict[str, set] = {}
        for quotation, speaker in _rows(store, "SELECT ?q ?s WHERE { ?q a bo:Quotation ; bo:speaker ?s }"):
            speakers.setdefault(quotation, set()).add(speaker)
        return {q: (spans, frozenset(speakers.get(q, ()))) for q, spans in _spans(store, "bo:Quotation").items()}

    def match(found, wanted) -> bool:
        return _overlap(found[0], wanted[0]) and same_entities(found[1], wanted[1])

    kind = "quotations"
    gold_quotes, machine_quotes = quotations(gold), quotations(machine)
    lenient = _pairwise(kind, OVERLAP_RULE, {q: v[0] for q, v in gold_quotes.items()},
                        {q: v[0] for q, v in machine_quotes.items()}, _overlap, one_to_one=False)
    strict = _pairwise(kind, "overlapping text in the same document and the same speaker; recall one-to-one",
                       gold_quotes, machine_quotes, match)
    return replace(strict, lenient=lenient)


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
    return _score("figures", "the same number (value or bound) in the same document", figures(gold),
                  figures(machine))
