"""The build: corpus → assemble → validate → export, as one library call that the CLI wraps."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import BilatError
from graph.kinds import entity_kinds
from graph.namespaces import DEFAULT_BASE, ONTOLOGY, PREFIXES

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
CURATED_DIR = PACKAGE_DIR / "curated"
ONTOLOGY_DIR = PROJECT_DIR / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "bilat.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ONTOLOGY_DIR / "queries"
SEEDS_DIR = PROJECT_DIR / "seeds"



@dataclass
class BuildResult:
    written: list[Path]
    summary: dict
    report: object  # graph.validate.Report
    refused: bool = False
    skipped: list[str] = field(default_factory=list)
    cache: object = None  # graph.cache.ExtractionCache, with its hits and misses; None when built without one
    stages: object = None  # graph.stages.Stages: wall and CPU time per stage, never written to a file
    up_to_date: bool = False  # ``out`` already held this build, intact: nothing was redone (graph.uptodate)


@contextmanager
def _cycle_collector_paused():
    """Python's cycle collector paused for a block (and restored as found). The graph-wide stages make millions
    of small containers (the validator's index, sets of terms, lines) that live until their stage ends, and
    every few hundred allocations the collector walks them again, in vain: none is part of a cycle. At 300
    articles that was 40% of validation and a fifth of assembly. The page is drawn with the collector on: its
    data (graph.render) do hold cycles, which would otherwise stay in memory until the build ends."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(seeds: Path = SEEDS_DIR, out: Path = Path("out"), base: str = DEFAULT_BASE,
          allow_invalid: bool = False, curated: Path | None = CURATED_DIR, docs: tuple[Path, ...] = (),
          decisions: Path | None = None, progress=None, cache: Path | None = None,
          max_document_bytes: int | None = None, jobs: int | None = None) -> BuildResult:
    """Build the graph from ``seeds`` (plus the files and folders in ``docs``), the curated facts (none when
    ``curated`` is None) and machine extraction, and write it to ``out``, replacing the folder's previous
    outputs as one set (graph.export.new_outputs); a folder holding other files is refused.

    Documents with curated facts are covered by their curators; every other document is extracted, minus the
    candidates a reviewer rejected, plus those accepted (kept from the decisions file). Nothing is written when
    the graph violates the shapes, unless ``allow_invalid``; nothing already in ``out`` is touched when any input
    is bad (the error is raised before the first write).

    With a ``cache`` folder, what extraction found in each document is kept there and reused while the document
    and the extractor are unchanged (graph.cache); the graph files are the same bytes either way. The cache also
    remembers what each build wrote: when no input has changed since the build in ``out`` and its files are
    intact, nothing is redone (graph.uptodate) and the result says so (``up_to_date``).

    A document file larger than ``max_document_bytes`` (default graph.corpus.MAX_DOCUMENT_BYTES) is not read:
    one under ``docs`` is skipped with a note, a seed stops the build. Extraction uses up to ``jobs`` processes
    (default: the CPUs available)."""
    from concurrent.futures import ThreadPoolExecutor

    from graph import uptodate
    from graph.assemble import assemble, finalize
    from graph.cache import ExtractionCache
    from graph.corpus import MAX_DOCUMENT_BYTES, load_corpus, load_paths
    from graph.export import OUTPUTS, check_out, new_outputs, summary_json, write_graphs, write_outputs
    from graph.render import render_html
    from graph.review import DECISIONS_FILE, load_triples
    from graph.stages import Stages
    from graph.store import merge_store, write_store
    from graph.validate import validate_quads

    stages = Stages()
    check_out(out)
    if cache is not None and cache.resolve().is_relative_to(out.resolve()):
        raise BilatError("the extraction cache cannot live in the output folder, which each build replaces whole",
                         cache)
    extraction_cache = ExtractionCache(cache) if cache is not None else None
    limit = max_document_bytes or MAX_DOCUMENT_BYTES
    documents = load_corpus(seeds, limit, extraction_cache)
    extra, skipped = load_paths(list(docs), limit, extraction_cache)
    documents, repeated = _unique(documents + extra)
    skipped += repeated
    decisions = decisions or DECISIONS_FILE
    fingerprint = ""
    if extraction_cache is not None:
        options = {"seeds": seeds.resolve(), "base": base, "allow_invalid": allow_invalid, "limit": limit,
                   "curated": curated.resolve() if curated is not None else None, "decisions": decisions.resolve()}
        fingerprint = uptodate.inputs(documents, skipped, curated=curated, decisions=decisions,
                                      ontology=ONTOLOGY_DIR, options=options)
        recorded = extraction_cache.stamp(out)
        if uptodate.matches(recorded, fingerprint, out):
            stages.lap("read")
            return BuildResult(written=[out / name for name in OUTPUTS if (out / name).exists()],
                               summary=recorded["summary"], report=uptodate.recorded_report(recorded),
                               skipped=recorded["summary"]["skipped"], cache=extraction_cache, stages=stages,
                               up_to_date=True)
    stages.lap("read")
    with _cycle_collector_paused():
        assembly = assemble(documents, curated, ONTOLOGY_FILE, base)
        stages.lap("assemble")
    review = load_triples(decisions)
    stages.lap("read")
    # the collector stays on here: extraction in this process (one document, or one job) runs spaCy, whose
    # garbage was never measured with it paused
    assembly.quads |= extracted_quads(documents, assembly.quads, curated, review, progress, extraction_cache, jobs)
    stages.lap("extract")
    with _cycle_collector_paused():
        assembly = finalize(assembly, curated, documents)
        skipped += assembly.dropped
        stages.lap("assemble")
        report = validate_quads(assembly.quads, SHAPES_FILE)
        if not report.conforms:
            assembly.quads, report, left_out = without_failing_extraction(assembly, documents, report)
            skipped += left_out
        stages.lap("validate")
        summary = summarize(assembly.quads, base)
        summary["violations"] = len(report.violations)
        summary["skipped"] = skipped
        stages.lap("assemble")
    if not report.conforms and not allow_invalid:
        summary["triples"] = len({quad.triple for quad in assembly.quads})  # a written build counts them as it goes
        return BuildResult(written=[], summary=summary, report=report, refused=True,
                           cache=extraction_cache, stages=stages)
    with new_outputs(out) as folder:
        # Each file is streamed to disk as it is made. The folder is swapped in whole at the end, so a failure
        # half-way still leaves ``out`` as it was.
        with _cycle_collector_paused():
            written, summary["triples"] = write_graphs(assembly.quads, folder, base)
        # The page is drawn from a store of the merge, read from graph.ttl; the Python set of quads goes first,
        # since on a graph of 750,000 triples it took about as much memory as that store.
        del assembly
        _release_memory()
        stages.lap("serialize")
        # Oxigraph's bulk loader lets go of the GIL: the store is written from the graph files on another core
        # while the page, Python's work, is drawn. "store" is then the wait for it after the page.
        with ThreadPoolExecutor(max_workers=1) as loader:
            store = loader.submit(write_store, folder)
            merge = merge_store(folder / "graph.ttl")
            written += write_outputs({"graph.html": render_html(merge)}, folder)
            del merge
            stages.lap("render")
            written += write_outputs({"summary.json": summary_json(summary)}, folder)
            stages.lap("serialize")
            written.append(store.result())
    stages.lap("store")  # with the swap of the new outputs into place
    written = [out / path.name for path in written]
    if extraction_cache is not None:
        extraction_cache.put_stamp(out, uptodate.stamp(fingerprint, out, summary, report))
        stages.lap("store")
    return BuildResult(written=written, summary=summary, report=report, skipped=skipped,
                       cache=extraction_cache, stages=stages)


