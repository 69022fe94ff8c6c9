"""Store and endpoint benchmark: rdflib in memory against Oxigraph in memory and on disk, and the endpoint.

Run from the repository root:

    python benchmarks/store_and_endpoint.py                   # 10k, 100k and 1M triples; plain-text tables + PNG
    python benchmarks/store_and_endpoint.py --markdown        # the same tables in Markdown
    python benchmarks/store_and_endpoint.py --sizes 10000,100000 --duration 10    # a quick run

What it does, for each size (``--sizes``, default 10,000, 100,000 and 1,000,000 triples):

* **Synthetic graph.** A seeded generator (``--seed``; ``synthetic_graph.py``) writes a graph in the shape
  ``bilat build`` produces (``out/graph.trig``): the real ontology (``ontology/bilat.ttl``) in ``:graph-ontology``;
  countries, places, people (``schema:Person`` + ``skos:prefLabel``), organisations and posts (``org:Post``) in
  ``:graph-curated-entities``; documents (``bo:Document``, ``dcterms:title``…) in ``:graph-documents``; and one
  named graph per document (``:graph-curated-<id>``) with its facts — post holdings (``org:member``, ``bo:post``,
  ``schema:startDate``), meetings, visits and communications (``bo:ploverType plover:X``, ``bo:participant``,
  ``schema:startDate``, ``schema:location``), financing (``bo:funder``, ``bo:recipient``, ``bo:amount`` →
  ``schema:MonetaryAmount`` with ``schema:value``, ``schema:currency "USD"``, ``bo:asStated``), projects,
  observations, claims, quotations, diplomatic milestones, agreements, crackdowns — and entity mentions. Every fact
  and mention has its provenance, as in the real graph: ``prov:wasDerivedFrom`` the document and ``bo:evidence`` →
  ``oa:SpecificResource`` (``oa:hasSource``; ``oa:hasSelector`` → ``oa:TextQuoteSelector`` ``oa:exact`` and
  ``oa:TextPositionSelector`` ``oa:start``/``oa:end``). IRIs are those of the real graph
  (``https://bilat.example/id/``; the anchors the competency questions name — ``:hun-sen``,
  ``:post-president-rok``, ``:doc-003_30c4707a8c52a9b1``… — exist), so every question has answers that grow with
  the size. The graph is written as N-Quads to a temporary folder; generation is not timed.
* **rdflib** (in memory, in a fresh spawned process): ``rdflib.Dataset(default_union=True)``, ``parse(format=
  "nquads")`` timed; then each competency question (``ontology/queries/*.rq``) up to ``--reps`` times (once from
  1M triples up). The rdflib query series of one size may take at most ``--rdflib-budget`` seconds: each question
  gets an equal share of what is left, a run that overruns its share is interrupted and the question reported as
  "> share" (a lower bound). rdflib is skipped above ``--rdflib-max`` triples, or when the load projected from
  the previous size would exceed ``--rdflib-load-budget`` seconds.
* **Oxigraph**, both stores bilat uses: in memory (``pyoxigraph.Store()``, as ``bilat query --graph FILE`` and the
  checks load a file) and on disk (``pyoxigraph.Store(dir)``, the ``out/store`` that ``bilat build`` writes and
  ``bilat query`` and ``bilat serve`` read). ``load``/``bulk_load(N-Quads)`` timed, as bilat loads each, with the
  merge of the named graphs put into the default graph (``graph.store.add_union``) and, on disk, the flush; then
  each question ``--reps`` times over that default graph, results read to the last row.
* Reported per engine: load time, median and p95 query latency over all runs of all questions, the slowest
  question (highest median), and the speed-up rdflib / Oxigraph for load and median query; then each
  question's median at the largest size on each engine.

Then the **endpoint**: the store of the largest size is served by ``bilat serve --timeout 30`` (its defaults
otherwise: 2 query workers; a loopback port the system picks), and ``--clients`` threads (16) send the competency
questions round-robin as ``GET /query`` for ``--duration`` seconds (30), each over its own keep-alive connection:
requests/s, p50/p99 latency and errors. The server is stopped by its PID at the end. Only loopback traffic.

Last, the targets with PASS/FAIL (at 1M triples, or the largest size run), for each Oxigraph store: ≥ 10×
faster than rdflib in memory for load and for the median query; every competency question's median < 100 ms;
and no endpoint errors. A PNG (``--plot``, default ``benchmarks/store_and_endpoint.png``) shows load time and
median query latency against size for the three engines (needs matplotlib; without it the plot is skipped with a
message).

The default run takes 7–9 minutes on 2 cores; memory peaks at about 2.4 GB (rdflib at 1M triples).
"""

