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
    findings = _pyshacl_findings(quads, shapes_path) if engine == "pyshacl" else _fast_findings(quads, shapes_path)
    findings += run_checks(quads, checks_dir or shapes_path.parent / "checks")
    return Report(findings=tuple(sorted(findings, key=astuple)))


def _fast_findings(quads, shapes_path: Path) -> list[Finding]:
    from graph.shacl import Data, Shapes, Undecided, Validator

    shapes = Shapes.parse(shapes_path.read_text(encoding="utf-8"))
    validator = Validator(Data(quads, shapes.predicates()))
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


def run_checks(quads, checks_dir: Path) -> list[Finding]:
    """SPARQL checks, one ``.rq`` file each: every row they return is a violation of ``?focus``, reported once
    however many ways the query finds it. They hold the rules that need string arithmetic over whole documents,
    which rdflib's SPARQL engine evaluates far too slowly; Oxigraph answers them in milliseconds. The queries read
    the default graph as the union of the named graphs: a repeated triple can only repeat a row, and rows are
    reported once."""
    from graph.query import short

    store = ox.Store()
    store.bulk_extend(q if isinstance(q, ox.Quad) else ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    findings = []
    for path in sorted(checks_dir.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        message = next((line.split(":", 1)[1].strip() for line in text.splitlines()
                        if line.startswith("# message:")), path.stem)
        rows = FAST_CHECKS[path.stem](quads) if path.stem in FAST_CHECKS else None
        if rows is None:
            rows = {(short(row["focus"]), short(row["value"])) for row in
                    store.query(text, use_default_graph_as_union=True)}
        findings += [Finding("Violation", focus, path.stem, message, value, path.stem) for focus, value in rows]
    return findings


OA, XSD = PREFIXES["oa"], PREFIXES["xsd"]
SELECTORS = {OA + "TextQuoteSelector", OA + "TextPositionSelector"}
INTEGERS = {XSD + "integer", XSD + "nonNegativeInteger"}
_CANONICAL_INTEGER = re.compile(r"0|[1-9][0-9]*")


def quote_offsets_rows(quads) -> set[tuple[str, str]] | None:
    """The rows of checks/quote-matches-offsets.rq, or None where the data holds a case this does not imitate
    (offsets that are not plain integers within the text, a text that is not a plain string, a blank node): the
    query then runs. The query takes a substring of the whole document text for each quote, which Oxigraph
    copies and walks character by character: on one 2 MB document with 35,000 quotes it took 50 to 90 s, where
    Python's slices take milliseconds."""
    from graph.query import short

    wanted = {PREFIXES["rdf"] + "type", OA + "hasSource", OA + "hasSelector", OA + "exact", OA + "start",
              OA + "end", ONTOLOGY + "text"}
    index: dict[str, dict] = {name: {} for name in wanted}
    for quad in quads:
        predicate = quad.predicate.value
        if predicate in wanted:
            index[predicate].setdefault(quad.subject, set()).add(quad.object)
    types = {node: {term.value for term in classes} for node, classes in index[PREFIXES["rdf"] + "type"].items()}
    # Each text is copied out of Oxigraph once per document (every access to a literal's value copies it), as a
    # str, or None when it is not a plain string, whose substrings SPARQL would tag.
    plain = {source: [text.value if isinstance(text, ox.Literal) and text.datatype.value == XSD + "string"
                      and not text.language else None for text in texts]
             for source, texts in index[ONTOLOGY + "text"].items()}
    rows = set()
    for focus, sources in index[OA + "hasSource"].items():
        if OA + "SpecificResource" not in types.get(focus, ()):
            continue
        selectors = index[OA + "hasSelector"].get(focus, set())
        quotes = [(s, v) for s in selectors if OA + "TextQuoteSelector" in types.get(s, ()) for v in
                  index[OA + "exact"].get(s, ())]
        positions = [(start, end) for s in selectors if OA + "TextPositionSelector" in types.get(s, ())
                     for start in index[OA + "start"].get(s, ()) for end in index[OA + "end"].get(s, ())]
        texts = [text for source in sources for text in plain.get(source, ())]
        for (_selector, value), (start, end), text in product(quotes, positions, texts):
            differs = _quote_differs(text, start, end, value)
            if differs is None:
                return None
            if differs:
                rows.add((short(focus), short(value)))
    return rows


def _quote_differs(text: str | None, start, end, value) -> bool | None:
    """Whether SUBSTR(text, start + 1, end - start) != STR(value) holds, or None where SPARQL's casts, string
    positions or comparisons of typed literals would have their say (``text`` None: not a plain string)."""
    if text is None:
        return None
    bounds = []
    for offset in (start, end):
        if not (isinstance(offset, ox.Literal) and offset.datatype.value in INTEGERS
                and _CANONICAL_INTEGER.fullmatch(offset.value)):
            return None
        bounds.append(int(offset.value))
    if not 0 <= bounds[0] <= bounds[1] <= len(text) or isinstance(value, ox.BlankNode):
        return None
    return text[bounds[0]:bounds[1]] != value.value


# Checks that Python decides where it can, as their query would; tests/test_validate_checks.py compares them.
FAST_CHECKS = {"quote-matches-offsets": quote_offsets_rows}


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