def _release_memory() -> None:
    """Hand the memory of the quads just let go back to the system. Their terms' text is held by Oxigraph in
    many small blocks of the C heap, which glibc keeps for reuse after they are freed: on the 2 MB document's
    graph the build's peak, in rendering, went from 1,148 to 1,073 MiB with this (one run each). Elsewhere
    (another C library, another system) there is nothing to do."""
    import ctypes
    import sys

    if sys.platform.startswith("linux"):
        trim = getattr(ctypes.CDLL(None), "malloc_trim", None)  # glibc's; musl has none
        if trim is not None:
            trim(0)


def _unique(documents) -> tuple[list, list[str]]:
    """One document per id, and the problems met on the way. A file given twice (a seed also under --docs) counts
    once, and so does a file whose name gives a taken id and whose text is the same; another file whose name gives
    a taken id (``a.txt``, ``a.md``) gets its text's hash appended, so that it is extracted under an id of its own
    rather than stop the build."""
    from dataclasses import replace

    seen: dict[str, object] = {}
    problems = []
    for document in documents:
        first = seen.get(document.id)
        if first is not None and first.path.resolve() == document.path.resolve():
            continue
        if first is not None:
            if first.sha256 == document.sha256:
                problems.append(f"{document.path}: the same text as {first.path}; read once")
                continue
            document = replace(document, id=f"{document.id}-{document.sha256[:8]}")
            if document.id in seen:
                problems.append(f"{document.path}: the same name and text as {seen[document.id].path}; read once")
                continue
        seen[document.id] = document
    return list(seen.values()), problems


