"""Render stage: the graph as one self-contained, offline HTML page (vis-network from pyvis's own bundle).

The page is entity-centred: its nodes are the things people ask about (people, organisations, countries,
places, facilities, groups, agreements, projects), and a fact that names two or more of them (a meeting, a
financing, a claim about someone, a post held) is drawn as a link between them; a fact that names one entity is
counted on it and listed in its card. Every fact travels to the page with its quotes, dates and origin (curated,
or extracted with its confidence and review status), so the page can also draw facts as nodes. Which property
names a fact's actors, targets or parties, and what a kind of fact is called, come from the registry of fact
kinds (graph/rules/facts.toml).

The page's opening cost does not grow with the graph: it opens on the FIRST_VIEW entities that most facts name
and the links among them (first_view), from a small JSON block; everything else (all entities, facts and links;
the quotes apart) is deflated JSON in base64 at the end of the page (packed), a seventh of the JSON's bytes,
which the page inflates and parses only when a search, a card, a filter or a view from the URL needs it.
Search, expanding a node and a limit (300, 1,000 or all entities) reach the rest.

pyvis's own page links Bootstrap from a CDN and, as soon as any title contains "href", shows every tooltip
through innerHTML. Here nothing from a document becomes HTML: all data travels as JSON (inside a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, or packed as base64), and the
page writes it into the DOM with ``textContent`` only; tooltips are not used.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from pathlib import Path

from graph.kinds import entity_kinds, kinds
from graph.namespaces import PREFIXES, shorten
from graph.query import select as _select

TEMPLATE = Path(__file__).resolve().parent / "templates" / "network.html"

# Fact family (most specific first) → (legend label, colour): the colour of a fact's links, and of the fact
# itself when facts are drawn as nodes.
FAMILIES = {
    "bo:DiplomaticMilestone": ("diplomatic milestone", "#d6616b"),
    "bo:Financing": ("financing", "#59a14f"),
    "bo:Agreement": ("agreement", "#9c755f"),
    "bo:Project": ("project", "#86bcb6"),
    "bo:Event": ("event", "#b07aa1"),
    "bo:Observation": ("figure", "#8c8c8c"),
    "bo:Claim": ("claim", "#d37295"),
    "bo:Quotation": ("quotation", "#c387b5"),
    "bo:PostHolding": ("post held", "#4e79a7"),
    "bo:Fact": ("other fact", "#a0a0a0"),
}
DATES = ("schema:startDate", "schema:endDate", "bo:validAt", "schema:dateCreated", "schema:observationDate",
         "bo:asOf")
# The outlet that reported a fact is its source, not a party to it: as an argument it would tie every fact it
# reported to one hub.
NOT_ARGUMENTS = {"bo:reportedBy"}
STATEMENTS = ("bo:Claim", "bo:Quotation")  # said when their document says them, unless a date is given
LINKED = ("bo:country", "org:subOrganizationOf", "schema:containedInPlace")  # entity to entity, no fact between
# The page opens on the FIRST_VIEW entities that most facts name, and the links among them: enough to see who
# the graph is about, few enough to draw and label at once on a laptop (the rest is reached by search, by
# expanding a node, by filters, or by asking for more). What it reads at opening is that view alone.
FIRST_VIEW = 300
FIRST_VIEW_FACT = ("kind", "family", "from", "to", "origin", "status")  # what a link's look and label need
SPACING = 45  # the layout's disc has radius SPACING × √(nodes): about as much room per node at any size
LAST_DAY = {"01": "31", "02": "29", "03": "31", "04": "30", "05": "31", "06": "30", "07": "31", "08": "31",
            "09": "30", "10": "31", "11": "30", "12": "31"}


def explorer_data(quads) -> dict:
    """Everything the page shows (of ``quads``, or of a store whose default graph is their merge, as
    graph.store.merge_store makes): entities, facts (quotes, dates, origin, arguments), links between entities
    (each with the facts it stands for), documents, the legend and the data's range of years."""
    from graph.store import memory_store

    store = memory_store(quads)
    ups = _superclasses(store)
    drawn = {kind.cls: kind.legend for kind in entity_kinds() if kind.legend}
    entities = _typed(store, drawn, ups, drawn.get)
    facts = _typed(store, _fact_classes(ups), ups, str)
    names = _class_labels(store)
    # Worked out once per class, not per fact: a few dozen classes for tens of thousands of facts.
    looks: dict[str, tuple[str, str]] = {}
    for fact in facts.values():
        cls = fact.pop("class")
        if cls not in looks:
            looks[cls] = (FAMILIES[next(f for f in FAMILIES if f in ups.get(cls, {cls}))][0], _kind_name(cls, names))
        fact["family"], fact["kind"] = looks[cls]
        fact["cls"] = cls
    for record in (*entities.values(), *facts.values()):
        record["short"] = shorten(record["id"])
    _labels(store, entities, facts)
    documents = _documents(store)
    _evidence(store, entities, facts)
    _origin(store, facts)
    _dates(store, facts, documents)
    _amounts(store, facts)
    _arguments(store, facts, entities, ups)
    for fact in facts.values():
        if "post" in fact and fact["label"] == fact["short"]:
            holder = next((entities[a[0]]["label"] for a in fact.get("args", ()) if a[2] == "member"), "")
            fact["label"] = ", ".join(filter(None, (holder, fact["post"])))
    for fact in facts.values():
        for entity in sorted({argument[0] for argument in fact.get("args", ())}):
            entities[entity].setdefault("facts", []).append(fact["id"])
    links = _static_links(store, entities, _links(facts, entities))
    return {"entities": entities, "facts": facts, "links": links, "documents": documents, "legend": _legend(),
            "range": _range(facts, documents)}


