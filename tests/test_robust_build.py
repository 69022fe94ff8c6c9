"""Builds never break on text: whatever extra documents say and whatever their files are called, `bilat build
--docs` exits 0 and writes a graph that conforms to the shapes."""

from __future__ import annotations

import itertools
import shutil

import pyoxigraph as ox
import pytest
from conftest import DATA, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graph.build as build_module
from graph.assemble import (
    ALT_LABEL,
    PREF_LABEL,
    RDF_TYPE,
    bo,
    check_references,
    document_node,
    evidence_triples,
    extracted_graph,
    in_graph,
    literal,
    node,
    term,
)
from graph.corpus import document_id, load_document
from graph.errors import BilatError


def _build(runner, mini, docs, out=None):
    return invoke(runner, "build", "--seeds", mini["seeds"], "--curated", mini["curated"], "--docs", docs,
                  "--out", out or mini["out"], "--decisions", mini["out"].parent / "no-decisions.ttl")


def _docs(folder, files: dict[str, str]):
    """A folder of documents, each file named and written as given."""
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    return folder


def _graph(out) -> list[ox.Quad]:
    return list(ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS))


def _about(out, subject: str) -> list[ox.Quad]:
    return [quad for quad in _graph(out) if node(subject) in (quad.subject, quad.object)]


# --- File names are not IRIs ------------------------------------------------------------------------------------

def test_plain_stems_keep_their_ids():
    assert document_id("000_8c6f8f67fcea1ec2.txt") == "000_8c6f8f67fcea1ec2"
    assert document_id("mini.txt") == "mini"


def test_any_file_name_gives_a_stable_readable_iri_safe_id():
    names = ["loan #1 (draft)?.txt", "한국 캄보디아.txt", "ព័ត៌មាន\u202e.md", "tab\there.txt", "a.b.c.txt", "%20.txt",
             "<script>.html", "\x07.txt", "x" * 200 + ".txt"]
    ids = [document_id(name) for name in names]
    for name, made in zip(names, ids, strict=True):
        assert document_id(name) == made
        ox.NamedNode(f"https://bilat.example/id/doc-{made}")  # raises on any character an IRI may not hold
        assert "." not in made and len(made) <= 60
    assert ids[0].startswith("loan-1-draft-") and ids[1].startswith("한국-캄보디아-")
    assert len(set(ids)) == len(ids)
    assert document_id("loan 1.txt") != document_id("loan-1!.txt")  # alike as slugs, told apart by the hash


def test_build_of_files_with_awkward_names(mini, runner, tmp_path):
    docs = _docs(tmp_path / "docs", {"loan #1 (draft)?.txt": "Korea will lend $20 million to Cambodia for roads.\n",
                                     "한국 캄보디아.txt": "Sok Dara met Lee Min-ho in Phnom Penh.\n",
                                     "same.txt": "Cambodia and Korea held talks.\n",
                                     "same.md": "Korea and Cambodia held other talks.\n"})
    result = _build(runner, mini, docs)
    assert result.exit_code == 0, result.output
    ids = {str(quad.object.value) for quad in _graph(mini["out"])
           if quad.predicate.value == "http://purl.org/dc/terms/identifier"}
    assert {document_id("loan #1 (draft)?.txt"), document_id("한국 캄보디아.txt"), "mini", "same"} < ids
    assert len(ids) == 5  # same.md is extracted under an id of its own
    assert invoke(runner, "validate", mini["out"] / "graph.trig").exit_code == 0


# --- Extracted graphs are settled whatever the extractor writes --------------------------------------------------

def _mention(document, slug: str, cls: str, name: str, extra=()) -> list[ox.Triple]:
    """What an extractor writes for an entity it names in ``document``: type, name, and the words as evidence."""
    start = document.text.index(name)
    subject, source = node(slug), document_node(document)
    evidence = node(f"doc-{document.id}-xev-{slug}")
    return [ox.Triple(subject, RDF_TYPE, term(cls)), ox.Triple(subject, PREF_LABEL, literal(name, language="en")),
            ox.Triple(subject, bo("evidence"), evidence), *extra,
            *evidence_triples(evidence, source, document, start, start + len(name))]


