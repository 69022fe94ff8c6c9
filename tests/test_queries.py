"""Competency questions give their expected answers; `bilat query` in every format and on bad queries."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import invoke

from graph.build import QUERIES_DIR
from graph.query import list_questions, short
from graph.store import trig_store

QUESTIONS = list_questions(QUERIES_DIR)


def test_there_are_at_least_fifteen_questions():
    assert len(QUESTIONS) >= 15
    for question in QUESTIONS:
        assert question.question, f"{question.path} lacks its '# question:' line"
        assert question.expected_path.exists(), f"{question.path} lacks its expected answer"


@pytest.fixture(scope="module")
def store(built):
    return trig_store(built / "graph.trig")


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.name for q in QUESTIONS])
def test_competency_question_answers_as_expected(store, question):
    results = store.query(question.path.read_text(encoding="utf-8"))
    names = [variable.value for variable in results.variables]
    actual = [[short(row[name]) for name in names] for row in results]
    expected = list(csv.reader(io.StringIO(question.expected_path.read_text(encoding="utf-8"))))
    assert names == expected[0]
    assert actual == expected[1:]


def test_query_list_shows_the_questions(runner):
    result = invoke(runner, "query", "--list")
    assert result.exit_code == 0
    assert len(result.output.strip().splitlines()) == len(QUESTIONS)


SIMPLE = "SELECT ?name WHERE { :hun-sen skos:prefLabel ?name }"


@pytest.mark.parametrize("fmt,check", [
    ("table", lambda out: "Hun Sen" in out and "1 row" in out),
    ("csv", lambda out: out.splitlines() == ["name", "Hun Sen"]),
    ("tsv", lambda out: out.splitlines()[1] == '"Hun Sen"@en'),
    ("json", lambda out: json.loads(out)["results"]["bindings"][0]["name"]["value"] == "Hun Sen"),
    ("markdown", lambda out: out.splitlines()[2] == "| Hun Sen |"),
])
def test_inline_query_in_every_format(built, runner, fmt, check):
    result = invoke(runner, "query", SIMPLE, "--graph", built / "graph.trig", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert check(result.output), result.output


def test_query_by_question_name_and_by_file(built, runner):
    question = QUESTIONS[0]
    by_name = invoke(runner, "query", question.name, "--graph", built / "graph.trig", "--format", "csv")
    by_file = invoke(runner, "query", question.path, "--graph", built / "graph.trig", "--format", "csv")
    assert by_name.exit_code == 0 and by_name.output == by_file.output


def test_malformed_query_names_the_position(built, runner):
    result = invoke(runner, "query", "SELECT ?x WHERE { ?x ?y }", "--graph", built / "graph.trig")
    assert result.exit_code == 2
    assert "malformed SPARQL" in result.output and "1:" in result.output


def test_query_text_is_not_taken_for_rich_markup(built, runner):
    result = invoke(runner, "query", 'SELECT ?x WHERE { BIND("[bold]<script>x</script>[/bold]" AS ?x) }',
                    "--graph", built / "graph.trig")
    assert "[bold]<script>x</script>[/bold]" in result.output