def _superclasses(store) -> dict[str, list[str]]:
    """Each class with itself and its superclasses, most specific first (by how many superclasses each has).
    A class is what is a type or in a subclass statement: the path from every node of the graph, as its zero
    length allows, took seconds on a large graph for nodes that are no class."""
    rows = _select(store, """SELECT ?c ?up WHERE {
        { SELECT DISTINCT ?c WHERE { { [] a ?c } UNION { ?c rdfs:subClassOf [] } UNION { [] rdfs:subClassOf ?c } } }
        ?c rdfs:subClassOf* ?up FILTER(isIRI(?c) && isIRI(?up)) }""")
    ups: dict[str, set[str]] = {}
    for row in rows:
        ups.setdefault(shorten(row["c"]), set()).add(shorten(row["up"]))
    return {cls: sorted(above, key=lambda up: (-len(ups.get(up, ())), up)) for cls, above in ups.items()}


def _fact_classes(ups: dict[str, list[str]]) -> dict[str, str]:
    return {cls: cls for cls, above in ups.items() if "bo:Fact" in above}


def _typed(store, classes, ups, record) -> dict[str, dict]:
    """Nodes of the given classes, each recorded with its most specific one (``record(cls)``); ties break by
    name, so the output is stable."""
    found: dict[str, dict] = {}
    values = " ".join(classes)
    for row in _select(store, f"SELECT ?n ?c WHERE {{ VALUES ?c {{ {values} }} ?n a ?c }} ORDER BY ?n ?c"):
        cls = shorten(row["c"])
        rank = (len(ups.get(cls, ())), record(cls))
        current = found.setdefault(row["n"], {"id": row["n"], "class": record(cls), "rank": rank})
        if rank > current["rank"]:
            current.update({"class": record(cls), "rank": rank})
    for node in found.values():
        del node["rank"]
    return found


def _class_labels(store) -> dict[str, str]:
    rows = _select(store, "SELECT ?c ?l WHERE { ?c rdfs:subClassOf* bo:Fact ; rdfs:label ?l FILTER(LANG(?l) = 'en') }")
    return {shorten(row["c"]): row["l"] for row in rows}


def _kind_name(cls: str, names: dict[str, str]) -> str:
    """What a kind of fact is called: the registry's legend, else the ontology's label (a summit, a post
    holding, a quotation)."""
    registered = {kind.cls: kind.legend for kind in kinds()}
    return registered.get(cls) or names.get(cls) or cls.split(":")[-1]


