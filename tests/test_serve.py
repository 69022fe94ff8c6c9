"""The embedded store, the read-only endpoint, push to a Graph Store Protocol endpoint, and the competency
questions answered alike by `bilat query`, the endpoint and Apache Jena's ARQ."""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import jena
import pytest
from conftest import free_port, invoke, listening_addresses, wait_for_port

from graph.build import QUERIES_DIR
from graph.namespaces import shorten
from graph.query import list_questions
from graph.store import oxigraph_binary

QUESTIONS = list_questions(QUERIES_DIR)


def fetch(url: str, data: bytes | None = None, method: str = "GET", headers: dict | None = None, timeout=30):
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read()


@pytest.fixture(scope="module")
def endpoint(built):
    """`bilat serve` on a free loopback port, stopped by its PID at the end."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--out", str(built), "--port", str(port),
                                "--timeout", "2"], stdout=subprocess.PIPE, text=True)
    try:
        wait_for_port(port, process)
        yield {"url": f"http://127.0.0.1:{port}", "port": port, "process": process}
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)


def json_rows(data: dict) -> list[list[str]]:
    """SPARQL 1.1 JSON results as rows in the expected files' form: IRIs shortened, unbound as ""."""
    def cell(binding):
        if binding is None:
            return ""
        return shorten(binding["value"]) if binding["type"] == "uri" else binding["value"]
    return [[cell(row.get(name)) for name in data["head"]["vars"]] for row in data["results"]["bindings"]]


def endpoint_rows(url: str, query: str) -> list[list[str]]:
    status, body = fetch(f"{url}/query?{urllib.parse.urlencode({'query': query})}",
                        headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    return json_rows(json.loads(body))


def expected_rows(question) -> list[list[str]]:
    return list(csv.reader(io.StringIO(question.expected_path.read_text(encoding="utf-8"))))[1:]


def test_build_writes_an_on_disk_store(built):
    assert (built / "store").is_dir()


def test_bilat_query_uses_the_store(built, runner):
    result = invoke(runner, "query", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                    "--out", built, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert int(result.output.splitlines()[1]) >= 8


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.name for q in QUESTIONS])
def test_question_answers_alike_in_cli_endpoint_and_jena(built, runner, endpoint, question, tmp_path_factory):
    expected = expected_rows(question)
    text = question.path.read_text(encoding="utf-8")
    cli = invoke(runner, "query", question.name, "--out", built, "--format", "json")
    assert cli.exit_code == 0, cli.output
    assert json_rows(json.loads(cli.output)) == expected
    assert endpoint_rows(endpoint["url"], text) == expected
    jena.require()
    # The competency questions read the union of the named graphs, which is exactly graph.ttl.
    arq = jena.run("arq", ["--data", str(built / "graph.ttl"), "--query", str(question.path), "--results", "JSON"],
                   tmp_path_factory.getbasetemp())
    assert arq.returncode == 0, arq.stderr
    assert json_rows(json.loads(arq.stdout)) == expected


def test_endpoint_refuses_updates(endpoint):
    update = b"INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(f"{endpoint['url']}/update", data=update, method="POST",
             headers={"Content-Type": "application/sparql-update"})
    assert refused.value.code in (403, 404, 405)
    assert endpoint_rows(endpoint["url"], "SELECT ?p WHERE { <http://example.org/a> ?p ?o }") == []


def test_endpoint_cuts_off_a_slow_query(endpoint):
    """A cross product of the whole graph three times over would run for days; the 2 s timeout stops it. The
    server may already have sent its status line, so the cut shows as an error status or a broken body."""
    import http.client
    import time

    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    with pytest.raises((urllib.error.HTTPError, http.client.IncompleteRead, json.JSONDecodeError, KeyError)):
        _, body = fetch(f"{endpoint['url']}/query?{urllib.parse.urlencode({'query': slow})}", timeout=120,
                       headers={"Accept": "application/sparql-results+json"})
        json.loads(body)["results"]["bindings"][0]["n"]
    assert time.monotonic() - started < 30


def test_endpoint_listens_on_loopback_only(endpoint):
    addresses = listening_addresses(endpoint["port"])
    assert addresses, "the endpoint is not listening"
    assert addresses <= {"0100007F", "00000000000000000000000001000000"}, addresses


def test_serve_without_a_build_says_so(tmp_path, runner):
    result = invoke(runner, "serve", "--out", tmp_path)
    assert result.exit_code == 2 and "bilat build" in result.output


@pytest.fixture
def writable_server(tmp_path):
    port = free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path / "db"),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()  # stopped by its PID
        process.wait(timeout=20)


def test_push_is_idempotent(built, runner, writable_server, monkeypatch):
    monkeypatch.setenv("BILAT_PUSH_USER", "analyst")
    monkeypatch.setenv("BILAT_PUSH_PASSWORD", "not-on-the-command-line")
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    first = invoke(runner, "push", "--endpoint", f"{writable_server}/store", "--graph", built / "graph.trig")
    assert first.exit_code == 0, first.output
    after_first = endpoint_rows(writable_server, count)
    second = invoke(runner, "push", "--endpoint", f"{writable_server}/store", "--graph", built / "graph.trig")
    assert second.exit_code == 0, second.output
    assert endpoint_rows(writable_server, count) == after_first
    quads = (built / "graph.nq").read_text(encoding="utf-8").count("\n")
    assert int(after_first[0][0]) == quads
    assert endpoint_rows(writable_server, 'SELECT ?l WHERE { GRAPH ?g { <https://bilat.example/id/hun-sen> '
                                          '<http://www.w3.org/2004/02/skos/core#prefLabel> ?l } }') == [["Hun Sen"]]


def test_push_to_nowhere_fails_clearly(built, runner):
    result = invoke(runner, "push", "--endpoint", f"http://127.0.0.1:{free_port()}/store", "--graph",
                    built / "graph.trig")
    assert result.exit_code == 2 and "cannot reach" in result.output