from __future__ import annotations

import argparse
import gc
import http.client
import itertools
import json
import math
import multiprocessing as mp
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from synthetic_graph import Synth

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "ontology" / "queries"
DEFAULT_PLOT = ROOT / "benchmarks" / "store_and_endpoint.png"

TARGET_SPEEDUP = 10.0      # Oxigraph vs rdflib in memory, load and median query, at 1M triples
TARGET_QUESTION_MS = 100.0  # every competency question's median on Oxigraph at 1M triples
TARGET_SIZE = 1_000_000
LARGE = 1_000_000           # from this size rdflib runs each question once
SERVER_TIMEOUT = 30         # seconds, the endpoint's --timeout (as `bilat serve` defaults to)

# --- measurements ---------------------------------------------------------------------------------------------

@dataclass
class Timing:
    """Runs of one question on one engine; ``over`` is a lower bound when a run was cut off (or never ran)."""
    runs: list[float] = field(default_factory=list)
    over: float | None = None
    rows: int | None = None

    @property
    def censored(self) -> bool:
        return self.over is not None and not self.runs

    @property
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else math.inf


@dataclass
class EngineResult:
    engine: str
    load_s: float | None = None
    load_note: str = ""       # why there is no load time
    questions: dict[str, Timing] = field(default_factory=dict)
    triples: int | None = None

    def pooled(self) -> tuple[list[float], list[float]]:
        """All runs with cut-off questions at their lower bound, and the same with them at infinity."""
        low, high = [], []
        for timing in self.questions.values():
            if timing.runs:
                low += timing.runs
                high += timing.runs
            else:
                low.append(timing.over or 0.0)
                high.append(math.inf)
        return low, high

    def stat(self, quantile: float) -> tuple[float, bool]:
        """A quantile of the pooled runs and whether it is exact (else it is a lower bound)."""
        low, high = self.pooled()
        if not low:
            return math.nan, True
        a, b = nearest_rank(low, quantile), nearest_rank(high, quantile)
        return a, a == b

    def slowest(self) -> tuple[str, Timing] | None:
        if not self.questions:
            return None
        return max(self.questions.items(), key=lambda item: (item[1].median if item[1].runs else
                                                             math.inf, item[1].over or 0))


def nearest_rank(values: list[float], quantile: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(quantile * len(ordered)) - 1)]


def load_questions() -> list[tuple[str, str]]:
    return [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(QUERIES_DIR.glob("*.rq"))]


class Interrupted(Exception):
    pass


def _alarm(signum, frame):
    raise Interrupted()


def rdflib_worker(conn, path: str, questions, reps: int, budget: float, load_cap: float) -> None:
    """In a spawned process: load ``path`` into an rdflib Dataset, then run the questions; results go to
    ``conn`` as they come, so that whatever was measured survives a crash or a kill."""
    import rdflib

    signal.signal(signal.SIGALRM, _alarm)
    dataset = rdflib.Dataset(default_union=True)
    signal.setitimer(signal.ITIMER_REAL, load_cap)
    start = time.perf_counter()
    try:
        dataset.parse(path, format="nquads")
    except Interrupted:
        conn.send(("load-over", load_cap))
        return
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    conn.send(("load", time.perf_counter() - start, len(dataset)))
    deadline = time.perf_counter() + budget
    for index, (name, query) in enumerate(questions):
        left = deadline - time.perf_counter()
        share = left / (len(questions) - index)
        if share <= 0.01:
            conn.send(("over", name, 0.0))
            continue
        series_end = time.perf_counter() + share
        runs, rows = [], None
        for _ in range(reps):
            remaining = series_end - time.perf_counter()
            if runs and runs[-1] > remaining:
                break  # another run would overrun this question's share of the budget
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001))
            begin = time.perf_counter()
            try:
                rows = len(list(dataset.query(query)))
            except Interrupted:
                break
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            runs.append(time.perf_counter() - begin)
        if runs:
            conn.send(("question", name, runs, rows))
        else:
            conn.send(("over", name, share))
    conn.send(("done",))


