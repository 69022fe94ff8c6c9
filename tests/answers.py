"""Answers to the competency questions in one comparable form (rows of strings), whichever engine gave them."""

from __future__ import annotations

import csv
import io

from graph.namespaces import shorten
from graph.query import Question


def json_rows(data: dict) -> list[list[str]]:
    """SPARQL 1.1 JSON results as rows in the expected files' form: IRIs shortened, unbound as ""."""
    def cell(binding):
        if binding is None:
            return ""
        return shorten(binding["value"]) if binding["type"] == "uri" else binding["value"]
    return [[cell(row.get(name)) for name in data["head"]["vars"]] for row in data["results"]["bindings"]]


def expected_rows(question: Question) -> list[list[str]]:
    """The rows of ``NAME.expected.csv``, without its header line."""
    return list(csv.reader(io.StringIO(question.expected_path.read_text(encoding="utf-8"))))[1:]
