"""Assemble stage: ontology, document metadata and curated facts become one dataset of named graphs.

Curated files say where a fact comes from with ``bo:quote "exact words"``. Assembly finds the words in the
document text and replaces the shorthand with Web Annotation evidence (source, quote, offsets), so that every
fact in the output can be traced to its sentence and the offsets can never drift from the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.corpus import Document
from graph.errors import BilatError, line_of
from graph.namespaces import DEFAULT_BASE, ONTOLOGY, PREFIXES

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
XSD = PREFIXES["xsd"]
QUOTE = ox.NamedNode(ONTOLOGY + "quote")
CONTEXT_CHARS = 32
ENTITIES_FILE = "entities.ttl"


def bo(name: str) -> ox.NamedNode:
    return ox.NamedNode(ONTOLOGY + name)


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


def finalize(assembly: Assembly, curated_dir: Path | None) -> Assembly:
    """Check that every referenced project IRI is defined, then move the IRIs under the requested base.

    Without curated facts (``--no-curated``) the entities that document metadata names (author, publisher,
    place) do not exist; those metadata links are dropped rather than left dangling."""
    if curated_dir is None:
        typed = {quad.subject for quad in assembly.quads if quad.predicate == RDF_TYPE}
        assembly.quads = {q for q in assembly.quads if not (q.predicate in METADATA_LINKS and q.object not in typed)}
    check_references(assembly.quads, curated_dir, DEFAULT_BASE)
    if assembly.base == DEFAULT_BASE:
        return assembly
    return Assembly(quads={rebase(quad, assembly.base) for quad in assembly.quads}, base=assembly.base)


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
    def move(node):
        if isinstance(node, ox.NamedNode) and node.value.startswith(DEFAULT_BASE):
            return ox.NamedNode(base + node.value[len(DEFAULT_BASE):])
        return node
    return ox.Quad(move(quad.subject), move(quad.predicate), move(quad.object), move(quad.graph_name))


def check_references(quads: set[ox.Quad], curated_dir: Path, base: str) -> None:
    """Every project IRI used as an object must be described somewhere: a slug typo would otherwise create a
    silent, empty entity."""
    typed = {quad.subject for quad in quads if quad.predicate == RDF_TYPE}
    for quad in sorted(quads, key=str):
        target = quad.object
        if isinstance(target, ox.NamedNode) and target.value.startswith(base) and target not in typed:
            slug = target.value[len(base):]
            path, line = _find_slug(curated_dir, slug)
            raise BilatError(f"{slug!r} is used but never defined (no rdf:type anywhere): a typo?", path, line)


def _find_slug(curated_dir: Path | None, slug: str) -> tuple[Path | None, int | None]:
    for path in sorted(curated_dir.glob("*.ttl")) if curated_dir else []:
        line = line_of(path.read_text(encoding="utf-8"), f":{slug}")
        if line:
            return path, line
    return curated_dir, None
