"""`bilat validate` and the build's refusal to write a graph that breaks the shapes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import invoke

import graph.validate as validate_module
from graph.assemble import term
from graph.build import SHAPES_FILE
from graph.namespaces import shorten
from graph.rdf_files import read_graph
from graph.validate import validate_quads

FACT = "<https://bilat.example/id/meeting-2024-09-11-hun-sen-yoon>"
PROV_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
EVIDENCE = "<https://bilat.example/ontology#evidence>"


def _without(lines: list[str], subject: str, *predicates: str) -> list[str]:
    return [line for line in lines if not (line.startswith(subject + " ") and any(p in line for p in predicates))]


def test_built_graph_is_valid(built, runner):
    result = invoke(runner, "validate", built / "graph.trig")
    assert result.exit_code == 0, result.output
    assert "Valid" in result.output


def test_removing_a_facts_source_is_reported(built, tmp_path, runner):
    lines = (built / "graph.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    broken = _without(lines, FACT, PROV_DERIVED, EVIDENCE)
    assert len(broken) < len(lines)
    path = tmp_path / "broken.nq"
    path.write_text("".join(broken), encoding="utf-8")
    result = invoke(runner, "validate", path)
    assert result.exit_code == 1
    assert ":meeting-2024-09-11-hun-sen-yoon" in result.output
    assert "source document" in result.output
    assert "evidence" in result.output


def test_offsets_that_do_not_match_the_quote_are_reported(built, tmp_path, runner):
    text = (built / "graph.nq").read_text(encoding="utf-8")
    position = "<https://bilat.example/id/doc-001_816237c7f02cad06-ev-"
    line = next(line for line in text.splitlines() if line.startswith(position) and "#start>" in line)
    start = line.split('"')[1]
    tampered = text.replace(line, line.replace(f'"{start}"', f'"{int(start) + 1}"'))
    path = tmp_path / "tampered.nq"
    path.write_text(tampered, encoding="utf-8")
    result = invoke(runner, "validate", path)
    assert result.exit_code == 1
    assert "not the text at its offsets" in result.output


def test_build_refuses_an_invalid_graph_unless_allowed(mini, runner):
    claim = """
:claim-without-claimant a bo:Claim ; bo:claimKind bo:claim-assessment ; bo:content "x" ;
    bo:quote "They signed a memorandum of understanding on labour." .
