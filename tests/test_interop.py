"""Another RDF toolkit, Apache Jena, accepts every output file strictly, counts the same statements, and answers
every competency question as expected. All of it runs in one JVM per session (see tests/JenaCheck.java): a JVM
start costs more than any one check."""

from __future__ import annotations

import jena
import pytest
from answers import expected_rows, json_rows

from graph.build import QUERIES_DIR
from graph.query import list_questions

QUESTIONS = list_questions(QUERIES_DIR)
# Output file -> riot syntax name. JSON-LD is read as 1.0, the version the project writes.
OUTPUTS = {"graph.ttl": "ttl", "graph.trig": "trig", "graph.nq": "nq", "graph.jsonld": "jsonld10"}
BROKEN = "broken.nt"


@pytest.fixture(scope="session")
def jena_results(built, tmp_path_factory):
    """Jena's verdict on every output, on a file it must reject, and its answer to every question."""
    jena.require()
    work = tmp_path_factory.mktemp("jena")
    broken = work / BROKEN
    broken.write_text('<http://a/s> <http://a/p> "x"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n',
                      encoding="utf-8")
    parse = {name: (syntax, built / name) for name, syntax in OUTPUTS.items()}
    parse[BROKEN] = ("nt", broken)
    # The competency questions read the union of the named graphs, which is exactly graph.ttl.
    return jena.check(work / "results", tmp_path_factory.getbasetemp(), parse, data=built / "graph.ttl",
                      queries={question.name: question.path for question in QUESTIONS})


def problems(result: dict) -> list[str]:
    return [f"ERROR {message}" for message in result["errors"]] + [f"WARN {message}" for message in
                                                                     result["warnings"]]


@pytest.mark.parametrize("name", OUTPUTS)
def test_jena_accepts_the_output_strictly(jena_results, name):
    result = jena.parse_result(jena_results, name)
    assert problems(result) == []
    assert result["statements"] > 0


def test_jena_counts_the_same_statements(jena_results, built):
    lines = (built / "graph.nq").read_text(encoding="utf-8").count("\n")
    assert jena.parse_result(jena_results, "graph.nq")["statements"] == lines


def test_jena_rejects_an_ill_formed_literal(jena_results):
    """The checks above can fail: the same strict reading flags a literal that is not a valid xsd:gYear."""
    found = problems(jena.parse_result(jena_results, BROKEN))
    assert any("gYear" in message for message in found), found


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.name for q in QUESTIONS])
def test_jena_answers_the_question_as_expected(jena_results, question):
    data = jena.query_result(jena_results, question.name)
    assert "error" not in data, data["error"]
    assert json_rows(data) == expected_rows(question)