def without_failing_extraction(assembly, documents, report, rounds: int = 5):
    """The assembled quads less the extracted statements about each node that violates the shapes, the report
    on what is left, and a line per document and node left out. Whatever an extractor writes about a document,
    the rest of the graph is built: a node only extraction describes goes with the statements that point at it
    (its fact may then fail in turn, hence the rounds); a node also described elsewhere loses only the extracted
    statements about it, so a violation of curated facts still refuses the build."""
    from graph.assemble import extracted_graph, rebased
    from graph.namespaces import shorten
    from graph.validate import validate_quads

    sources = {rebased(extracted_graph(document), assembly.base): document.path for document in documents}
    quads, notes = assembly.quads, []
    for _ in range(rounds):
        failing = {finding.focus: finding.message for finding in reversed(report.violations)}
        extracted = {q for q in quads if q.graph_name in sources and shorten(q.subject.value) in failing}
        if not extracted:
            break
        culprits = {quad.subject for quad in extracted}
        elsewhere = {q.subject for q in quads if q.subject in culprits and q.graph_name not in sources}
        extracted |= {q for q in quads if q.graph_name in sources and q.object in culprits - elsewhere}
        notes += sorted({f"{sources[q.graph_name]}: extracted {shorten(q.subject.value)} left out: "
                         f"{failing[shorten(q.subject.value)]}" for q in extracted if q.subject in culprits})
        quads = quads - extracted
        report = validate_quads(quads, SHAPES_FILE)
        if report.conforms:
            break
    return quads, report, notes


def extracted_quads(documents, curated_quads, curated: Path | None, review_triples: list, progress=None,
                    cache=None, jobs: int | None = None):
    """Extraction of every document that has no curated file, in a named graph per document; rejected
    candidates left out, accepted ones taken from the decisions file (graph ``graph-review``). With a ``cache``
    (graph.cache.ExtractionCache), a document it holds is not parsed, and spaCy is loaded only when one is.
    Documents to parse are shared among ``jobs`` processes (default: the CPUs available) when there are enough of
    them (extract_all)."""
    from graph.assemble import extracted_graph, in_graph, node
    from graph.cache import fingerprint
    from graph.candidates import agent_triples, candidate_triples
    from graph.extraction.rules import Rules
    from graph.review import decisions as read_decisions

    covered = {path.name.split(".")[0] for path in curated.glob("*.ttl")} if curated else set()
    todo = [d for d in documents if d.id not in covered]
    made = read_decisions(review_triples)
    quads: set = set()
    if not todo:
        return quads
    rules = Rules.load()
    lexicon = graph_lexicon(curated_quads, rules)
    setting = fingerprint(rules, lexicon) if cache else ""
    found = {}
    for document in todo:
        candidates = cache.get(setting, document) if cache else None
        if candidates is not None:
            found[document.id] = candidates
    missing = [document for document in todo if document.id not in found]
    for document, candidates in extract_all(missing, rules, lexicon, jobs or default_jobs(), progress):
        found[document.id] = candidates
        if cache:
            cache.put(setting, document, candidates)
    known = {q.subject.value.removeprefix(node("").value) for q in curated_quads
             if q.predicate.value == PREFIXES["rdf"] + "type"}
    for document in todo:
        triples = []
        for candidate in found[document.id]:
            if candidate.id not in made:
                triples += candidate_triples(candidate, document, known, rules.version)
        quads |= in_graph(triples, extracted_graph(document))
    quads |= in_graph(agent_triples(rules.version), node("graph-documents"))
    quads |= in_graph(review_triples, node("graph-review"))
    return quads


# Below this many documents to parse, one process does it all: each worker pays for loading spaCy (2–4 s), which
# takes longer than parsing a few dozen news articles.
POOL_MIN_DOCUMENTS = 48