"""
    with (mini["curated"] / "mini.ttl").open("a", encoding="utf-8") as stream:
        stream.write(claim)
    refused = invoke(runner, "build", "--seeds", mini["seeds"], "--curated", mini["curated"], "--out", mini["out"])
    assert refused.exit_code == 1
    assert "claimant" in refused.output and "Refused" in refused.output
    assert not (mini["out"] / "graph.ttl").exists()
    allowed = invoke(runner, "build", "--seeds", mini["seeds"], "--curated", mini["curated"], "--out", mini["out"],
                     "--allow-invalid")
    assert allowed.exit_code == 0
    assert (mini["out"] / "graph.ttl").exists()


def test_validate_without_a_build_says_so(tmp_path, runner):
    result = invoke(runner, "validate", tmp_path / "graph.trig")
    assert result.exit_code == 2
    assert "bilat build" in result.output


# --- The default engine (graph.shacl) and pySHACL give the same findings --------------------------------------------
# Faults are written as (subject, predicate, object): object None removes the statements, a tuple's first element
# "+" adds one beside those there, anything else replaces them. Terms are prefixed names (graph.assemble.term),
# "_:b" a blank node, or pyoxigraph literals.

FAULTS = {
    "a fact (a subclass of bo:Fact) without source or evidence": [
        (":meeting-2024-09-11-hun-sen-yoon", "prov:wasDerivedFrom", None),
        (":meeting-2024-09-11-hun-sen-yoon", "bo:evidence", None)],
    "a source that is not a document": [(":holding-kim-jong-un-leader-north-korea", "prov:wasDerivedFrom", ":hun-sen")],
    "evidence that is an entity": [(":claim-000-attract-korean-investment", "bo:evidence", ":cambodia")],
    "two labels in one language": [
        (":claim-000-attract-korean-investment", "skos:prefLabel", ("+", ox.Literal("Another", language="en")))],
    "evidence without its quote selector": [
        (":doc-000_8c6f8f67fcea1ec2-ev-10037-10081", "oa:hasSelector",
         ":doc-000_8c6f8f67fcea1ec2-ev-10037-10081-position")],
    "a confidence above 1, another as an integer": [
        (":doc-000_8c6f8f67fcea1ec2-ev-8478-8610", "bo:confidence", ox.Literal("1.5", datatype=term("xsd:decimal"))),
        (":doc-000_8c6f8f67fcea1ec2-ev-8667-8724", "bo:confidence", ox.Literal("1", datatype=term("xsd:integer")))],
    "a confidence that is an IRI": [(":doc-000_8c6f8f67fcea1ec2-ev-9967-10031", "bo:confidence", ":cambodia")],
    "an empty quote, a quote with a language": [
        (":doc-000_8c6f8f67fcea1ec2-ev-14069-14143-quote", "oa:exact", ox.Literal("")),
        (":doc-000_8c6f8f67fcea1ec2-ev-3493-3625-quote", "oa:exact", ox.Literal("x", language="en"))],
    "an offset as xsd:integer, two end offsets": [
        (":doc-000_8c6f8f67fcea1ec2-ev-5101-5200-position", "oa:start",
         ox.Literal("5101", datatype=term("xsd:integer"))),
        (":doc-000_8c6f8f67fcea1ec2-ev-4639-4867-position", "oa:end",
         ("+", ox.Literal("4868", datatype=term("xsd:nonNegativeInteger"))))],
    "an entity without evidence and with two English names": [
        (":hun-sen-mother-in-law", "bo:evidence", None),
        (":hun-sen-mother-in-law", "skos:prefLabel", ("+", ox.Literal("Her", language="en")))],
    "a post without role, a post whose role is a country and that is in two places": [
        (":post-secretary-of-state-civil-aviation-cambodia", "org:role", None),
        (":post-leader-north-korea", "org:role", ":cambodia"),
        (":post-leader-north-korea", "org:postIn", ("+", ":cambodia"))],
    "two members of one post holding, a literal as a post": [
        (":holding-kim-jong-un-leader-north-korea", "org:member", ("+", ":hun-sen")),
        (":holding-kim-jong-un-leader-north-korea", "bo:post", ox.Literal("leader"))],
    "a PLOVER type outside PLOVER, another that is a literal": [
        (":ceremony-2020-02-groundbreaking-national-roads-2-22", "bo:ploverType", "bo:claim-recommendation"),
        (":communication-000-gratitude-employers-attendance", "bo:ploverType", ox.Literal("CONSULT"))],
    "a milestone with one party and a kind from another scheme": [
        (":milestone-000-full-diplomatic-relations", "bo:party", ":cambodia"),
        (":milestone-000-full-diplomatic-relations", "bo:milestoneKind", "bo:claim-recommendation")],
    "a claim without claimant and with two kinds": [
        (":claim-000-attract-korean-investment", "bo:claimant", None),
        (":claim-000-attract-korean-investment", "bo:claimKind", ("+", "bo:claim-assessment"))],
    "a quotation without speaker and with two texts": [
        (":quotation-000-hun-sen-advice-independence", "bo:speaker", None),
        (":quotation-000-hun-sen-advice-independence", "schema:text", ("+", ox.Literal("more")))],
    "financing of a kind from another scheme, with an amount that is a country": [
        (":financing-000-credit-package-2019-2023", "bo:financingKind", "bo:milestone-elevated"),
        (":financing-000-credit-package-2019-2023", "bo:amount", ":cambodia")],
    "an observation without value, measuring a country": [
        (":obs-000-development-financing-used", "schema:value", None),
        (":obs-000-development-financing-used", "schema:measuredProperty", ":cambodia")],
    "an amount in lower-case currency, without its words or value": [
        (":amount-000-credit-package-2019-2023", "schema:currency", ox.Literal("usd")),
        (":amount-000-credit-package-2019-2023", "bo:asStated", None),
        (":amount-000-credit-package-2019-2023", "schema:value", None)],
    "dates as strings, two end dates, a date on an untyped node": [
        (":financing-000-credit-package-2019-2023", "schema:startDate", ox.Literal("2019")),
        (":financing-000-credit-package-2019-2023", "schema:endDate",
         ("+", ox.Literal("2024", datatype=term("xsd:gYear")))),
        (":cambodia", "schema:startDate", ("+", ox.Literal("soon", language="en")))],
    "a document with a bad hash, two titles and a kind from another scheme": [
        (":doc-001_816237c7f02cad06", "bo:sha256", ox.Literal("XYZ")),
        (":doc-001_816237c7f02cad06", "dcterms:title", ("+", ox.Literal("Another title"))),
        (":doc-001_816237c7f02cad06", "bo:documentKind", "bo:exact")],
    "blank nodes as evidence and as source": [
        (":milestone-000-full-diplomatic-relations", "bo:evidence", "_:b"),
        (":milestone-000-full-diplomatic-relations", "prov:wasDerivedFrom", "_:b")],
}

# Literals in other than their canonical form: rdflib rewrites or judges them by rules of its own, so graph.shacl
# hands their shapes to pySHACL.
UNDECIDED = {
    "an offset with a leading zero": [
        (":doc-000_8c6f8f67fcea1ec2-ev-14069-14143-position", "oa:start",
         ox.Literal("014069", datatype=term("xsd:nonNegativeInteger")))],
    "a negative offset": [
        (":doc-000_8c6f8f67fcea1ec2-ev-14069-14143-position", "oa:end",
         ox.Literal("-1", datatype=term("xsd:nonNegativeInteger")))],
    "a confidence that is not a number": [
        (":doc-000_8c6f8f67fcea1ec2-ev-8478-8610", "bo:confidence", ox.Literal("abc", datatype=term("xsd:decimal")))],
    "a confidence that is a string": [(":doc-000_8c6f8f67fcea1ec2-ev-8478-8610", "bo:confidence", ox.Literal("0.5"))],
    "the 30th of February": [
        (":meeting-2024-09-11-hun-sen-yoon", "schema:startDate", ox.Literal("2024-02-30", datatype=term("xsd:date")))],
    "a two-digit year": [
        (":financing-000-credit-package-2019-2023", "schema:endDate", ox.Literal("23", datatype=term("xsd:gYear")))],
}


def _term(value):
    if isinstance(value, ox.Literal):
        return value
    if value == "_:b":
        return ox.BlankNode("b")
    return term(value)


def _faulty(quads, faults) -> set:
    quads = set(quads)
    graph = term(":graph-faults")
    for subject, predicate, change in faults:
        s, p = term(subject), term(predicate)
        if not (isinstance(change, tuple) and change[0] == "+"):
            removed = {q for q in quads if q.subject == s and q.predicate == p}
            assert removed, (subject, predicate)
            quads -= removed
        if change is not None:
            quads.add(ox.Quad(s, p, _term(change[1] if isinstance(change, tuple) else change), graph))
    return quads


def _declared_messages() -> set[str]:
    return {t.object.value for t in ox.parse(path=str(SHAPES_FILE)) if t.predicate == term("sh:message")}


def _comparable(report) -> list[tuple]:
    """Findings as both engines state them: a message a shape declares is compared; the wording of a default one
    is each engine's own."""
    declared = _declared_messages()
    return sorted((f.severity, f.focus, f.path, f.value, f.constraint, f.message if f.message in declared else "")
                  for f in report.findings)


