"""Validate stage: SHACL shapes (ontology/shapes.ttl) over the union of all named graphs, with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.namespaces import PREFIXES, shorten

SH = PREFIXES["sh"]


@dataclass(frozen=True)
class Finding:
    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str
    message: str
    value: str = ""


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "Violation")

    @property
    def conforms(self) -> bool:
        return not self.violations


def validate_quads(quads, shapes_path: Path, checks_dir: Path | None = None) -> Report:
    """Run the SHACL shapes over the union of ``quads`` (the ontology is among them, so subclasses are
    followed), and the SPARQL checks in ``checks_dir`` (default: ``checks/`` beside the shapes)."""
    import rdflib
    from pyshacl import validate

    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    data = rdflib.Graph()
    data.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    shapes = rdflib.Graph().parse(shapes_path, format="turtle")
    _conforms, results, _text = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                                         abort_on_first=False)
    findings = _findings(results) + run_checks(triples, checks_dir or shapes_path.parent / "checks")
    return Report(findings=tuple(sorted(findings, key=lambda f: (f.severity, f.focus, f.path, f.message))))


def run_checks(triples, checks_dir: Path) -> list[Finding]:
    """SPARQL checks, one ``.rq`` file each: every row they return is a violation of ``?focus``. They hold the
    rules that need string arithmetic over whole documents, which rdflib's SPARQL engine (used by pySHACL)
    evaluates far too slowly; Oxigraph answers them in milliseconds."""
    from graph.query import short
    from graph.store import memory_store

    store = memory_store(triples)
    findings = []
    for path in sorted(checks_dir.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        message = next((line.split(":", 1)[1].strip() for line in text.splitlines()
                        if line.startswith("# message:")), path.stem)
        for row in store.query(text):
            findings.append(Finding("Violation", short(row["focus"]), path.stem, message, short(row["value"])))
    return findings


def validate_file(path: Path, shapes_path: Path) -> Report:
    """Validate a TriG, N-Quads, Turtle or N-Triples file."""
    from graph.rdf_files import read_graph

    return validate_quads(read_graph(path), shapes_path)


def _findings(results) -> list[Finding]:
    import rdflib

    sh = rdflib.Namespace(SH)
    findings = []
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        parts = {prop: _short(results.value(result, sh[prop]))
                 for prop in ("resultSeverity", "focusNode", "resultPath", "resultMessage", "value")}
        findings.append(Finding(severity=parts["resultSeverity"].removeprefix("sh:"), focus=parts["focusNode"],
                                path=parts["resultPath"], message=parts["resultMessage"], value=parts["value"]))
    return findings


def _short(term) -> str:
    import rdflib

    if term is None:
        return ""
    if isinstance(term, rdflib.URIRef):
        return shorten(str(term))
    return "[]" if isinstance(term, rdflib.BNode) else str(term)