def run_rdflib(path: Path, questions, reps: int, budget: float, load_cap: float) -> EngineResult:
    result = EngineResult("rdflib")
    context = mp.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=rdflib_worker, args=(child, str(path), questions, reps, budget, load_cap))
    process.start()
    child.close()
    hard_deadline = time.perf_counter() + load_cap + budget + 60
    try:
        while True:
            left = hard_deadline - time.perf_counter()
            if left <= 0 or not parent.poll(min(left, 5)):
                if left <= 0 or not process.is_alive():
                    break
                continue
            try:
                message = parent.recv()
            except EOFError:
                break
            if message[0] == "load":
                result.load_s, result.triples = message[1], message[2]
            elif message[0] == "load-over":
                result.load_note = f"> {message[1]:.0f} s"
                break
            elif message[0] == "question":
                result.questions[message[1]] = Timing(runs=message[2], rows=message[3])
            elif message[0] == "over":
                result.questions[message[1]] = Timing(over=message[2])
            elif message[0] == "done":
                break
    finally:
        if process.is_alive():
            process.join(timeout=10)
        if process.is_alive():
            os.kill(process.pid, signal.SIGKILL)
            process.join()
    if result.load_s is None and not result.load_note:
        result.load_note = f"failed (exit code {process.exitcode})"
    for name, _ in questions:
        if result.load_s is not None and name not in result.questions:
            result.questions[name] = Timing(over=0.0)
    return result


def run_oxigraph(path: Path, location: Path | None, questions, reps: int) -> EngineResult:
    """The on-disk store at ``location`` (``bilat build``'s out/store, which `bilat query` and `bilat serve`
    use), or with ``location`` None an in-memory store (what `bilat query --graph FILE` and the checks use)."""
    import pyoxigraph as ox

    from graph.store import add_union

    result = EngineResult("oxigraph-disk" if location else "oxigraph-memory")
    store = ox.Store(str(location)) if location else ox.Store()
    start = time.perf_counter()
    if location:  # as graph.store.write_store does: the quads and their merge through the bulk loader
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
        store.bulk_extend([*quads, *{ox.Quad(q.subject, q.predicate, q.object) for q in quads}])
        store.flush()
    else:  # as graph.store.trig_store does: a plain load, then the merge by one INSERT (fastest in memory)
        store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
        add_union(store)
    result.load_s = time.perf_counter() - start
    result.triples = len(store)
    for name, query in questions:
        timing = Timing()
        for _ in range(reps):
            begin = time.perf_counter()
            rows = len(list(store.query(query)))
            timing.runs.append(time.perf_counter() - begin)
        timing.rows = rows
        result.questions[name] = timing
    del store
    gc.collect()
    return result


# --- endpoint -------------------------------------------------------------------------------------------------

def start_endpoint(out: Path, log) -> tuple[subprocess.Popen, int]:
    """`bilat serve` over ``out`` on a loopback port the system picks; the process and the port it announces
    (it announces only once it answers)."""
    process = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--out", str(out), "--port", "0",
                                "--timeout", str(SERVER_TIMEOUT)], stdout=subprocess.PIPE, stderr=log, text=True)
    announced = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stdout.readline())
    if not announced:
        process.kill()
        raise RuntimeError(f"bilat serve did not start (exit code {process.wait()})")
    return process, int(announced.group(1))


@dataclass
class EndpointResult:
    triples: int
    clients: int
    duration: float
    ok: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    error_samples: list[tuple[str, str]] = field(default_factory=list)  # (question, what went wrong)

    @property
    def rate(self) -> float:
        return self.ok / self.duration if self.duration else 0.0