@pytest.fixture(scope="module")
def seed_quads(built):
    return read_graph(built / "graph.nq")


@pytest.fixture
def fallbacks(monkeypatch):
    """The shapes that graph.shacl hands to pySHACL, call by call."""
    calls = []
    original = validate_module._pyshacl_findings

    def recording(quads, shapes_path, use_shapes=None):
        calls.append(use_shapes)
        return original(quads, shapes_path, use_shapes)

    monkeypatch.setattr(validate_module, "_pyshacl_findings", recording)
    return calls


def test_both_engines_find_the_seed_graph_valid(seed_quads, fallbacks):
    fast = validate_quads(seed_quads, SHAPES_FILE)
    assert fallbacks == []
    assert fast == validate_quads(seed_quads, SHAPES_FILE, engine="pyshacl")
    assert fast.findings == ()


def test_both_engines_report_every_injected_fault_alike(seed_quads, fallbacks):
    """All faults at once (they touch different nodes), so that pySHACL runs once."""
    quads = _faulty(seed_quads, [fault for faults in FAULTS.values() for fault in faults])
    fast = validate_quads(quads, SHAPES_FILE)
    assert fallbacks == [], "graph.shacl decided every shape itself"
    assert _comparable(fast) == _comparable(validate_quads(quads, SHAPES_FILE, engine="pyshacl"))
    reported = {f.focus for f in fast.violations}
    for name, faults in FAULTS.items():
        assert {shorten(term(s).value) for s, _p, _o in faults} & reported, name


