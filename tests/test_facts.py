"""What the curated graph says: facts the seeds state are there, in the shape the ontology promises, and
nothing from boilerplate or guesswork is."""

from __future__ import annotations

import pytest

from graph.namespaces import PREFIXES, sparql_prologue
from graph.store import trig_store


@pytest.fixture(scope="module")
def store(built):
    return trig_store(built / "graph.trig")


def ask(store, where: str) -> bool:
    return bool(store.query(sparql_prologue() + f"ASK {{ {where} }}"))


def select(store, query: str) -> list[tuple[str, ...]]:
    results = store.query(sparql_prologue() + query)
    names = [v.value for v in results.variables]
    return [tuple("" if row[n] is None else row[n].value for n in names) for row in results]


TEASER_NAMES = ("Ranariddh", "Sao Sokha", "Ly Sary", "Mao Havannall", "Tonle Sap", "Banteay Meanchey",
                "Open Doors", "gun smuggling", "Military Police")


@pytest.mark.parametrize("name", TEASER_NAMES)
def test_nothing_from_the_teaser_list(store, name):
    """Only the stored document text itself may contain the teaser list's words."""
    rows = select(store, f"""SELECT ?s ?p WHERE {{ ?s ?p ?o . FILTER(isLiteral(?o) && CONTAINS(STR(?o), "{name}"))
                                               FILTER(?p != bo:text) }}""")
    assert rows == []


def test_misspellings_and_aliases_resolve_to_one_entity(store):
    assert ask(store, ':kim-jong-un skos:hiddenLabel "Kim Jung-un"@en')
    assert ask(store, ':republic-of-korea skos:altLabel "RoK"@en ; skos:altLabel "South Korea"@en')
    people = select(store, 'SELECT ?p WHERE { ?p a schema:Person ; skos:prefLabel|skos:altLabel ?l . '
                           'FILTER(STR(?l) IN ("Yoon Suk-Yeol", "Yoon Suk Yeol", "Yoon")) }')
    assert set(people) == {(PREFIXES[""] + "yoon-suk-yeol",)}


def test_vague_amounts_stay_vague(store):
    rows = select(store, """SELECT ?min ?value ?approx WHERE {
        ?amount a schema:MonetaryAmount ; bo:asStated ?stated ; schema:currency "USD" .
        FILTER(CONTAINS(STR(?stated), "300 million"))
        OPTIONAL { ?amount schema:minValue ?min } OPTIONAL { ?amount schema:value ?value }
        OPTIONAL { ?amount bo:approximation ?approx } }""")
    assert rows, "the grant of 'over 300 million USD' (1996-2018) is missing"
    minimum, value, approximation = rows[0]
    assert float(minimum) == 300_000_000 and value == ""
    assert approximation == PREFIXES["bo"] + "more-than"


def test_dates_keep_their_precision(store):
    """A month the text gives stays a month; a day completed from the document date says so."""
    assert ask(store, ':milestone-2024-05-strategic-partnership schema:startDate "2024-05"^^xsd:gYearMonth')
    assert ask(store, ':meeting-2024-09-11-hun-sen-yoon schema:startDate "2024-09-11"^^xsd:date ; bo:dateNote ?n')


@pytest.mark.parametrize("label", [
    "Hun Sen", "Hun Manet", "Moon Jae-in", "Kim Young-sam", "Kim Dae-jung", "Roh Moo-hyun", "Lee Myung-bak",
    "Park Geun-hye", "Yoon Suk Yeol", "Park Jung-wook", "Kim Han-soo", "Cham Nimul", "Ouch Borith",
    "Om Yentieng", "Sam Rainsy", "Lee Hyung-jong", "Mikyung Ryu", "Cheam Yeap", "Phay Siphan", "Thong Mengdavid",
    "Seun Sam", "Pol Pot",
])
def test_every_named_person_is_in_the_graph(store, label):
    assert ask(store, f'?p a schema:Person ; skos:prefLabel "{label}"@en ; bo:evidence ?e')


def test_every_fact_has_a_quote_from_its_own_source(store):
    rows = select(store, """SELECT ?fact WHERE { ?fact a/rdfs:subClassOf* bo:Fact .
        FILTER NOT EXISTS { ?fact prov:wasDerivedFrom ?doc ; bo:evidence/oa:hasSource ?doc .
                            ?doc a bo:Document } }""")
    assert rows == []


def test_the_crackdown_is_modelled_with_casualties_and_places(store):
    assert ask(store, """?c a bo:Crackdown . ?obs a bo:Observation ; schema:measuredProperty bo:measure-deaths ;
                          schema:minValue ?n . FILTER(?n = 4)""")
    assert ask(store, '?place skos:prefLabel ?l . FILTER(CONTAINS(STR(?l), "Canadia"))')
    assert ask(store, '?place skos:prefLabel ?l . FILTER(CONTAINS(STR(?l), "Por Sen Chey"))')


def test_the_embassy_denial_disputes_an_accusation(store):
    assert ask(store, """?denial a bo:Claim ; bo:claimKind bo:claim-denial ; cito:disputes ?accusation .
                          ?accusation bo:claimKind bo:claim-accusation""")