def default_jobs() -> int:
    """The processes extraction may use: the CPUs this process may run on."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def extract_all(documents, rules, lexicon, jobs: int, progress=None):
    """(document, candidates) for each of ``documents``, in their order. With ``jobs`` > 1 and at least
    POOL_MIN_DOCUMENTS of them, the parsing is shared among that many worker processes; a document's candidates
    depend on that document alone (the cache relies on it too), so the result is the same either way."""
    from graph.extraction.extractor import Extractor

    if not documents:
        return
    shown = progress(documents) if progress else documents
    if jobs < 2 or len(documents) < POOL_MIN_DOCUMENTS:
        extractor = Extractor(rules, lexicon)
        for document in shown:
            yield document, extract_document(extractor, document)
        return
    import multiprocessing

    # spawn, not fork: a forked child would inherit the build's threads and the locks they might hold.
    context = multiprocessing.get_context("spawn")
    with context.Pool(min(jobs, len(documents)), initializer=_start_worker, initargs=(rules, lexicon)) as pool:
        # One document per task: documents vary in size, and a big one must not hold back a chunk of small ones.
        results = pool.imap(_extract_in_worker, documents, chunksize=1)
        for document in shown:
            yield document, next(results)


def extract_document(extractor, document):
    """The candidates of one document: what the cache keeps."""
    return extractor.extract(document)


_worker_extractor = None


def _start_worker(rules, lexicon) -> None:
    from graph.extraction.extractor import Extractor

    global _worker_extractor
    _worker_extractor = Extractor(rules, lexicon)


def _extract_in_worker(document):
    return extract_document(_worker_extractor, document)


def graph_lexicon(quads, rules=None):
    """The extractor's lexicon: the rules' gazetteer, with the graph's own entities and their names first."""
    from graph.extraction.linking import Lexicon
    from graph.extraction.rules import Rules

    kinds = {PREFIXES["schema"] + "Person": "person", PREFIXES["org"] + "FormalOrganization": "organisation",
             PREFIXES["schema"] + "Country": "country", PREFIXES["schema"] + "Place": "place"}
    label_props = {PREFIXES["skos"] + name for name in ("prefLabel", "altLabel", "hiddenLabel")}
    types, names, preferred = {}, {}, {}
    for quad in quads:
        subject = quad.subject.value.removeprefix(DEFAULT_BASE)
        if quad.predicate.value == PREFIXES["rdf"] + "type" and quad.object.value in kinds:
            types[subject] = kinds[quad.object.value]
        elif quad.predicate.value in label_props:
            names.setdefault(subject, set()).add(quad.object.value)
            if quad.predicate.value.endswith("prefLabel"):
                preferred[subject] = quad.object.value
    lexicon = Lexicon()
    for slug in sorted(types):
        for name in sorted(names.get(slug, ())):
            if not _names_across_documents(name, types[slug]):
                continue
            lexicon.add(name, slug, types[slug], preferred.get(slug, name))
    # A gazetteer name joins the graph's entity of the same label when there is one ("South Korean" → the curated
    # Republic of Korea); names the graph already has keep their entity. The targets are looked up before any
    # name is added, because each add invalidates the lexicon's case-folded index.
    gazetteer = Lexicon.from_rules(rules or Rules.load()).names.items()
    targets = [(name, lexicon.lookup(label) or (slug, kind, label)) for name, (slug, kind, label) in gazetteer]
    for name, entry in targets:
        lexicon.add(name, *entry)
    return lexicon


def _names_across_documents(name: str, kind: str) -> bool:
    """Whether a curated name may link mentions in other documents. A surname alone ("Lee") or a common noun
    ("embassy", "police") is how one document refers back to someone it has named in full; in another document
    the same word is someone else, so the extractor resolves such words within each document instead."""
    if not name[:1].isupper():
        return False
    return kind != "person" or len(name.split()) > 1


def summarize(quads, base: str) -> dict:
    """Counts a reader checks first: quads, graphs, documents, entities and facts by class, provenance. The
    triples of the merge are counted by whoever has it: the serializer (graph.export.write_graphs)."""
    from graph.export import count_by

    rdf_type = PREFIXES["rdf"] + "type"
    subclass = PREFIXES["rdfs"] + "subClassOf"
    types: dict[str, set[str]] = {}
    parents: dict[str, set[str]] = {}
    derived, evidenced = set(), set()
    derived_from, evidence = PREFIXES["prov"] + "wasDerivedFrom", ONTOLOGY + "evidence"
    for quad in quads:
        # Terms are copied out of pyoxigraph on each access: the predicate alone decides whether the rest is needed.
        p = quad.predicate.value
        if p == rdf_type:
            types.setdefault(quad.subject.value, set()).add(quad.object.value)
        elif p == subclass:
            parents.setdefault(quad.subject.value, set()).add(quad.object.value)
        elif p == derived_from:
            derived.add(quad.subject.value)
        elif p == evidence:
            evidenced.add(quad.subject.value)
    fact_kinds = _subclasses(ONTOLOGY + "Fact", parents)
    facts = {s: t & fact_kinds for s, t in types.items() if t & fact_kinds}
    entity_iris = {_expand(kind.cls): kind.plural for kind in entity_kinds() if kind.plural}
    entities = [entity_iris[t] for s, ts in types.items() for t in ts if t in entity_iris]
    with_provenance = sum(1 for s in facts if s in derived and s in evidenced)
    return {
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