@pytest.fixture
def fake_extractor(monkeypatch):
    """Replace machine extraction by ``writes(document) -> triples`` for each document without curated facts."""
    def install(writes):
        def extracted_quads(documents, curated_quads, curated, review_triples, progress=None, cache=None, jobs=None):
            covered = {path.name.split(".")[0] for path in curated.glob("*.ttl")}
            return set().union(*(in_graph(writes(d), extracted_graph(d)) for d in documents if d.id not in covered))
        monkeypatch.setattr(build_module, "extracted_quads", extracted_quads)
    return install


def _library_build(mini, docs):
    return build_module.build(seeds=mini["seeds"], curated=mini["curated"], docs=(docs,), out=mini["out"])


def _labels(out, slug: str) -> dict[str, set[str]]:
    found = {"pref": set(), "alt": set()}
    for quad in _about(out, slug):
        if quad.subject == node(slug) and quad.predicate in (PREF_LABEL, ALT_LABEL):
            found["pref" if quad.predicate == PREF_LABEL else "alt"].add(quad.object.value)
    return found


def test_two_documents_naming_one_person_differently_give_one_preferred_name(mini, tmp_path, fake_extractor):
    docs = _docs(tmp_path / "docs", {"a.txt": "Envoy Chea Bora arrived in Seoul on Monday.\n",
                                     "b.txt": "Ambassador Chea Borah, who arrived on Monday, met Sok Dara.\n",
                                     "c.txt": "Chea Bora spoke first.\n", "d.txt": "Dara Sok answered.\n"})

    def writes(document):
        if "Dara Sok" in document.text:  # the curated Sok Dara, named otherwise
            return _mention(document, "sok-dara", "schema:Person", "Dara Sok")
        name = "Chea Bora" if "Chea Bora " in document.text else "Chea Borah"
        return _mention(document, "chea-bora", "schema:Person", name)

    fake_extractor(writes)
    result = _library_build(mini, docs)
    assert not result.refused, result.report.violations
    # two documents against one: the name most documents give is preferred, the other kept as an alternative
    assert _labels(mini["out"], "chea-bora") == {"pref": {"Chea Bora"}, "alt": {"Chea Borah"}}
    assert _labels(mini["out"], "sok-dara") == {"pref": {"Sok Dara"}, "alt": {"Dara Sok"}}


def test_an_undefined_minted_iri_costs_its_statement_not_the_build(mini, tmp_path, fake_extractor):
    docs = _docs(tmp_path / "docs", {"ghost.txt": "Deputy Minister Kim Sora of the Office of Inquiry spoke.\n"})
    fake_extractor(lambda document: _mention(document, "kim-sora", "schema:Person", "Kim Sora", [
        ox.Triple(node("kim-sora"), term("org:memberOf"), node("office-of-inquiry"))]))
    result = _library_build(mini, docs)
    assert not result.refused, result.report.violations
    assert any(line.startswith(str(docs / "ghost.txt")) and "'office-of-inquiry'" in line
               for line in result.skipped), result.skipped
    assert not _about(mini["out"], "office-of-inquiry")
    assert _labels(mini["out"], "kim-sora")["pref"] == {"Kim Sora"}