def _labels(store, entities: dict, facts: dict) -> None:
    """Entities: every name (preferred, alternative, hidden) and one label, English first with the others in
    brackets. Facts: their label, or their words when they have none (a claim's content, a quotation's text)."""
    names: dict[str, set[str]] = {}
    preferred: dict[str, dict[str, str]] = {}
    for row in _select(store, """SELECT ?n ?p ?l (LANG(?l) AS ?lang) WHERE {
                                 VALUES ?p { skos:prefLabel skos:altLabel skos:hiddenLabel } ?n ?p ?l }
                                 ORDER BY ?n ?p ?l"""):
        names.setdefault(row["n"], set()).add(row["l"])
        if row["p"].endswith("prefLabel"):
            preferred.setdefault(row["n"], {}).setdefault(row["lang"] or "en", row["l"])
    words = {row["n"]: row["t"] for row in _select(store, """SELECT ?n (MIN(?text) AS ?t) WHERE {
        ?n bo:content|schema:text ?text } GROUP BY ?n""")}
    for node in (*entities.values(), *facts.values()):
        iri, found = node["id"], preferred.get(node["id"], {})
        english = found.get("en") or words.get(iri) or next(iter(sorted(names.get(iri, ()))), "") or node["short"]
        others = [found[lang] for lang in sorted(found) if lang != "en" and found[lang] != english]
        node["label"] = english + (f" ({', '.join(others)})" if others else "")
        node["names"] = sorted(names.get(iri, set()) | {english})


def _documents(store) -> dict[str, dict]:
    """Documents by IRI: identifier, title, date and outlet."""
    rows = _select(store, """SELECT ?d ?id ?title ?date ?outlet WHERE { ?d a bo:Document ; dcterms:identifier ?id ;
        dcterms:title ?title . OPTIONAL { ?d schema:datePublished ?date }
        OPTIONAL { ?d schema:publisher/skos:prefLabel ?outlet FILTER(LANG(?outlet) = 'en') } } ORDER BY ?id""")
    documents: dict[str, dict] = {}
    for row in rows:
        documents.setdefault(row["d"], {"id": row["id"], "title": row["title"], "date": row["date"],
                                        "outlet": row["outlet"]})
    return documents


