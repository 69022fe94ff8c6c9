"""Validate stage: SHACL shapes (ontology/shapes.ttl) over the union of all named graphs, and the SPARQL checks
beside them.

The shapes are evaluated by graph.shacl, over the pyoxigraph terms as they are; the shapes it cannot judge as
pySHACL would (see its docstring) are validated by pySHACL, which ``engine="pyshacl"`` uses for every shape, the
way the test suite cross-checks the two."""

from __future__ import annotations

import logging
import re
from dataclasses import astuple, dataclass
from itertools import product
from pathlib import Path

import pyoxigraph as ox

from graph.namespaces import ONTOLOGY, PREFIXES, shorten

SH = PREFIXES["sh"]
ENGINES = ("fast", "pyshacl")


@dataclass(frozen=True)
class Finding:
    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str
    message: str
    value: str = ""
    constraint: str = ""  # the SHACL constraint component (sh:MinCountConstraintComponent…), or the check's name


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "Violation")

    @property
    def conforms(self) -> bool:
        return not self.violations


def validate_quads(quads, shapes_path: Path, checks_dir: Path | None = None, engine: str = "fast") -> Report:
    """Run the SHACL shapes over the union of ``quads`` (the ontology is among them, so subclasses are
    followed), and the SPARQL checks in ``checks_dir`` (default: ``checks/`` beside the shapes). ``engine``
    "pyshacl" runs every shape through pySHACL instead of graph.shacl; the findings are the same."""
    from graph.shacl import Data, Shapes

    checks_dir = checks_dir or shapes_path.parent / "checks"
    if engine == "pyshacl":
        return Report(findings=tuple(sorted(_pyshacl_findings(quads, shapes_path) + run_checks(quads, checks_dir),
                                            key=astuple)))
    shapes = Shapes.parse(shapes_path.read_text(encoding="utf-8"))
    # One index of the statements that the shapes and the checks' fast paths read, for both.
    data = Data(quads, shapes.predicates() | CHECKED)
    findings = _fast_findings(quads, shapes_path, shapes, data) + run_checks(quads, checks_dir, data)
    return Report(findings=tuple(sorted(findings, key=astuple)))


def _fast_findings(quads, shapes_path: Path, shapes, data) -> list[Finding]:
    from graph.shacl import Undecided, Validator

    validator = Validator(data)
    findings, left = [], list(shapes.unsupported)
    for shape, targets in shapes.targeted:
        if shape.node in shapes.unsupported:
            continue
        try:
            results = validator.validate_shape(shape, targets)
        except Undecided:
            left.append(shape.node)
            continue
        findings += [Finding(result.severity, _term(result.focus), _term(result.path), result.message,
                             _term(result.value), "sh:" + result.constraint) for result in results]
    if any(isinstance(node, ox.BlankNode) for node in left):
        return _pyshacl_findings(quads, shapes_path)  # pySHACL selects shapes by IRI only
    if left:
        findings += _pyshacl_findings(quads, shapes_path, sorted(node.value for node in left))
    return findings


def _pyshacl_findings(quads, shapes_path: Path, use_shapes: list[str] | None = None) -> list[Finding]:
    import rdflib
    from pyshacl import validate

    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    data = rdflib.Graph()
    # rdflib logs a traceback for each literal it cannot read (a 30th of February); the report states each as
    # a violation already, and no command prints a traceback for bad input.
    rdflib_terms = logging.getLogger("rdflib.term")
    level = rdflib_terms.level
    rdflib_terms.setLevel(logging.ERROR)
    try:
        data.parse(data=ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES).decode("utf-8"),
                   format="nt")
    finally:
        rdflib_terms.setLevel(level)
    shapes = rdflib.Graph().parse(shapes_path, format="turtle")
    _conforms, results, _text = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                                         abort_on_first=False, use_shapes=use_shapes)
    return _findings(results)


