"""The embedded store, the read-only endpoint, push to a Graph Store Protocol endpoint, and the competency
questions answered alike by `bilat query`, the endpoint and Apache Jena's ARQ."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from answers import expected_rows, json_rows
from conftest import free_port, invoke, listening_addresses, oxigraph_binary, stop_by_pid, wait_for_port

from graph.build import QUERIES_DIR
from graph.query import list_questions

QUESTIONS = list_questions(QUERIES_DIR)


def fetch(url: str, data: bytes | None = None, method: str = "GET", headers: dict | None = None, timeout=30):
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read()


ENDPOINT_MEMORY_MIB = 1024


def start_server(out, *options: str) -> tuple[subprocess.Popen, str]:
    """`bilat serve` on a free loopback port (port 0: the system picks one), and the URL it announces. The
    announcement comes only once the port is bound and the workers are ready, so the URL answers at once."""
    process = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--out", str(out), "--port", "0", *options],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    url = re.search(r"http://127\.0\.0\.1:\d+", line)
    if not url:
        process.kill()
        raise AssertionError(f"no URL announced: {line!r} {process.stderr.read()}")
    return process, url.group()


@pytest.fixture(scope="module")
def endpoint(built):
    process, url = start_server(built, "--timeout", "2", "--memory", str(ENDPOINT_MEMORY_MIB), "--workers", "2")
    try:
        yield {"url": url, "port": int(url.rsplit(":", 1)[1]), "process": process}
    finally:
        stop_by_pid(process)


def endpoint_rows(url: str, query: str) -> list[list[str]]:
    status, body = fetch(f"{url}/query?{urllib.parse.urlencode({'query': query})}",
                        headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    return json_rows(json.loads(body))


def test_build_writes_an_on_disk_store(built):
    assert (built / "store").is_dir()


def test_bilat_query_uses_the_store(built, runner):
    result = invoke(runner, "query", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                    "--out", built, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert int(result.output.splitlines()[1]) >= 8


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.name for q in QUESTIONS])
def test_question_answers_alike_in_cli_and_endpoint(built, runner, endpoint, question):
    """(Apache Jena's answers to the same questions are checked in test_interop.)"""
    expected = expected_rows(question)
    text = question.path.read_text(encoding="utf-8")
    cli = invoke(runner, "query", question.name, "--out", built, "--format", "json")
    assert cli.exit_code == 0, cli.output
    assert json_rows(json.loads(cli.output)) == expected
    assert endpoint_rows(endpoint["url"], text) == expected


def test_endpoint_refuses_updates(endpoint):
    update = b"INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(f"{endpoint['url']}/update", data=update, method="POST",
             headers={"Content-Type": "application/sparql-update"})
    assert refused.value.code in (403, 404, 405)
    assert endpoint_rows(endpoint["url"], "SELECT ?p WHERE { <http://example.org/a> ?p ?o }") == []


CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # days of work
ORDERED_CROSS_PRODUCT = "SELECT ?a ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?c ?f"  # ~100 GB sorted