def _evidence(store, *groups: dict) -> None:
    """Each node's quotes (once per document, by document and position), documents and lowest confidence, for
    every group of records (entities, facts) at once. The evidence is most of a large graph: its statements are
    read by predicate from the store's default graph (the merge) and joined here, where a query joining them
    took several times as long (and ran once per group before)."""
    import pyoxigraph as ox

    def by_subject(prefix: str, name: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for quad in store.quads_for_pattern(None, ox.NamedNode(PREFIXES[prefix] + name), None, ox.DefaultGraph()):
            found.setdefault(quad.subject.value, []).append(quad.object.value)
        return found

    evidence, sources = by_subject("bo", "evidence"), by_subject("oa", "hasSource")
    selectors, exact, start = by_subject("oa", "hasSelector"), by_subject("oa", "exact"), by_subject("oa", "start")
    confidence = by_subject("bo", "confidence")
    # By node, document and position (a number; anything else, possible in a graph not validated, first).
    rows = sorted(((node, document, position, quote, evidence_node)
                   for node, evidences in evidence.items() if any(node in group for group in groups)
                   for evidence_node in evidences for document in sources.get(evidence_node, ())
                   for selector in selectors.get(evidence_node, ()) for quote in exact.get(selector, ())
                   for other in selectors.get(evidence_node, ()) for position in start.get(other, ())),
                  key=lambda row: (row[0], row[1], int(row[2]) if row[2].isdigit() else -1, row[2:]))
    seen: set[tuple[int, str, str]] = set()  # (record, quote, document): a hub has thousands of quotes
    # (record, document): a hub is named in nearly every document, and looking each one up in its list of
    # documents grew with the square of the corpus
    listed: set[tuple[int, str]] = set()
    for node_iri, document, _, quote, evidence_node in rows:
        for node in (group[node_iri] for group in groups if node_iri in group):
            if (id(node), quote, document) not in seen:
                seen.add((id(node), quote, document))
                node.setdefault("quotes", []).append({"quote": quote, "document": document})
            if (id(node), document) not in listed:
                listed.add((id(node), document))
                node.setdefault("documents", []).append(document)
            for value in confidence.get(evidence_node, ()):
                node["confidence"] = min(node.get("confidence", "1.0"), value, key=float)


def _origin(store, facts: dict) -> None:
    """Curated, or extracted by the machine: then with its review status (accepted by a reviewer, or not yet
    reviewed; rejected candidates never reach the graph)."""
    rows = _select(store, """SELECT ?n ?verdict WHERE { ?n bo:candidateId ?id .
        OPTIONAL { ?decision a bo:ReviewDecision ; bo:candidateId ?id ; bo:verdict ?verdict } }""")
    for fact in facts.values():
        fact["origin"] = "curated"
    for row in rows:
        fact = facts.get(row["n"])
        if fact is not None:
            fact["origin"] = "extracted"
            fact["status"] = "accepted" if row["verdict"].endswith("accepted") else "unreviewed"


def _span(value: str, year: str) -> tuple[str, str] | None:
    """The first and last day a date stands for, as ISO text: a year is a whole year, a month a whole month; a
    month (or day) without a year ("--06") takes the document's year, and without one it is no date at all."""
    if value.startswith("--"):
        if not year:
            return None
        value = year + value[1:]
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not match:
        return None
    y, m, d = match.groups()
    if d:
        return f"{y}-{m}-{d}", f"{y}-{m}-{d}"
    if m:
        return f"{y}-{m}-01", f"{y}-{m}-{LAST_DAY.get(m, '31')}"
    return f"{y}-01-01", f"{y}-12-31"


def _dates(store, facts: dict, documents: dict) -> None:
    """Each fact's dates as stated, and the span of days they cover ("from", "to"). A statement, or a post
    held "at the document's date", without a date of its own is placed at its document's date (and says so)."""
    values = " ".join(DATES)
    found: dict[str, list[tuple[str, str]]] = {}
    for row in _select(store, f"SELECT ?n ?p ?d WHERE {{ VALUES ?p {{ {values} }} ?n ?p ?d }} ORDER BY ?n ?p ?d"):
        if row["n"] in facts:
            found.setdefault(row["n"], []).append((shorten(row["p"]), row["d"]))
    at_document = {row["n"] for row in _select(store, "SELECT ?n WHERE { ?n bo:heldAtDocumentDate true }")}
    statements = {row["n"] for row in _select(store, f"""SELECT ?n WHERE {{ VALUES ?c {{ {' '.join(STATEMENTS)} }}
                                                           ?n a/rdfs:subClassOf* ?c }}""")}
    for iri, fact in facts.items():
        document = documents.get((fact.get("documents") or [""])[0], {})
        year = document.get("date", "")[:4]
        starts, ends = [], []
        for prop, value in found.get(iri, []):
            fact.setdefault("dates", []).append(f"{prop.split(':')[1]}: {value}")
            span = _span(value, year)
            if span:
                starts.append(span[0])
                ends.append(span[1])
        if not starts and (iri in at_document or iri in statements) and document.get("date"):
            span = _span(document["date"], year)
            if span:
                starts.append(span[0])
                ends.append(span[1])
                fact.setdefault("dates", []).append(f"document date: {document['date']}")
        if starts:
            fact["from"], fact["to"] = min(starts), max(ends)


def _amounts(store, facts: dict) -> None:
    for row in _select(store, """SELECT ?n ?stated WHERE { { ?n bo:amount ?a . ?a bo:asStated ?stated }
                                 UNION { ?n a bo:Observation ; bo:asStated ?stated } } ORDER BY ?n ?stated"""):
        fact = facts.get(row["n"])
        if fact is not None:
            fact.setdefault("amounts", []).append(row["stated"])


def _arguments(store, facts: dict, entities: dict, ups: dict[str, list[str]]) -> None:
    """The entities each fact names, as [entity, role, property label]: its actors, targets and parties by the
    registry of fact kinds (for its class or nearest registered superclass), any other entity it names as a
    participant. A post held names the person and the organisation or country of the post."""
    import pyoxigraph as ox

    registry = {kind.cls: kind for kind in kinds()}
    roles: dict[str, dict[str, str]] = {}
    for cls in {fact["cls"] for fact in facts.values()}:
        kind = next((registry[up] for up in ups.get(cls, [cls]) if up in registry), None)
        roles[cls] = {} if kind is None else ({p: "actor" for p in kind.actors} | {p: "target" for p in kind.targets}
                                              | {p: "party" for p in kind.parties})
    labels = {shorten(row["p"]): row["l"] for row in _select(store, """SELECT ?p ?l WHERE { ?p rdfs:label ?l
                                                                        FILTER(LANG(?l) = 'en') }""")}
    # Only links to entities are arguments: each entity's incoming statements are looked up in the store's
    # default graph (the merge), where a query over every statement with an IRI object, each checked for an
    # entity's class, took most of the page's time on a large graph.
    rows = {(quad.subject.value, quad.predicate.value, entity) for entity in entities
            for quad in store.quads_for_pattern(None, None, ox.NamedNode(entity), ox.DefaultGraph())
            if quad.subject.value in facts}
    rows |= {(row["n"], PREFIXES["org"] + "postIn", row["o"]) for row in _select(store, """SELECT ?n ?o WHERE {
                 ?n a bo:PostHolding ; bo:post/org:postIn ?o }""") if row["o"] in entities}
    for iri, predicate, entity in sorted(rows):
        fact, prop = facts[iri], shorten(predicate)
        if prop in NOT_ARGUMENTS:
            continue
        name = labels.get(prop) or re.sub(r"(?<=[a-z])(?=[A-Z])", " ", prop.split(":")[1]).lower()
        argument = [entity, roles[fact["cls"]].get(prop, "participant"), name]
        if argument not in fact.setdefault("args", []):
            fact["args"].append(argument)
    posts = _select(store, """SELECT ?n ?l WHERE { ?n a bo:PostHolding ; bo:post/skos:prefLabel ?l
                              FILTER(LANG(?l) = 'en') } ORDER BY ?n ?l""")
    for row in posts:
        facts[row["n"]].setdefault("post", row["l"])


def _links(facts: dict, entities: dict) -> list[dict]:
    """One link per pair of entities, standing for every fact between them (the page labels it with the kinds
    and dates of those it shows, so parallel lines never hide each other). A fact joins its actor to its
    target ("forward" or "back" records the direction), and every other pair of the entities it names, except
    two actors or two targets of one fact. An agreement or a project, being a node itself, links to each entity
    it names, by the property that names it ("role")."""
    pairs: dict[tuple[str, str], dict] = {}

    def add(a: str, b: str, fact: str, source: str = "") -> None:
        first, second = sorted((a, b))
        link = pairs.setdefault((first, second), {"from": first, "to": second, "facts": []})
        # Facts are added one after another, so a fact already on the link is its last: the link between two
        # hubs stands for thousands of facts, and a search of the whole list grew with the square of the corpus.
        if not link["facts"] or link["facts"][-1] != fact:
            link["facts"].append(fact)
        if source:
            link.setdefault("forward" if source == first else "back", []).append(fact)

    for iri in sorted(facts):
        args = facts[iri].get("args", [])
        if iri in entities:
            for entity, _, prop in args:
                if entity != iri:
                    add(iri, entity, iri)
                    pairs[tuple(sorted((iri, entity)))].setdefault("role", prop)
            continue
        for n, (a, role_a, _) in enumerate(args):
            for b, role_b, _ in args[n + 1:]:
                if a == b or (role_a == role_b and role_a in ("actor", "target")):
                    continue
                directed = {role_a, role_b} == {"actor", "target"}
                add(a, b, iri, (a if role_a == "actor" else b) if directed else "")
    return [pairs[key] for key in sorted(pairs)]


def _static_links(store, entities: dict, links: list[dict]) -> list[dict]:
    """``links`` with the relations that are not facts (an organisation's country, a place within a place):
    undated and always there, on the pair's link ("static", the property's label) or on a link of their own."""
    values = " ".join(LINKED)
    rows = _select(store, f"""SELECT ?s ?o ?l WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o .
                              ?p rdfs:label ?l FILTER(LANG(?l) = 'en') }} ORDER BY ?s ?o ?l""")
    pairs = {(link["from"], link["to"]): link for link in links}
    for row in rows:
        if row["s"] in entities and row["o"] in entities and row["s"] != row["o"]:
            first, second = sorted((row["s"], row["o"]))
            pairs.setdefault((first, second), {"from": first, "to": second, "facts": []}).setdefault("static", row["l"])
    return [pairs[key] for key in sorted(pairs)]


def _legend() -> dict:
    entities: dict[str, dict] = {}
    for kind in entity_kinds():
        if kind.legend:
            entities.setdefault(kind.legend, {"class": kind.legend, "color": kind.colour, "shape": kind.shape})
    return {"entities": list(entities.values()),
            "families": [{"family": label, "color": colour} for label, colour in FAMILIES.values()]}


def _range(facts: dict, documents: dict) -> list[int]:
    """The first and last year of the data: of its dated facts and its documents (an open post counts to the
    last)."""
    years = [int(fact[key][:4]) for fact in facts.values() for key in ("from", "to") if key in fact]
    years += [int(d["date"][:4]) for d in documents.values() if d["date"][:4].isdigit()]
    return [min(years), max(years)] if years else []


def network_data(quads) -> dict:
    """The reified network (facts as nodes, an edge from a fact to each entity it names, plus the links that
    are not facts): what graph.api turns into networkx. Nodes carry their class (an entity's class, a fact's
    family), label, years and documents."""
    data = explorer_data(quads)
    nodes, edges = [], []
    facts = {iri: fact for iri, fact in data["facts"].items() if iri not in data["entities"]}
    for record in (*data["entities"].values(), *facts.values()):
        node = {"id": record["id"], "label": record["label"], "class": record.get("class") or record["family"],
                "documents": [data["documents"][d]["id"] for d in record.get("documents", [])]}
        if "from" in record:
            node["years"] = list(range(int(record["from"][:4]), int(record["to"][:4]) + 1))
        nodes.append(node)
    for fact in data["facts"].values():
        edges += [{"from": fact["id"], "to": entity, "label": prop} for entity, _, prop in fact.get("args", ())
                  if entity != fact["id"]]
    edges += [{"from": link["from"], "to": link["to"], "label": link["static"]} for link in data["links"]
              if "static" in link]
    return {"nodes": sorted(nodes, key=lambda n: n["id"]), "edges": edges}


def _layout(data: dict) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold positions from igraph's C core (5,000 nodes in a third of a second, where networkx's
    spring layout took 28 s for fewer iterations), then spread evenly over a disc whose area grows with the node
    count: each node keeps its direction from the centre, and its distance becomes its rank's share of the
    area. Force layouts pack the well-linked core into a knot and push the rest far out, so a view fitted to
    all of it leaves the core unreadable; an even spread keeps neighbours near and gives every label room.
    igraph draws from the random generator it is given: a fixed seed keeps the page byte-identical from build
    to build, and igraph's default generator (Python's random module) is put back afterwards."""
    import math
    import random

    import igraph

    ids = [node["id"] for node in data["nodes"]]
    if not ids:
        return {}
    index = {node: n for n, node in enumerate(ids)}
    graph = igraph.Graph(n=len(ids), edges=[(index[e["from"]], index[e["to"]]) for e in data["edges"]])
    igraph.set_random_number_generator(random.Random(7))
    try:
        coords = graph.layout_fruchterman_reingold(niter=500).coords
    finally:
        igraph.set_random_number_generator(random)
    cx, cy = (sum(axis) / len(coords) for axis in zip(*coords, strict=True))
    order = sorted(range(len(ids)), key=lambda n: (math.hypot(coords[n][0] - cx, coords[n][1] - cy), n))
    radius = SPACING * len(ids) ** 0.5
    positions = {}
    for rank, n in enumerate(order):
        angle = math.atan2(coords[n][1] - cy, coords[n][0] - cx)
        distance = radius * ((rank + 1) / len(ids)) ** 0.5
        positions[ids[n]] = (round(distance * math.cos(angle), 1), round(distance * math.sin(angle), 1))
    return positions


def page_data(quads) -> tuple[dict, dict, dict]:
    """The page's data in three parts. ``everything``: the explorer's data but the quotes (records without their
    id, their key; a fact without its names when they are its label), each entity with its position (physics
    stays off: the layout is computed here, once, and the same every time) and ``n``, the number of facts
    naming it, and ``order``, the entities by that number (most first, ties by IRI).
    ``quotes``: each entity's and fact's quotes by IRI (an agreement, both, has the same quotes as either).
    ``view``: what the page needs to open — the legend, the range and the histogram of years, the classes and
    kinds with their counts, the documents, and the first view (first_view)."""
    from collections import Counter

    data = explorer_data(quads)
    entities, facts = data["entities"], data["facts"]
    positions = _layout({"nodes": [{"id": iri} for iri in sorted(entities)],
                         "edges": [link for link in data["links"] if link["from"] != link["to"]]})
    for iri, entity in entities.items():
        entity["x"], entity["y"] = positions[iri]
        entity["n"] = len(entity.get("facts", ()))
        for unused in ("documents", "confidence"):  # the page shows these for facts only
            entity.pop(unused, None)
    for fact in facts.values():
        del fact["cls"]
    quotes = {record["id"]: record.pop("quotes") for record in (*entities.values(), *facts.values())
              if "quotes" in record}
    everything = {"entities": entities, "facts": facts, "links": data["links"],
                  "order": sorted(entities, key=lambda iri: (-entities[iri]["n"], iri))}
    first, last = data["range"] or [0, -1]
    years = [0] * (last - first + 1)
    for fact in facts.values():
        if "from" in fact:
            years[int(fact["from"][:4]) - first] += 1
    view = {"legend": data["legend"], "range": data["range"], "documents": data["documents"],
            "classes": dict(sorted(Counter(entity["class"] for entity in entities.values()).items())),
            "kinds": dict(sorted({fact["kind"]: fact["family"] for _, fact in sorted(facts.items())}.items())),
            "years": years, "undated": sum("from" not in fact for fact in facts.values()),
            "first": first_view(everything)}
    # What a record's key or label repeats is left out (the page puts it back): a sixth of the data to inflate
    # and parse at 2,000 articles, nearly all of it the facts' ids and names (a fact's names are its label).
    for record in (*entities.values(), *facts.values()):
        del record["id"]
    for fact in facts.values():
        if fact["names"] == [fact["label"]]:
            del fact["names"]
    return view, everything, quotes


def first_view(everything: dict, size: int = FIRST_VIEW) -> dict:
    """What the page draws at opening, whatever the graph's size: the ``size`` entities that most facts name
    (ties by IRI) among those with a link, the links among them and, of the facts those links stand for, what
    drawing and labelling the links needs; and ``limit``, the page's default limit. It is the view the page
    computes from all the data in its default state, so the page can draw it before reading the rest."""
    entities, facts, links = everything["entities"], everything["facts"], everything["links"]
    linked = {end for link in links for end in (link["from"], link["to"])}
    top = set([iri for iri in everything["order"] if iri in linked][:size])
    chosen = [{"id": f"l{n}", **link} for n, link in enumerate(links) if link["from"] in top and link["to"] in top]
    shown = sorted({end for link in chosen for end in (link["from"], link["to"])})
    named = sorted({fact for link in chosen for fact in link["facts"]})
    return {"entities": {iri: {key: entities[iri][key] for key in ("id", "label", "class", "x", "y", "n")}
                         for iri in shown},
            "facts": {iri: {key: value for key, value in facts[iri].items() if key in FIRST_VIEW_FACT}
                      for iri in named},
            "links": chosen, "limit": size}


def safe_json(value) -> str:
    """JSON that cannot end its <script> element or open a comment: <, > and & are escaped."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=sorted)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def packed(value) -> str:
    """``value`` as JSON, deflated, in base64. The browser's cost of opening a page grows with its bytes (about
    25 ms per MB of text to tokenize, before any script runs); deflated, all the data of a 1,000-article graph
    is a seventh of its JSON. zlib gives the same bytes for the same input, so the page stays byte-identical."""
    return base64.b64encode(zlib.compress(safe_json(value).encode("utf-8"), 6)).decode("ascii")