def run_endpoint(out: Path, triples: int, questions, clients: int, duration: float) -> EndpointResult:
    log = open(out / "server.log", "wb")  # noqa: SIM115 - closed in the finally below; a file, not
    # a pipe nobody reads (which could fill up and stall the server)
    process, port = start_endpoint(out, log)
    paths = [f"/query?{urllib.parse.urlencode({'query': query})}" for _, query in questions]
    headers = {"Accept": "application/sparql-results+json"}
    result = EndpointResult(triples, clients, duration)
    lock = threading.Lock()
    counter = itertools.count()
    try:
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for path in paths:  # one untimed round: every question answers, caches are warm
            warm.request("GET", path, headers=headers)
            response = warm.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"the endpoint answered {response.status} to a competency question")
        warm.close()
        start = time.perf_counter()
        deadline = start + duration

        def client() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            latencies, ok, errors, samples = [], 0, 0, []
            while time.perf_counter() < deadline:
                index = next(counter) % len(paths)
                path, name = paths[index], short(questions[index][0])
                begin = time.perf_counter()
                try:
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    body = response.read()
                    elapsed = time.perf_counter() - begin
                    if response.status != 200:  # 503: stopped by the timeout or the memory bound
                        errors += 1
                        samples.append((name, f"HTTP {response.status}"))
                    elif "results" not in json.loads(body):  # a complete SPARQL JSON result
                        errors += 1
                        samples.append((name, "not a SPARQL result"))
                    else:
                        ok += 1
                        latencies.append(elapsed)
                except (OSError, http.client.HTTPException, ValueError) as error:
                    errors += 1
                    samples.append((name, type(error).__name__))
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.close()
            with lock:
                result.ok += ok
                result.errors += errors
                result.latencies += latencies
                result.error_samples += samples

        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result.duration = time.perf_counter() - start
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
    return result


# --- output ---------------------------------------------------------------------------------------------------

def fmt_ms(seconds: float, exact: bool = True) -> str:
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "–"
    if math.isinf(seconds):
        return "not run"
    ms = seconds * 1000
    value = f"{ms:,.0f} ms" if ms >= 100 else f"{ms:.1f} ms" if ms >= 1 else f"{ms:.2f} ms"
    if ms >= 10_000:
        value = f"{seconds:,.1f} s"
    return value if exact else f"> {value}"