def run_checks(quads, checks_dir: Path, data=None) -> list[Finding]:
    """SPARQL checks, one ``.rq`` file each: every row they return is a violation of ``?focus``, reported once
    however many ways the query finds it. They hold the rules that need string arithmetic over whole documents,
    which rdflib's SPARQL engine evaluates far too slowly. The queries read the default graph as the union of the
    named graphs: a repeated triple can only repeat a row, and rows are reported once.

    A check in FAST_CHECKS is decided in Python over ``data`` (a graph.shacl.Data holding at least the CHECKED
    predicates; made here when not given) wherever its function can; Oxigraph runs the query otherwise, on a
    store loaded only then (on a 1,000-article graph the store alone took seconds and as much memory as the
    graph)."""
    from graph.query import short
    from graph.shacl import Data

    data = data if data is not None else Data(quads, CHECKED)
    store = None
    findings = []
    for path in sorted(checks_dir.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        message = next((line.split(":", 1)[1].strip() for line in text.splitlines()
                        if line.startswith("# message:")), path.stem)
        rows = FAST_CHECKS[path.stem](data) if path.stem in FAST_CHECKS else None
        if rows is None:
            if store is None:
                store = ox.Store()
                store.bulk_extend(q if isinstance(q, ox.Quad) else ox.Quad(q.subject, q.predicate, q.object)
                                  for q in quads)
            rows = {(short(row["focus"]), short(row["value"])) for row in
                    store.query(text, use_default_graph_as_union=True)}
        findings += [Finding("Violation", focus, path.stem, message, value, path.stem) for focus, value in rows]
    return findings


OA, XSD = PREFIXES["oa"], PREFIXES["xsd"]
TYPE, HAS_SOURCE, HAS_SELECTOR, EXACT, START, END, TEXT, BOILERPLATE = (ox.NamedNode(iri) for iri in (
    PREFIXES["rdf"] + "type", OA + "hasSource", OA + "hasSelector", OA + "exact", OA + "start", OA + "end",
    ONTOLOGY + "text", ONTOLOGY + "boilerplate"))
SPECIFIC_RESOURCE, QUOTE_SELECTOR, POSITION_SELECTOR = (ox.NamedNode(OA + name) for name in (
    "SpecificResource", "TextQuoteSelector", "TextPositionSelector"))
CHECKED = {TYPE, HAS_SOURCE, HAS_SELECTOR, EXACT, START, END, TEXT, BOILERPLATE}  # what FAST_CHECKS read
INTEGERS = {XSD + "integer", XSD + "nonNegativeInteger"}
_CANONICAL_INTEGER = re.compile(r"0|[1-9][0-9]*")


def _evidence(data):
    """Each evidence node (``?focus a oa:SpecificResource``) with its sources and its selectors of each kind."""
    for focus in data.typed(SPECIFIC_RESOURCE):
        selectors = data.values(focus, HAS_SELECTOR)
        yield (focus, data.values(focus, HAS_SOURCE),
               [s for s in selectors if QUOTE_SELECTOR in data.values(s, TYPE)],
               [s for s in selectors if POSITION_SELECTOR in data.values(s, TYPE)])


def _offsets(data, node) -> list[tuple]:
    return [(start, end) for start in data.values(node, START) for end in data.values(node, END)]


def _integer(term) -> int | None:
    """A plain integer literal's value; None for anything whose cast SPARQL would judge (xsd:integer("07"))."""
    if isinstance(term, ox.Literal) and term.datatype.value in INTEGERS and _CANONICAL_INTEGER.fullmatch(term.value):
        return int(term.value)
    return None


def quote_offsets_rows(data) -> set[tuple[str, str]] | None:
    """The rows of checks/quote-matches-offsets.rq, or None where the data holds a case this does not imitate
    (offsets that are not plain integers within the text, a text that is not a plain string, a blank node): the
    query then runs. The query takes a substring of the whole document text for each quote, which Oxigraph
    copies and walks character by character: on one 2 MB document with 35,000 quotes it took 50 to 90 s, where
    Python's slices take milliseconds."""
    from graph.query import short

    # Each text is copied out of Oxigraph once per document (every access to a literal's value copies it), as a
    # str, or None when it is not a plain string, whose substrings SPARQL would tag.
    plain: dict = {}
    rows = set()
    for focus, sources, quotes, positions in _evidence(data):
        texts = []
        for source in sources:
            if source not in plain:
                plain[source] = [text.value if isinstance(text, ox.Literal) and text.datatype.value == XSD + "string"
                                 and not text.language else None for text in data.values(source, TEXT)]
            texts += plain[source]
        values = [value for quote in quotes for value in data.values(quote, EXACT)]
        offsets = [pair for position in positions for pair in _offsets(data, position)]
        for value, (start, end), text in product(values, offsets, texts):
            first, last = _integer(start), _integer(end)
            if text is None or first is None or last is None or not 0 <= first <= last <= len(text) \
                    or isinstance(value, ox.BlankNode):
                return None
            if text[first:last] != value.value:
                rows.add((short(focus), short(value)))
    return rows


def boilerplate_rows(data) -> set[tuple[str, str]] | None:
    """The rows of checks/evidence-outside-boilerplate.rq, or None where an offset is not a plain integer (the
    query then runs): evidence whose offsets overlap a boilerplate span of its source."""
    from graph.query import short

    rows = set()
    for focus, sources, _quotes, positions in _evidence(data):
        spans = [(span, pair) for source in sources for span in data.values(source, BOILERPLATE)
                 for pair in _offsets(data, span)]
        if not spans:
            continue
        for pair in (pair for position in positions for pair in _offsets(data, position)):
            for span, span_pair in spans:
                start, end, span_start, span_end = (_integer(term) for term in (*pair, *span_pair))
                if None in (start, end, span_start, span_end):
                    return None
                if start < span_end and span_start < end:
                    rows.add((short(focus), short(span)))
    return rows


# Checks that Python decides where it can, as their queries would; tests/test_validate_checks.py compares them.
FAST_CHECKS = {"quote-matches-offsets": quote_offsets_rows, "evidence-outside-boilerplate": boilerplate_rows}


def validate_file(path: Path, shapes_path: Path) -> Report:
    """Validate a TriG, N-Quads, Turtle or N-Triples file."""
    from graph.rdf_files import read_graph

    return validate_quads(read_graph(path), shapes_path)


def _findings(results) -> list[Finding]:
    import rdflib

    sh = rdflib.Namespace(SH)
    findings = []
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        parts = {prop: _short(results.value(result, sh[prop])) for prop in
                 ("resultSeverity", "focusNode", "resultPath", "resultMessage", "value", "sourceConstraintComponent")}
        findings.append(Finding(severity=parts["resultSeverity"].removeprefix("sh:"), focus=parts["focusNode"],
                                path=parts["resultPath"], message=parts["resultMessage"], value=parts["value"],
                                constraint=parts["sourceConstraintComponent"]))
    return findings


def _short(term) -> str:
    import rdflib

    if term is None:
        return ""
    if isinstance(term, rdflib.URIRef):
        return shorten(str(term))
    return "[]" if isinstance(term, rdflib.BNode) else str(term)


def _term(term) -> str:
    """A pyoxigraph term as _short writes the rdflib one, so that both engines' findings compare equal."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    return "[]" if isinstance(term, ox.BlankNode) else term.value