def render_html(quads, title: str = "bilat — Cambodia–Korea relations") -> bytes:
    """The whole page: vis-network inline, the data to open with as escaped JSON, our script, the rest packed."""
    import jinja2
    import pyvis
    from markupsafe import Markup

    vis = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    view, everything, quotes = page_data(quads)
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=True)
    page = environment.get_template(TEMPLATE.name).render(
        title=title,
        first_view=FIRST_VIEW,
        vis_js=Markup(_script_safe((vis / "vis-network.min.js").read_text(encoding="utf-8"))),
        vis_css=Markup((vis / "vis-network.css").read_text(encoding="utf-8")),
        view=Markup(safe_json(view)),
        everything=packed(everything),
        quotes=packed(quotes),
    )
    return page.encode("utf-8")


def _script_safe(code: str) -> str:
    return code.replace("</script", "<\\/script")


def render_file(graph_file: Path, output: Path) -> Path:
    """Render a built graph file to ``output`` (written beside it, then renamed into place)."""
    from graph.errors import BilatError
    from graph.export import write_outputs
    from graph.rdf_files import read_graph

    if output.is_dir():
        raise BilatError("is a folder: give the name of the HTML file to write", output)
    return write_outputs({output.name: render_html(read_graph(graph_file))}, output.parent)[0]
