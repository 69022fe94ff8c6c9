"""Review decisions: a person accepts or rejects machine-extracted candidate facts.

Decisions are data in the repository (``graph/review/decisions.ttl``), with who decided, when and why. An
accepted candidate is copied into the file with its evidence, so it stays in the graph even when the extractor
changes; a rejected one is never added again, because candidate identifiers are stable (a hash of the document,
the kind of fact and where it is, not of the rules that found it).
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.assemble import RDF_TYPE, bo, literal, node, term
from graph.errors import BilatError, line_of
from graph.namespaces import DEFAULT_BASE, PREFIXES, serialization_prefixes

DECISIONS_FILE = Path(__file__).resolve().parent / "review" / "decisions.ttl"
HEADER = (b"# Review decisions on machine-extracted candidate facts (bilat review accept/reject).\n"
          b"# Accepted candidates are kept here with their evidence, so they survive re-extraction.\n")


@dataclass(frozen=True)
class Decision:
    candidate: str
    verdict: str  # accepted | rejected
    reviewer: str
    when: str
    reason: str


@dataclass(frozen=True)
class Pending:
    """A candidate fact as listed for review."""

    candidate: str
    kind: str
    label: str
    confidence: str
    document: str
    quote: str
    status: str


def load_triples(path: Path) -> list[ox.Triple]:
    """The decisions file's triples (none before the first decision). The file is edited by hand too, so each
    decision is checked for what the build and the listing read from it."""
    if not path.exists():
        return []
    if path.is_dir():
        raise BilatError("is a folder, not a decisions file", path)
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except SyntaxError as error:
        raise BilatError(f"malformed decisions file: {error.msg}", path, error.lineno) from None
    for subject, group in _by_subject(triples).items():
        values = {triple.predicate: triple.object for triple in group}
        if values.get(RDF_TYPE) == bo("ReviewDecision") and (
                bo("candidateId") not in values or values.get(bo("verdict")) not in (bo("accepted"), bo("rejected"))):
            name = subject.value.rsplit("/", 1)[-1]
            raise BilatError(f"decision {name} needs a bo:candidateId and a bo:verdict (bo:accepted or "
                             "bo:rejected)", path, line_of(path.read_text(encoding="utf-8"), name))
    return triples


def decisions(triples: list[ox.Triple]) -> dict[str, Decision]:
    by_subject: dict[ox.NamedNode, dict[str, str]] = {}
    for triple in triples:
        by_subject.setdefault(triple.subject, {})[triple.predicate.value] = triple.object.value
    found = {}
    for values in by_subject.values():
        if values.get(PREFIXES["rdf"] + "type") == PREFIXES["bo"] + "ReviewDecision":
            verdict = values[PREFIXES["bo"] + "verdict"].removeprefix(PREFIXES["bo"])
            candidate = values[PREFIXES["bo"] + "candidateId"]
            found[candidate] = Decision(candidate, verdict, values.get(PREFIXES["prov"] + "wasAssociatedWith", ""),
                                        values.get(PREFIXES["prov"] + "endedAtTime", ""),
                                        values.get(PREFIXES["bo"] + "reason", ""))
    return found


def candidate_subgraph(graph_file: Path, candidate: str) -> list[ox.Triple]:
    """The candidate's triples and everything it needs to stand alone: its evidence and selectors, amounts,
    posts, the entities it names (with their mentions) and the extractor agent — but not documents, which
    stay in the corpus. Read from the file itself: a Store would normalise derived datatypes
    (xsd:nonNegativeInteger offsets become xsd:integer)."""
    from graph.rdf_files import read_graph

    by_subject = _by_subject(ox.Triple(q.subject, q.predicate, q.object) for q in read_graph(graph_file))
    reached = _reachable(by_subject, _facts_of(by_subject, {candidate}))
    return sorted((t for subject in reached for t in by_subject.get(subject, ())), key=str)


def _by_subject(triples) -> dict:
    grouped: dict = {}
    for triple in triples:
        grouped.setdefault(triple.subject, set()).add(triple)
    return grouped


def _facts_of(by_subject: dict, candidates: set[str]) -> list:
    """The fact nodes (not the decisions) that carry one of these candidate identifiers."""
    decision = bo("ReviewDecision")
    return [subject for subject, triples in by_subject.items()
            if ox.Triple(subject, RDF_TYPE, decision) not in triples
            and any(t.predicate == bo("candidateId") and t.object.value in candidates for t in triples)]


def _reachable(by_subject: dict, roots: list) -> set:
    """The subjects reachable from ``roots`` through the project's own IRIs, stopping at documents (which stay
    in the corpus)."""
    seen: set = set()
    queue = list(roots)
    while queue:
        subject = queue.pop()
        if subject in seen:
            continue
        triples = by_subject.get(subject, set())
        if ox.Triple(subject, RDF_TYPE, bo("Document")) in triples:
            continue
        seen.add(subject)
        queue += [t.object for t in triples
                  if isinstance(t.object, ox.NamedNode) and t.object.value.startswith(DEFAULT_BASE)]
    return seen


def record(path: Path, graph_file: Path, candidate: str, verdict: str, reason: str = "",
           reviewer: str | None = None, now: dt.datetime | None = None) -> Decision:
    """Write a decision for ``candidate`` (found in the built graph) to the decisions file."""
    from graph.export import union_triples, write_outputs

    if verdict == "rejected" and not reason.strip():
        raise BilatError("a rejection needs a reason (--reason TEXT): it tells the next reviewer why")
    snapshot = candidate_subgraph(graph_file, candidate)
    if not snapshot:
        raise BilatError(f"no candidate {candidate!r} in the built graph (see `bilat review`)", graph_file)
    reviewer = reviewer or getpass.getuser()
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
    decision_node = node(f"decision-{candidate}")
    triples = _without_copy([t for t in load_triples(path) if t.subject != decision_node], candidate)
    triples += [ox.Triple(decision_node, RDF_TYPE, bo("ReviewDecision")),
                ox.Triple(decision_node, bo("candidateId"), literal(candidate)),
                ox.Triple(decision_node, bo("verdict"), bo(verdict)),
                ox.Triple(decision_node, term("prov:wasAssociatedWith"), literal(reviewer)),
                ox.Triple(decision_node, term("prov:endedAtTime"), literal(when, "dateTime"))]
    if reason.strip():
        triples.append(ox.Triple(decision_node, bo("reason"), literal(reason)))
    if verdict == "accepted":
        triples += snapshot
    path.parent.mkdir(parents=True, exist_ok=True)
    data = HEADER + ox.serialize(union_triples(ox.Quad(t.subject, t.predicate, t.object) for t in triples),
                                 format=ox.RdfFormat.TURTLE, prefixes=serialization_prefixes())
    write_outputs({path.name: data}, path.parent)
    return Decision(candidate, verdict, reviewer, when, reason)


def _without_copy(triples: list[ox.Triple], candidate: str) -> list[ox.Triple]:
    """The decisions file without the earlier accepted copy of ``candidate``, which the new decision replaces;
    what another accepted copy also reaches (a person both facts name, say) stays."""
    by_subject = _by_subject(triples)
    others = {t.object.value for t in triples if t.predicate == bo("candidateId")} - {candidate}
    drop = (_reachable(by_subject, _facts_of(by_subject, {candidate}))
            - _reachable(by_subject, _facts_of(by_subject, others)))
    return [t for t in triples if t.subject not in drop]


def pending(graph_file: Path, path: Path) -> list[Pending]:
    """Every candidate fact in the built graph with its evidence and review status."""
    from graph.rdf_files import read_graph
    from graph.store import memory_store

    made = decisions(load_triples(path))
    query = f"""SELECT ?id ?type ?label ?confidence ?doc ?quote WHERE {{
        ?fact <{PREFIXES['bo']}candidateId> ?id ; a ?type ; <{PREFIXES['skos']}prefLabel> ?label ;
              <{PREFIXES['bo']}evidence> ?ev .
        ?ev <{PREFIXES['bo']}confidence> ?confidence ; <{PREFIXES['oa']}hasSource> ?d ;
            <{PREFIXES['oa']}hasSelector>/<{PREFIXES['oa']}exact> ?quote .
        ?d <{PREFIXES['dcterms']}identifier> ?doc }} ORDER BY ?doc ?id"""
    rows = memory_store(read_graph(graph_file)).query(query)
    listed: dict[str, Pending] = {}
    for row in rows:
        identifier = row["id"].value
        status = made[identifier].verdict if identifier in made else "pending"
        listed.setdefault(identifier, Pending(identifier, row["type"].value.rsplit("#", 1)[-1], row["label"].value,
                                              row["confidence"].value, row["doc"].value, row["quote"].value, status))
    return list(listed.values())