def query_status(url: str, query: str, timeout: float) -> tuple[int, bytes]:
    """HTTP status and body of a query; an error status is returned, not raised."""
    try:
        return fetch(f"{url}/query?{urllib.parse.urlencode({'query': query})}", timeout=timeout,
                     headers={"Accept": "application/sparql-results+json"})
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def process_tree_rss(pid: int) -> int:
    """Resident memory in bytes of a process and all its descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            resident_pages = int(Path(f"/proc/{current}/statm").read_text().split()[1])
        except (OSError, IndexError):
            continue
        total += resident_pages * os.sysconf("SC_PAGE_SIZE")
    return total


def test_endpoint_stops_a_slow_query_with_an_error_and_answers_afterwards(endpoint):
    """The 2 s timeout ends a cross product of the whole graph with an error status — never 200 with half a
    body — and the endpoint goes on answering."""
    status, body = query_status(endpoint["url"], CROSS_PRODUCT, timeout=2 + 10)
    assert status == 503 and b"timeout" in body, (status, body[:200])
    status, body = query_status(endpoint["url"], "ASK { ?s ?p ?o }", timeout=30)
    assert status == 200 and json.loads(body)["boolean"] is True


def test_endpoint_stops_a_query_at_its_memory_bound(built):
    """An ORDER BY over a cross product would grow the server to tens of GB; it is stopped at the memory bound
    (measured over the server and its workers while the query runs), with an error status, and the endpoint
    answers the next query. The timeout is long, so only the memory bound can stop this one."""
    process, url = start_server(built, "--timeout", "60", "--memory", str(ENDPOINT_MEMORY_MIB), "--workers", "1")
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], process_tree_rss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        status, body = query_status(url, ORDERED_CROSS_PRODUCT, timeout=60 + 10)
        done.set()
        assert status == 503 and b"1024 MiB memory limit" in body, (status, body[:200])
        assert peak[0] < (ENDPOINT_MEMORY_MIB + 300) * 2**20, f"{peak[0] / 2**20:.0f} MiB"
        status, _ = query_status(url, "ASK { ?s ?p ?o }", timeout=60)
        assert status == 200
    finally:
        done.set()
        sampler.join()
        stop_by_pid(process)


def run_bilat_query(out, *args: str, timeout: float) -> tuple[subprocess.CompletedProcess, int]:
    """`bilat query` in its own process; the result and the peak resident memory (bytes) of the largest
    process it started, its query worker included."""
    measure = ("import resource, subprocess, sys; "
               "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
               "sys.stderr.write(done.stderr)")
    result = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "graph", "query", *args,
                             "--out", str(out)], capture_output=True, text=True, timeout=timeout)
    code, peak_kib = result.stdout.split()
    result.returncode = int(code)
    return result, int(peak_kib) * 1024


def test_bilat_query_stops_a_slow_query(built):
    result, _ = run_bilat_query(built, CROSS_PRODUCT, "--timeout", "2", timeout=2 + 10 + 5)
    assert result.returncode == 3
    assert "ran longer than the 2 s timeout" in result.stderr and "Traceback" not in result.stderr


def test_bilat_query_stops_a_query_at_its_memory_bound(built):
    result, peak = run_bilat_query(built, ORDERED_CROSS_PRODUCT, "--memory", "1024", "--timeout", "60",
                                   timeout=60 + 10 + 5)
    assert result.returncode == 3
    assert "1024 MiB memory limit" in result.stderr and "Traceback" not in result.stderr
    assert peak < 1024 * 2**20, f"{peak / 2**20:.0f} MiB"


class Listener:
    """A local TCP listener that records whether anything connected to it."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/sparql"
        self.received: list[bytes] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._accept)
        self._thread.start()

    def _accept(self) -> None:
        while not self._done.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(2)
                with contextlib.suppress(OSError):
                    self.received.append(connection.recv(4096))

    def close(self) -> None:
        self._done.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.close()


def test_service_calls_send_nothing(endpoint, built, runner, listener):
    federated = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    status, body = query_status(endpoint["url"], federated, timeout=30)
    assert status == 400 and b"SERVICE is not allowed" in body
    cli = invoke(runner, "query", federated, "--out", built)
    assert cli.exit_code == 2 and "SERVICE is not allowed" in cli.output
    disguised = f"SELECT * WHERE {{ \\u0053ERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    assert invoke(runner, "query", disguised, "--out", built).exit_code == 2
    time.sleep(0.5)
    assert listener.received == []


def test_service_calls_are_sent_when_federation_is_enabled(built, runner, listener):
    """The check above can fail: with --federation, the query does reach the listener."""
    federated = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    result = invoke(runner, "query", federated, "--out", built, "--federation", "--timeout", "5")
    assert result.exit_code != 0  # the listener is no SPARQL endpoint
    assert listener.received and b"SELECT" in listener.received[0]


def test_bilat_query_refuses_an_update(built, runner):
    result = invoke(runner, "query", "INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }", "--out", built)
    assert result.exit_code == 2 and "updates are not accepted" in result.output


def test_serve_stops_its_workers_on_sigterm_and_frees_the_port(built):
    process, url = start_server(built, "--workers", "2")
    workers = [pid for pid in all_pids() if parent_of(pid) == process.pid]
    assert len(workers) == 2
    assert stop_by_pid(process) == 0
    time.sleep(0.5)
    assert not [pid for pid in workers if pid in all_pids()]
    with socket.socket() as probe:  # the port is free again
        probe.bind(("127.0.0.1", int(url.rsplit(":", 1)[1])))


def test_endpoint_replaces_a_worker_that_died(built):
    process, url = start_server(built, "--workers", "1")
    try:
        worker = next(pid for pid in all_pids() if parent_of(pid) == process.pid)
        os.kill(worker, signal.SIGKILL)
        status, body = query_status(url, "ASK { ?s ?p ?o }", timeout=60)
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        stop_by_pid(process)


def all_pids() -> set[int]:
    return {int(path.name) for path in Path("/proc").glob("[0-9]*")}


def parent_of(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError):
        return None


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