def test_declared_messages_reach_the_report(seed_quads):
    quads = _faulty(seed_quads, FAULTS["a claim without claimant and with two kinds"])
    messages = {(f.focus, f.path, f.message) for f in validate_quads(quads, SHAPES_FILE).violations}
    assert (":claim-000-attract-korean-investment", "bo:claimant", "A claim says who claims it.") in messages


def test_literals_outside_their_canonical_form_are_judged_by_pyshacl(seed_quads, fallbacks):
    quads = _faulty(seed_quads, [fault for faults in UNDECIDED.values() for fault in faults])
    fast = validate_quads(quads, SHAPES_FILE)
    assert fallbacks and all(fallbacks), "pySHACL judged only the shapes graph.shacl handed over"
    assert {"https://bilat.example/shapes#PositionSelectorShape", "https://bilat.example/shapes#EvidenceShape",
            "https://bilat.example/shapes#DateShape"} <= set(fallbacks[0])
    assert _comparable(fast) == _comparable(validate_quads(quads, SHAPES_FILE, engine="pyshacl"))
    assert {f.focus for f in fast.violations} >= {":doc-000_8c6f8f67fcea1ec2-ev-14069-14143-position",
                                                 ":doc-000_8c6f8f67fcea1ec2-ev-8478-8610"}


@pytest.mark.parametrize("subject, handed_over", [
    ("ex:Closed", [["https://example.org/Closed"]]),
    ("[] sh:name 'anonymous' ;", [None]),  # pySHACL picks shapes by IRI: it validates every shape
])
def test_a_shape_using_a_feature_graph_shacl_lacks_goes_to_pyshacl(tmp_path, fallbacks, subject, handed_over):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(f"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
{subject} a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true ; sh:ignoredProperties ( ex:kind ) ;
    sh:property [ sh:path ex:name ; sh:in ( "a" "b" ) ] .
ex:Named a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:name ; sh:minCount 2 ] .
""", encoding="utf-8")
    ex = "https://example.org/"
    quads = [ox.Quad(ox.NamedNode(ex + "x"), term("rdf:type"), ox.NamedNode(ex + "Thing")),
             ox.Quad(ox.NamedNode(ex + "x"), ox.NamedNode(ex + "name"), ox.Literal("c")),
             ox.Quad(ox.NamedNode(ex + "x"), ox.NamedNode(ex + "other"), ox.Literal("d"))]
    fast = validate_quads(quads, shapes, checks_dir=tmp_path)
    assert fallbacks == handed_over
    assert _comparable(fast) == _comparable(validate_quads(quads, shapes, checks_dir=tmp_path, engine="pyshacl"))
    assert {f.constraint for f in fast.findings} == {"sh:ClosedConstraintComponent", "sh:InConstraintComponent",
                                                     "sh:MinCountConstraintComponent"}


@pytest.mark.parametrize("datatype, forms", [
    ("boolean", ["true", "false"]), ("integer", ["0", "-7", "442000000"]), ("nonNegativeInteger", ["0", "14069"]),
    ("decimal", ["0", "1.0", "-0.25", "0.50", "12"]), ("date", ["2024-09-11", "2024-02-29", "1970-01-01"]),
    ("gYear", ["2019"]), ("gYearMonth", ["2019-11", "2020-02"]), ("gMonthDay", ["--09-11", "--02-29"]),
    ("gMonth", ["--12"])])
def test_canonical_forms_are_kept_and_accepted_by_rdflib(datatype, forms):
    """graph.shacl judges literals in these forms itself, on the assumption checked here: rdflib (and so pySHACL)
    keeps them as written and finds them well-formed."""
    import rdflib

    from graph.shacl import CANONICAL, XSD

    for form in forms:
        assert CANONICAL[XSD + datatype].fullmatch(form)
        read = rdflib.Literal(form, datatype=rdflib.URIRef(XSD + datatype))
        assert str(read) == form and not read.ill_typed