def test_an_undefined_iri_in_an_extracted_graph_is_blamed_on_its_document(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("Some words.\n", "utf-8")
    document = load_document(path)
    quads = in_graph([ox.Triple(node("x-1"), RDF_TYPE, bo("Quotation")), ox.Triple(node("x-1"), bo("speaker"),
                                                                                    node("nobody"))],
                     extracted_graph(document))
    with pytest.raises(BilatError) as raised:
        check_references(quads, DATA / "mini" / "curated", node("").value, {extracted_graph(document): path})
    assert raised.value.path == path and "'nobody'" in raised.value.message


def test_an_extracted_fact_that_violates_the_shapes_is_left_out(mini, tmp_path, fake_extractor):
    docs = _docs(tmp_path / "docs", {"count.txt": "Many workers left for Korea.\n"})

    def writes(document):
        fact = node(f"x-{document.id}-count")
        evidence = node(f"doc-{document.id}-xev-count")
        source = document_node(document)
        return [ox.Triple(fact, RDF_TYPE, bo("Observation")),  # no value, no bound, not marked unquantified
                ox.Triple(fact, term("schema:measuredProperty"), bo("measure-count")),
                ox.Triple(fact, term("prov:wasDerivedFrom"), source), ox.Triple(fact, bo("evidence"), evidence),
                *evidence_triples(evidence, source, document, 0, 12)]

    fake_extractor(writes)
    result = _library_build(mini, docs)
    assert not result.refused, result.report.violations
    assert any(line.startswith(str(docs / "count.txt")) and "x-count-count" in line for line in result.skipped)
    assert not _about(mini["out"], "x-count-count")


# --- Property: random and adversarial text and file names ---------------------------------------------------------

FRAGMENTS = [
    "Cambodia and the Republic of Korea signed a memorandum of understanding on 4 May 2022.",
    "The Export-Import Bank of Korea will lend $150 million to Cambodia, officials said.",
    "Prime Minister Hun Manet met President Yoon Suk Yeol in Seoul.",
    "Sok Dara said: \"We thank Korea.\" Lee Min-ho said 'we will help'.",
    "Park Min-su, the ambassador, visited Phnom Penh. Park Minsu returned home.",
    "About 3,000 workers, up from 2,500 in 2019, left for Korea; 51 in Siem Reap, 15 in Poipet.",
    "$$$ 1e9 -0 99999999999999999999999 won 12.5% USD KRW ៛ ₩ $ $0.",
    "한국과 캄보디아는 협정을 체결했다. 서울 (Seoul)",
    "ព្រះរាជាណាចក្រកម្ពុជា និង សាធារណរដ្ឋកូរ៉េ",
    "\u202eKorea lends Cambodia\u202c \u2066bidi\u2069 \u200bzero\u200dwidth",
    "\x00\x01\x07\x1b[31m\x7f\x85\u2028\u2029\ufeff",
    "<script>alert('x')</script> <b>Cambodia</b> &amp; &#x1F600; <!-- comment -->",
    "“Curly” ‘quotes’ «guillemets» — en–dash … ellipsis",
    "",
    "   ",
    "Korea " * 400,
    "said said said: told told",
    "Covid-19 KE9690 Sixty-four Koreans",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=300)), max_size=10).map("\n".join)
names = st.tuples(st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
                          min_size=1, max_size=30),
                  st.sampled_from([".txt", ".md", ".TXT", ".html"])).map("".join)
documents = st.dictionaries(names, texts, min_size=1, max_size=3)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The one-document corpus (tests/data/mini), copied once for all examples, and a counter for their folders."""
    root = tmp_path_factory.mktemp("robust")
    mini = {"seeds": shutil.copytree(DATA / "mini" / "seeds", root / "seeds"),
            "curated": shutil.copytree(DATA / "mini" / "curated", root / "curated"), "out": root / "out"}
    return mini, root, itertools.count()


@settings(max_examples=15, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(files=documents)
def test_any_text_under_any_name_builds_and_validates(corpus, runner, files):
    mini, root, counter = corpus
    case = root / f"case-{next(counter)}"
    docs = _docs(case / "docs", files)
    result = _build(runner, mini, docs, out=case / "out")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    validated = invoke(runner, "validate", case / "out" / "graph.trig")
    assert validated.exit_code == 0, validated.output