def fmt_s(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def fmt_timing(timing: Timing | None) -> str:
    if timing is None:
        return "–"
    if timing.runs:
        return fmt_ms(timing.median)
    return f"> {fmt_ms(timing.over)}" if timing.over else "not run"


def speedup(slow: float | None, slow_exact: bool, fast: float | None) -> tuple[float | None, str]:
    if slow is None or fast is None or fast <= 0 or math.isnan(slow) or slow <= 0:
        return None, "–"
    ratio = slow / fast
    return ratio, f"{ratio:,.1f}×" if slow_exact else f"> {ratio:,.1f}×"


def table(headers: list[str], rows: list[list[str]], markdown: bool, right: set[int] | None = None) -> str:
    right = right if right is not None else set(range(1, len(headers)))
    if markdown:
        lines = ["| " + " | ".join(headers) + " |",
                 "|" + "|".join("---:" if n in right else "---" for n in range(len(headers))) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        return "  ".join(str(c).rjust(w) if n in right else str(c).ljust(w)
                         for n, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(row) for row in rows])


def short(name: str) -> str:
    return name.split("-", 1)[0]


ENGINES = {"rdflib": ("rdflib (memory)", "tab:orange", "o"),
           "oxigraph-memory": ("Oxigraph (memory)", "tab:green", "D"),
           "oxigraph-disk": ("Oxigraph (disk)", "tab:blue", "s")}
OXIGRAPHS = ("oxigraph-memory", "oxigraph-disk")


def plot(results: dict[int, dict[str, EngineResult]], path: Path) -> str:
    try:
        import matplotlib
    except ImportError:
        return "matplotlib is not installed: no plot (pip install matplotlib)"
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    for engine, (label, colour, marker) in ENGINES.items():
        xs, loads, medians, lower_x, lower_y = [], [], [], [], []
        for size, engines in sorted(results.items()):
            result = engines.get(engine)
            if result is None or result.load_s is None:
                continue
            triples = result.triples or size
            xs.append(triples)
            loads.append(result.load_s)
            median, exact = result.stat(0.5)
            medians.append(median * 1000)
            if not exact:
                lower_x.append(triples)
                lower_y.append(median * 1000)
        left.plot(xs, loads, marker=marker, color=colour, label=label)
        right.plot(xs, medians, marker=marker, color=colour, label=label)
        if lower_x:
            right.plot(lower_x, lower_y, linestyle="none", marker="^", markersize=12, color=colour,
                       label=f"{label}: lower bound (budget)")
    for axis, title, unit in ((left, "Load time", "seconds"), (right, "Median competency-question latency", "ms")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("triples")
        axis.set_ylabel(unit)
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    figure.suptitle("bilat: rdflib in memory vs Oxigraph in memory and on disk (synthetic graphs)")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return f"plot written to {path}"


# --- main -----------------------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="Triples per synthetic graph.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reps", type=int, default=5, help="Runs of each question per engine (rdflib: at most; "
                                                            "once from 1M triples up).")
    parser.add_argument("--rdflib-max", type=int, default=1_000_000, help="Largest size rdflib is run at.")
    parser.add_argument("--rdflib-budget", type=float, default=90.0,
                        help="Seconds the rdflib query series of one size may take (shared among the questions).")
    parser.add_argument("--rdflib-load-budget", type=float, default=150.0,
                        help="Skip rdflib when its projected load time exceeds this (and cut a load at it).")
    parser.add_argument("--clients", type=int, default=16, help="Concurrent endpoint clients.")
    parser.add_argument("--duration", type=float, default=30.0, help="Seconds of endpoint load.")
    parser.add_argument("--no-endpoint", action="store_true", help="Skip the endpoint throughput run.")
    parser.add_argument("--markdown", action="store_true", help="Print the tables in Markdown.")
    parser.add_argument("--plot", type=Path, default=DEFAULT_PLOT, help="Where to write the PNG plot.")
    parser.add_argument("--tmp", type=Path, default=None, help="Folder for the temporary graphs and stores.")
    return parser.parse_args(argv)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)  # progress, not results


@dataclass
class Run:
    """Everything one benchmark run measured."""
    sizes: list[int]
    questions: list[tuple[str, str]]
    results: dict[int, dict[str, EngineResult]] = field(default_factory=dict)
    generated: dict[int, tuple[int, int]] = field(default_factory=dict)  # size: (quads, documents)
    endpoint: EndpointResult | None = None
    endpoint_failure: str = ""


