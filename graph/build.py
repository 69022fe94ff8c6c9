"""The build: corpus → assemble → validate → export, as one library call that the CLI wraps."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graph.namespaces import DEFAULT_BASE, ONTOLOGY, PREFIXES

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
CURATED_DIR = PACKAGE_DIR / "curated"
ONTOLOGY_DIR = PROJECT_DIR / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "bilat.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ONTOLOGY_DIR / "queries"
SEEDS_DIR = PROJECT_DIR / "seeds"

ENTITY_CLASSES = {
    "schema:Person": "people", "org:FormalOrganization": "organisations", "schema:Country": "countries",
    "schema:Place": "places", "bo:Facility": "facilities", "bo:Group": "groups", "org:Post": "posts",
}


@dataclass
class BuildResult:
    written: list[Path]
    summary: dict
    report: object  # graph.validate.Report
    refused: bool = False
    outputs: dict[str, bytes] = field(default_factory=dict)


def build(seeds: Path = SEEDS_DIR, out: Path = Path("out"), base: str = DEFAULT_BASE,
          allow_invalid: bool = False, curated: Path = CURATED_DIR) -> BuildResult:
    """Build the graph from ``seeds`` and the curated facts and write it to ``out``.

    Nothing is written when the graph violates the shapes, unless ``allow_invalid``; nothing already in
    ``out`` is touched when any input is bad (the error is raised before the first write)."""
    from graph.assemble import assemble
    from graph.corpus import load_corpus
    from graph.export import FORMATS, serialize, summary_json, write_outputs
    from graph.validate import validate_quads

    documents = load_corpus(seeds)
    assembly = assemble(documents, curated, ONTOLOGY_FILE, base)
    report = validate_quads(assembly.quads, SHAPES_FILE)
    summary = summarize(assembly.quads, base)
    summary["violations"] = len(report.violations)
    if not report.conforms and not allow_invalid:
        return BuildResult(written=[], summary=summary, report=report, refused=True)
    outputs = {name: serialize(assembly.quads, name, base) for name in FORMATS}
    outputs["summary.json"] = summary_json(summary)
    return BuildResult(written=write_outputs(outputs, out), summary=summary, report=report, outputs=outputs)


def summarize(quads, base: str) -> dict:
    """Counts a reader checks first: triples, graphs, documents, entities and facts by class, provenance."""
    from graph.export import count_by

    rdf_type = PREFIXES["rdf"] + "type"
    subclass = PREFIXES["rdfs"] + "subClassOf"
    types: dict[str, set[str]] = {}
    parents: dict[str, set[str]] = {}
    derived, evidenced = set(), set()
    for quad in quads:
        s, p, o = quad.subject.value, quad.predicate.value, quad.object.value
        if p == rdf_type:
            types.setdefault(s, set()).add(o)
        elif p == subclass:
            parents.setdefault(s, set()).add(o)
        elif p == PREFIXES["prov"] + "wasDerivedFrom":
            derived.add(s)
        elif p == ONTOLOGY + "evidence":
            evidenced.add(s)
    fact_kinds = _subclasses(ONTOLOGY + "Fact", parents)
    facts = {s: t & fact_kinds for s, t in types.items() if t & fact_kinds}
    entity_iris = {_expand(name): label for name, label in ENTITY_CLASSES.items()}
    entities = [entity_iris[t] for s, ts in types.items() for t in ts if t in entity_iris]
    with_provenance = sum(1 for s in facts if s in derived and s in evidenced)
    return {
        "triples": len({(q.subject, q.predicate, q.object) for q in quads}),
        "quads": len(quads),
        "named_graphs": len({q.graph_name for q in quads}),
        "documents": sum(1 for ts in types.values() if ONTOLOGY + "Document" in ts),
        "entities": count_by(entities),
        "facts": count_by(_short(min(kinds)) for kinds in facts.values()),
        "facts_total": len(facts),
        "facts_with_provenance": with_provenance,
        "provenance_share": round(with_provenance / len(facts), 4) if facts else 1.0,
        "base": base,
    }


def _subclasses(root: str, parents: dict[str, set[str]]) -> set[str]:
    found, changed = {root}, True
    while changed:
        changed = False
        for child, ups in parents.items():
            if child not in found and ups & found:
                found.add(child)
                changed = True
    return found


def _expand(name: str) -> str:
    prefix, local = name.split(":", 1)
    return PREFIXES[prefix] + local


def _short(iri: str) -> str:
    return "bo:" + iri[len(ONTOLOGY):] if iri.startswith(ONTOLOGY) else iri
