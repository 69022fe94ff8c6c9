"""Assemble stage: ontology, document metadata and curated facts become one dataset of named graphs.

Curated files say where a fact comes from with ``bo:quote "exact words"``. Assembly finds the words in the
document text and replaces the shorthand with Web Annotation evidence (source, quote, offsets), so that every
fact in the output can be traced to its sentence and the offsets can never drift from the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from graph.corpus import Document
from graph.errors import BilatError, line_of
from graph.namespaces import DEFAULT_BASE, ONTOLOGY, PREFIXES

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
XSD = PREFIXES["xsd"]
QUOTE = ox.NamedNode(ONTOLOGY + "quote")
PREF_LABEL = ox.NamedNode(PREFIXES["skos"] + "prefLabel")
ALT_LABEL = ox.NamedNode(PREFIXES["skos"] + "altLabel")
CONTEXT_CHARS = 32
ENTITIES_FILE = "entities.ttl"


# The vocabulary's few hundred IRIs are made once each: a new NamedNode checks its IRI, and evidence alone asks
# for eleven terms per quote, hundreds of thousands of times in a large build.
@cache
def bo(name: str) -> ox.NamedNode:
    return ox.NamedNode(ONTOLOGY + name)


@cache
def term(prefixed: str) -> ox.NamedNode:
    prefix, local = prefixed.split(":", 1)
    return ox.NamedNode(PREFIXES[prefix] + local)


def literal(value: object, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if language:
        return ox.Literal(str(value), language=language)
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(str(value))


def date_literal(value: str) -> ox.Literal:
    """A date keeping the precision it is written with: YYYY, YYYY-MM or YYYY-MM-DD."""
    datatype = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(value)]
    return literal(value, datatype)


@dataclass
class Assembly:
    """The assembled dataset: quads in named graphs, and the IRIs of those graphs by role."""

    quads: set[ox.Quad]
    base: str
    dropped: list[str] = field(default_factory=list)  # what ``finalize`` left out of extracted graphs, and why

    def graph_names(self) -> list[str]:
        return sorted({quad.graph_name.value for quad in self.quads})


def assemble(documents: list[Document], curated_dir: Path | None, ontology_path: Path,
             base: str = DEFAULT_BASE) -> Assembly:
    """Ontology + document metadata + curated facts (none when ``curated_dir`` is None), one named graph each.
    IRIs stay under the default base until ``finalize``."""
    if curated_dir is not None and not curated_dir.is_dir():
        raise BilatError("no such folder of curated facts", curated_dir)
    quads: set[ox.Quad] = set()
    quads |= in_graph(parse_turtle(ontology_path), node("graph-ontology"))
    quads |= in_graph(document_triples(documents), node("graph-documents"))
    by_id = {document.id: document for document in documents}
    for path in sorted(curated_dir.glob("*.ttl")) if curated_dir else []:
        graph = node(f"graph-curated-{path.stem}")
        if path.name == ENTITIES_FILE:
            quads |= in_graph(parse_turtle(path), graph)
            continue
        document = by_id.get(path.name.split(".")[0])
        if document is None:
            raise BilatError(f"curated file names no known document (expected one of: {', '.join(sorted(by_id))})",
                             path)
        triples = expand_quotes(parse_turtle(path), path, document)
        quads |= in_graph(triples, graph)
        quads |= in_graph(graph_provenance(graph, path, document), node("graph-documents"))
    return Assembly(quads=quads, base=base)


METADATA_LINKS = {term(name) for name in ("schema:publisher", "schema:author", "schema:locationCreated")}


def finalize(assembly: Assembly, curated_dir: Path | None, documents: Sequence[Document] = ()) -> Assembly:
    """Settle what the extracted graphs of ``documents`` say beside the rest, check that every referenced project
    IRI is defined, then move the IRIs under the requested base.

    Without curated facts (``--no-curated``) the entities that document metadata names (author, publisher,
    place) do not exist; those metadata links are dropped rather than left dangling."""
    if curated_dir is None:
        typed = _typed(assembly.quads)
        assembly.quads = {q for q in assembly.quads if not (q.predicate in METADATA_LINKS and q.object not in typed)}
    sources = {extracted_graph(document): document.path for document in documents}
    quads, dropped, untyped = drop_undefined(settle_labels(assembly.quads, set(sources)), sources)
    check_references(quads, curated_dir, DEFAULT_BASE, sources, untyped)
    if assembly.base != DEFAULT_BASE:
        quads = {rebase(quad, assembly.base) for quad in quads}
    return Assembly(quads=quads, base=assembly.base, dropped=assembly.dropped + dropped)


def extracted_graph(document: Document) -> ox.NamedNode:
    """The named graph of what machine extraction found in ``document``."""
    return node(f"graph-extracted-{document.id}")


def settle_labels(quads: set[ox.Quad], extracted: set[ox.NamedNode]) -> set[ox.Quad]:
    """One ``skos:prefLabel`` per language for each entity an extracted graph names: two documents may name the
    same person differently ("Park Heung-kyeong", "Park Heung Kyeong"), and the shapes allow one preferred name.
    The curated name wins; else the name most documents give, then the longest (the fullest form), then the
    first in code-point order; so the choice never depends on what the files are called. The other names stay,
    in the graphs that gave them, as ``skos:altLabel``. Names the curators alone gave are theirs to settle."""
    names: dict[tuple, list[ox.Quad]] = {}
    for quad in quads:
        if quad.predicate == PREF_LABEL and isinstance(quad.object, ox.Literal):
            names.setdefault((quad.subject, quad.object.language), []).append(quad)
    settled = set(quads)
    for group in names.values():
        if len({quad.object for quad in group}) < 2 or all(q.graph_name not in extracted for q in group):
            continue
        keep = {quad.object for quad in group if quad.graph_name not in extracted}
        if not keep:
            votes: dict[ox.Literal, int] = {}
            for quad in group:
                votes[quad.object] = votes.get(quad.object, 0) + 1
            keep = {min(votes, key=lambda name: (-votes[name], -len(name.value), name.value))}
        for quad in group:
            if quad.object not in keep:
                settled.remove(quad)
                settled.add(ox.Quad(quad.subject, ALT_LABEL, quad.object, quad.graph_name))
    return settled


def drop_undefined(quads: set[ox.Quad], sources: dict[ox.NamedNode, Path]) \
        -> tuple[set[ox.Quad], list[str], list[ox.Quad]]:
    """Extracted statements that point at a project IRI nothing defines (no ``rdf:type`` in any graph), left out,
    and a line per document and IRI saying so. An extractor that links a post to an organisation it never
    minted must cost that one link, not the build; the type of such an IRI cannot be guessed from a link.
    Last, the statements left that still point at a project IRI nothing defines (check_references refuses
    them)."""
    typed = _typed(quads)
    # One pass over every statement finds those that name an untyped project IRI, for this and for
    # check_references (a pass over a million quads takes seconds: each access to a quad's term makes a new Python
    # object, so the object is taken once); the graph is asked of those few alone.
    untyped = [q for q in quads if _is_project_iri(o := q.object) and o not in typed]
    undefined = {q for q in untyped if q.graph_name in sources}
    counts: dict[tuple[Path, str], int] = {}
    for quad in undefined:
        key = (sources[quad.graph_name], quad.object.value[len(DEFAULT_BASE):])
        counts[key] = counts.get(key, 0) + 1
    notes = [f"{path}: {count} extracted statement(s) left out: they name {slug!r}, which nothing defines"
             for (path, slug), count in sorted(counts.items(), key=lambda item: (str(item[0][0]), item[0][1]))]
    if not undefined:
        return quads, notes, untyped
    quads = quads - undefined
    # A type statement left out can only be one naming an undefined class, and its subject may then have no type
    # left: the statements pointing at it are found again. Otherwise the nodes keep their types.
    if any(q.predicate == RDF_TYPE for q in undefined):
        typed = _typed(quads)
        return quads, notes, [q for q in quads if _is_project_iri(o := q.object) and o not in typed]
    return quads, notes, [q for q in untyped if q not in undefined]


def _typed(quads) -> set:
    return {quad.subject for quad in quads if quad.predicate == RDF_TYPE}


def _is_project_iri(term) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(DEFAULT_BASE)


def node(slug: str) -> ox.NamedNode:
    """A project IRI from a readable slug. Minting uses the default base, as curated files do; the whole
    dataset is rebased at the end when another base is asked for."""
    return ox.NamedNode(DEFAULT_BASE + slug)


def document_node(document: Document) -> ox.NamedNode:
    return node(f"doc-{document.id}")


def parse_turtle(path: Path) -> list[ox.Triple]:
    """Triples of a Turtle file; a syntax error names the file, line and column; blank nodes are refused
    because output must be byte-identical from run to run and blank-node labels are not."""
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except SyntaxError as error:
        raise BilatError(f"malformed Turtle: {error.msg if hasattr(error, 'msg') else error}",
                         path, error.lineno) from None
    text = path.read_text(encoding="utf-8")
    for triple in triples:
        if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode):
            anchor = triple.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            raise BilatError(f"blank node used with {triple.predicate}: give every node an IRI so that output "
                             "is deterministic", path, line_of(text, anchor))
    return triples


def in_graph(triples, graph: ox.NamedNode) -> set[ox.Quad]:
    return {ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples}


def expand_quotes(triples: list[ox.Triple], path: Path, document: Document) -> list[ox.Triple]:
    """Replace each ``bo:quote`` with evidence located in ``document``; refuse quotes that are not in its
    article text."""
    text = path.read_text(encoding="utf-8")
    source = document_node(document)
    out: list[ox.Triple] = []
    for triple in triples:
        if triple.predicate != QUOTE:
            out.append(triple)
            continue
        quote = triple.object.value if isinstance(triple.object, ox.Literal) else ""
        located = document.find_quote(quote) if quote else None
        if located is None:
            where = "is only in boilerplate of" if quote and quote in document.text else "is not in"
            raise BilatError(f"quote {quote[:60]!r} {where} {document.path}", path, line_of(text, quote or "bo:quote"))
        evidence = node(f"doc-{document.id}-ev-{located[0]}-{located[1]}")
        out.append(ox.Triple(triple.subject, bo("evidence"), evidence))
        out.append(ox.Triple(triple.subject, term("prov:wasDerivedFrom"), source))
        out.extend(evidence_triples(evidence, source, document, *located))
    return out


def evidence_triples(evidence: ox.NamedNode, source: ox.NamedNode, document: Document, start: int, end: int,
                     agent: str = "agent-bilat-curators", confidence: str = "1.0") -> list[ox.Triple]:
    """Web Annotation evidence: the document, the exact words with some context, and their offsets."""
    quote_selector = ox.NamedNode(evidence.value + "-quote")
    position_selector = ox.NamedNode(evidence.value + "-position")
    text = document.text
    before, after = context_bounds(document, start, end)
    return [
        ox.Triple(evidence, RDF_TYPE, term("oa:SpecificResource")),
        ox.Triple(evidence, term("oa:hasSource"), source),
        ox.Triple(evidence, term("oa:hasSelector"), quote_selector),
        ox.Triple(evidence, term("oa:hasSelector"), position_selector),
        ox.Triple(evidence, term("prov:wasAttributedTo"), node(agent)),
        ox.Triple(evidence, bo("confidence"), literal(confidence, "decimal")),
        ox.Triple(quote_selector, RDF_TYPE, term("oa:TextQuoteSelector")),
        ox.Triple(quote_selector, term("oa:exact"), literal(text[start:end])),
        ox.Triple(quote_selector, term("oa:prefix"), literal(text[before:start])),
        ox.Triple(quote_selector, term("oa:suffix"), literal(text[end:after])),
        ox.Triple(position_selector, RDF_TYPE, term("oa:TextPositionSelector")),
        ox.Triple(position_selector, term("oa:start"), literal(start, "nonNegativeInteger")),
        ox.Triple(position_selector, term("oa:end"), literal(end, "nonNegativeInteger")),
    ]


def context_bounds(document: Document, start: int, end: int) -> tuple[int, int]:
    """Where the quote's prefix starts and its suffix ends: up to CONTEXT_CHARS either side, but never into
    boilerplate, whose words must not reach the graph even as context."""
    before = max([start - CONTEXT_CHARS] + [span.end for span in document.boilerplate if span.end <= start])
    after = min([end + CONTEXT_CHARS] + [span.start for span in document.boilerplate if span.start >= end])
    return max(0, before), after


def document_triples(documents: list[Document]) -> list[ox.Triple]:
    curators = node("agent-bilat-curators")
    triples = [
        ox.Triple(curators, RDF_TYPE, term("prov:Agent")),
        ox.Triple(curators, term("skos:prefLabel"), literal("bilat curators", language="en")),
    ]
    for document in documents:
        triples.extend(_document_description(document))
    return triples


def _document_description(document: Document) -> list[ox.Triple]:
    subject = document_node(document)
    meta = document.metadata
    triples = [
        ox.Triple(subject, RDF_TYPE, bo("Document")),
        ox.Triple(subject, term("dcterms:identifier"), literal(document.id)),
        ox.Triple(subject, term("dcterms:title"), literal(document.title)),
        ox.Triple(subject, bo("text"), literal(document.text)),
        ox.Triple(subject, bo("sha256"), literal(document.sha256)),
    ]
    if "kind" in meta:
        triples.append(ox.Triple(subject, bo("documentKind"), bo(meta["kind"])))
    if "language" in meta:
        triples.append(ox.Triple(subject, term("dcterms:language"), literal(meta["language"])))
    for key, prop in (("publisher", "schema:publisher"), ("author", "schema:author"),
                      ("place", "schema:locationCreated")):
        if key in meta:
            triples.append(ox.Triple(subject, term(prop), node(meta[key])))
    if "date" in meta:
        value = str(meta["date"])
        precision = {4: "year", 7: "month", 10: "day"}[len(value)]
        triples += [ox.Triple(subject, term("schema:datePublished"), date_literal(value)),
                    ox.Triple(subject, bo("datePrecision"), bo(f"precision-{precision}")),
                    ox.Triple(subject, bo("dateInferred"), literal(str(bool(meta.get("date_inferred"))).lower(),
                                                               "boolean"))]
    if "date_not_before" in meta:
        triples.append(ox.Triple(subject, bo("dateNotBefore"), date_literal(str(meta["date_not_before"]))))
    if "date_note" in meta:
        triples.append(ox.Triple(subject, bo("dateNote"), literal(meta["date_note"])))
    for span in document.boilerplate:
        spot = node(f"doc-{document.id}-boilerplate-{span.start}-{span.end}")
        triples += [ox.Triple(subject, bo("boilerplate"), spot),
                    ox.Triple(spot, RDF_TYPE, bo("Boilerplate")),
                    ox.Triple(spot, term("oa:hasSource"), subject),
                    ox.Triple(spot, term("oa:start"), literal(span.start, "nonNegativeInteger")),
                    ox.Triple(spot, term("oa:end"), literal(span.end, "nonNegativeInteger")),
                    ox.Triple(spot, term("rdfs:comment"), literal(span.reason))]
    return triples


def graph_provenance(graph: ox.NamedNode, path: Path, document: Document) -> list[ox.Triple]:
    return [
        ox.Triple(graph, RDF_TYPE, term("prov:Entity")),
        ox.Triple(graph, term("prov:wasDerivedFrom"), document_node(document)),
        ox.Triple(graph, term("prov:wasAttributedTo"), node("agent-bilat-curators")),
        ox.Triple(graph, term("dcterms:source"), literal(f"graph/curated/{path.name}")),
    ]


def rebase(quad: ox.Quad, base: str) -> ox.Quad:
    return ox.Quad(*(rebased(term, base) for term in (quad.subject, quad.predicate, quad.object, quad.graph_name)))


def rebased(term, base: str):
    """``term`` moved from the default base to ``base``."""
    if isinstance(term, ox.NamedNode) and term.value.startswith(DEFAULT_BASE):
        return ox.NamedNode(base + term.value[len(DEFAULT_BASE):])
    return term


def check_references(quads: set[ox.Quad], curated_dir: Path | None, base: str,
                     sources: dict[ox.NamedNode, Path] | None = None, dangling: list | None = None) -> None:
    """Every project IRI used as an object must be described somewhere: a slug typo would otherwise create a
    silent, empty entity. The error names the document when the IRI is used by its extracted graph (``sources``),
    else the curated file that uses it. ``dangling``: the statements pointing at an IRI under ``base`` that
    nothing types, when known (drop_undefined finds them)."""
    if dangling is None:
        typed = _typed(quads)
        dangling = [q for q in quads if isinstance(o := q.object, ox.NamedNode) and o not in typed
                    and o.value.startswith(base)]
    if dangling:
        # The first in string order, so the error is the same from run to run; only the offending statements are
        # ordered (ordering every quad by its string took seconds on a graph of a million statements).
        quad = min(dangling, key=str)
        slug = quad.object.value[len(base):]
        source = (sources or {}).get(quad.graph_name)
        path, line = (source, None) if source else _find_slug(curated_dir, slug)
        raise BilatError(f"{slug!r} is used but never defined (no rdf:type anywhere): a typo?", path, line)


def _find_slug(curated_dir: Path | None, slug: str) -> tuple[Path | None, int | None]:
    for path in sorted(curated_dir.glob("*.ttl")) if curated_dir else []:
        line = line_of(path.read_text(encoding="utf-8"), f":{slug}")
        if line:
            return path, line
    return curated_dir, None