def measure_size(run: Run, size: int, args, workdir: Path, rdflib_rate: float | None) -> float | None:
    """Generate the graph of one size and measure the three engines on it; returns rdflib's seconds per triple."""
    path = workdir / f"synthetic-{size}.nq"
    begin = time.perf_counter()
    synth = Synth(size, args.seed)
    triples = synth.write(path)
    run.generated[size] = (triples, synth.documents)
    say(f"[{size:,}] generated {triples:,} quads, {synth.documents:,} documents "
        f"in {time.perf_counter() - begin:.1f} s (not timed)")
    engines = run.results[size] = {}
    # Oxigraph first: its disk store of the largest size is the one the endpoint serves.
    location = workdir / f"out-{size}" / "store"  # a build folder's layout, as `bilat serve --out` expects
    location.parent.mkdir()
    for result in (run_oxigraph(path, None, run.questions, args.reps),
                   run_oxigraph(path, location, run.questions, args.reps)):
        engines[result.engine] = result
        say(f"[{size:,}] {result.engine}: load {result.load_s:.2f} s, median {fmt_ms(result.stat(0.5)[0])}")
        gc.collect()
    if size != run.sizes[-1] or args.no_endpoint:
        shutil.rmtree(location.parent, ignore_errors=True)
    projected = rdflib_rate * triples if rdflib_rate else None
    if size > args.rdflib_max:
        engines["rdflib"] = EngineResult("rdflib", load_note=f"skipped (> --rdflib-max {args.rdflib_max:,})")
    elif projected and projected > args.rdflib_load_budget:
        engines["rdflib"] = EngineResult("rdflib", load_note=f"skipped (projected load {projected:.0f} s)")
    else:
        reps = 1 if size >= LARGE else args.reps
        rd_result = engines["rdflib"] = run_rdflib(path, run.questions, reps, args.rdflib_budget,
                                                   args.rdflib_load_budget)
        if rd_result.load_s:
            rdflib_rate = rd_result.load_s / triples
        median, exact = rd_result.stat(0.5)
        say(f"[{size:,}] rdflib: load {fmt_s(rd_result.load_s) if rd_result.load_s else rd_result.load_note}"
            f", median {fmt_ms(median, exact)}")
        gc.collect()
    path.unlink()
    return rdflib_rate


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run = Run(sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()}), load_questions())
    wall = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="bilat-bench-", dir=args.tmp))
    rdflib_rate: float | None = None  # seconds per triple of the last rdflib load
    try:
        for size in run.sizes:
            rdflib_rate = measure_size(run, size, args, workdir, rdflib_rate)
        if not args.no_endpoint:
            size = run.sizes[-1]
            say(f"[{size:,}] endpoint: {args.clients} clients for {args.duration:.0f} s")
            try:
                run.endpoint = run_endpoint(workdir / f"out-{size}", run.generated[size][0], run.questions,
                                            args.clients, args.duration)
            except (RuntimeError, OSError) as error:  # keep the tables; the target below says it failed
                run.endpoint_failure = str(error)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"Store benchmark: rdflib {_version('rdflib')} in memory vs pyoxigraph {_version('pyoxigraph')} in memory "
          f"and on disk; {len(run.questions)} competency questions; {os.cpu_count()} CPUs")
    for part in (engine_table(run, args.markdown), question_table(run, args.markdown),
                 endpoint_table(run.endpoint, args.markdown), target_table(run, args.markdown)):
        if part:
            print()
            print(part)
    print()
    print(plot(run.results, args.plot))
    print(f"wall time {time.perf_counter() - wall:.0f} s")
    return 0


# --- report ---------------------------------------------------------------------------------------------------

def engine_table(run: Run, md: bool) -> str:
    rows = []
    for size in run.sizes:
        triples = run.generated[size][0]
        engines = run.results[size]
        for key in ENGINES:
            engine = engines[key]
            if engine.load_s is None:
                rows.append([f"{triples:,}", ENGINES[key][0], engine.load_note, "", "", "", ""])
                continue
            median, median_exact = engine.stat(0.5)
            p95, p95_exact = engine.stat(0.95)
            slowest = engine.slowest()
            runs = sum(len(t.runs) for t in engine.questions.values())
            cut = sum(1 for t in engine.questions.values() if not t.runs)
            rows.append([f"{triples:,}", ENGINES[key][0], fmt_s(engine.load_s), fmt_ms(median, median_exact),
                         fmt_ms(p95, p95_exact),
                         f"{short(slowest[0])} ({fmt_timing(slowest[1])})" if slowest else "–",
                         f"{runs}" + (f" (+{cut} cut)" if cut else "")])
        rd_result = engines["rdflib"]
        rd_median, rd_exact = rd_result.stat(0.5) if rd_result.load_s is not None else (None, True)
        for key in OXIGRAPHS:
            load_x = speedup(rd_result.load_s, True, engines[key].load_s)[1]
            query_x = speedup(rd_median, rd_exact, engines[key].stat(0.5)[0])[1]
            rows.append(["", f"speed-up, {ENGINES[key][0]}", load_x, query_x, "", "", ""])
    return table(["triples", "engine", "load", "query median", "query p95", "slowest question (median)", "runs"],
                 rows, md, right={0, 2, 3, 4, 6})


def question_table(run: Run, md: bool) -> str:
    largest = run.sizes[-1]
    engines = run.results[largest]
    rows = []
    for name, _ in run.questions:
        rd_t = engines["rdflib"].questions.get(name)
        timings = [engines[key].questions.get(name) for key in OXIGRAPHS]
        disk = timings[-1]
        rows_cell = f"{disk.rows:,}" if disk and disk.rows is not None else "–"
        others = [("rdflib", rd_t), ("memory", timings[0])]
        for label, other in others:
            if other and other.rows is not None and disk and other.rows != disk.rows:
                rows_cell += f" ({label} {other.rows:,})"  # the engines disagree: worth a look
        x = "–"
        if rd_t and disk:
            slow = rd_t.median if rd_t.runs else rd_t.over
            x = speedup(slow, bool(rd_t.runs), disk.median)[1]
        rows.append([name[:48], rows_cell, fmt_timing(rd_t)] + [fmt_timing(t) for t in timings] + [x])
    title = f"Per question at {run.generated[largest][0]:,} triples (median; rows returned by Oxigraph on disk):\n\n"
    return title + table(["question", "rows", "rdflib", "Oxigraph memory", "Oxigraph disk", "speed-up (disk)"],
                         rows, md)


def endpoint_table(endpoint: EndpointResult | None, md: bool) -> str:
    if endpoint is None:
        return ""
    lat = endpoint.latencies
    text = (f"Endpoint (bilat serve, {endpoint.triples:,} triples, loopback): {endpoint.clients} "
            f"clients, questions round-robin, {endpoint.duration:.1f} s\n\n")
    text += table(["requests", "requests/s", "p50", "p99", "errors"],
                  [[f"{endpoint.ok:,}", f"{endpoint.rate:,.1f}",
                    fmt_ms(nearest_rank(lat, 0.5)) if lat else "–", fmt_ms(nearest_rank(lat, 0.99)) if lat else "–",
                    f"{endpoint.errors}"]], md)
    if endpoint.error_samples:
        kinds: dict[tuple[str, str], int] = {}
        for sample in endpoint.error_samples:
            kinds[sample] = kinds.get(sample, 0) + 1
        text += "\n\nerrors: " + "; ".join(f"question {name} ×{count}: {what}"
                                           for (name, what), count in sorted(kinds.items()))
    return text


def target_table(run: Run, md: bool) -> str:
    """The issue's targets, checked for each Oxigraph store (`bilat query --graph` loads one in memory;
    `bilat build` writes the one on disk that `bilat query` and `bilat serve` use)."""
    target_size = TARGET_SIZE if TARGET_SIZE in run.sizes else run.sizes[-1]
    note = "" if target_size == TARGET_SIZE else f" (target is stated at 1M; measured at {target_size:,})"
    engines = run.results[target_size]
    rd_result = engines["rdflib"]
    rd_median, rd_exact = rd_result.stat(0.5) if rd_result.load_s is not None else (None, True)
    checks = []
    for key in OXIGRAPHS:
        ox_result, label = engines[key], ENGINES[key][0]
        ratio, shown = speedup(rd_result.load_s, True, ox_result.load_s)
        checks.append((f"load: {label} ≥ {TARGET_SPEEDUP:.0f}× faster than rdflib{note}", shown,
                       None if ratio is None else ratio >= TARGET_SPEEDUP))
        ratio, shown = speedup(rd_median, rd_exact, ox_result.stat(0.5)[0])
        checks.append((f"median query: {label} ≥ {TARGET_SPEEDUP:.0f}× faster than rdflib{note}", shown,
                       None if ratio is None else ratio >= TARGET_SPEEDUP))
        slow = sorted(((name, t) for name, t in ox_result.questions.items()
                       if t.median * 1000 >= TARGET_QUESTION_MS), key=lambda item: -item[1].median)
        checks.append((f"every question's median < {TARGET_QUESTION_MS:.0f} ms, {label}{note}",
                       f"all {len(ox_result.questions)} under" if not slow else
                       f"{len(slow)} of {len(ox_result.questions)} over, worst: "
                       + ", ".join(f"{short(n)} ({fmt_timing(t)})" for n, t in slow[:3]),
                       not slow))
    if run.endpoint is not None:
        checks.append(("endpoint: zero errors", f"{run.endpoint.errors} errors", run.endpoint.errors == 0))
    elif run.endpoint_failure:
        checks.append(("endpoint: zero errors", f"the run failed: {run.endpoint_failure}", False))
    return table(["target", "measured", "result"],
                 [[label, shown, "SKIP" if ok is None else "PASS" if ok else "FAIL"] for label, shown, ok in checks],
                 md, right=set())


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
