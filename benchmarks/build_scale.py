"""Cost of `bilat build` against corpus size: the seeds, then the seeds plus 10, 100, 1,000 and 5,000 generated
articles, each built clean (empty extraction cache) and then again with nothing changed; one 2 MB document; the
skip of a 10 MB one; the opening of the largest graph's HTML page.

Run from the repository root:

    python benchmarks/build_scale.py                     # every size that fits the time budget; table + PNG
    python benchmarks/build_scale.py --markdown          # the tables in Markdown
    python benchmarks/build_scale.py --sizes 10,100 --no-big --no-html   # a quick run

Articles come from the extraction throughput benchmark's seeded generator (300–600 words of Cambodia–Korea news
each, names built from syllables, nothing copied from seeds/ or from news), written as ``.txt`` files with a
metadata sidecar giving their date. Generation is not timed. The sizes nest: the first 100 articles are the
100-article corpus, and so on.

Each build is a fresh ``python`` process running ``graph.build.build`` (as `bilat build` does; a cache folder
and an output folder of its own per size), so its wall time includes the interpreter's start and the imports a
user waits for. Builds run from a snapshot of the code taken at the start, so that a change to the repository
during the run cannot turn an unchanged rebuild into a changed one.

Reported per build: wall time of the process; CPU time of the process and of the extraction workers it started
(``getrusage`` SELF + CHILDREN); peak RSS (the larger of the process's own and its largest worker's
``ru_maxrss``); triples of the union graph; documents parsed and reused, or "up to date" for a build that found
the output folder already holding the build of its inputs and redid nothing (graph.uptodate); the wall time of
each stage (`bilat build --profile`'s numbers); and whether an unchanged rebuild left the same bytes as the clean
build (every graph file and summary.json; the store is RocksDB, whose files differ from one write to the next).

A size whose clean and unchanged builds, projected per document from the largest size built, would overrun the time
budget (``--budget``, 14 minutes, for the whole run) is not run, and the table says so: it never shows a number
that was not measured. The same goes for the 2 MB document, built last (projected from the largest corpus built,
per byte of text); ``--sizes none`` measures it beside the seeds alone.

Targets (issue 13, on the 2-core development machine): seed build < 3 s wall (median of 5 warm runs of
`bilat build`); 1,000 articles < 90 s clean and < 15 s unchanged; cost linear in corpus size (the 5,000 row's
clean wall within 6× the 1,000 row's); a 2 MB document built with peak memory under 1.5 GB; a 10 MB document
skipped at once; the HTML page of the largest graph drawn within 3 s of opening.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = Path(__file__).resolve().parent
for folder in (ROOT, BENCHMARKS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

STAGES = ("read", "extract", "assemble", "validate", "serialize", "render", "store")
GENERATOR_SEED = 20250314
BIG_DOCUMENT_BYTES = 2_000_000
HUGE_DOCUMENT_BYTES = 10_000_000
TARGETS = {"seed wall s": 3.0, "1000 clean s": 90.0, "1000 unchanged s": 15.0, "linear factor": 6.0,
           "big peak GB": 1.5, "html s": 3.0}
COMPARED = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.html", "summary.json")
SNAPSHOT = ("graph", "ontology", "seeds", "benchmarks")  # what a build reads: the code, its data and this script


def snapshot(folder: Path) -> Path:
    """A copy of the code and data the builds run from. The repository may change while the benchmark runs (a
    merge, an edit); a build of other code would change the extraction cache's fingerprint and parse everything
    again, so an 'unchanged' rebuild would be nothing of the kind."""
    for name in SNAPSHOT:
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__", "*.png"))
    return folder


# --- corpus ---------------------------------------------------------------------------------------------------

def write_article(document, folder: Path) -> Path:
    """``document`` (the throughput generator's) as a file `bilat build --docs` reads: text, and a sidecar with
    its title and date (its generated publisher is not an entity of the graph, so it is left out)."""
    path = folder / f"{document.id}.txt"
    path.write_text(document.text, encoding="utf-8")
    meta = document.metadata
    path.with_suffix(".toml").write_text(
        f'title = {json.dumps(meta["title"])}\nkind = "news"\nlanguage = "en"\ndate = "{meta["date"]}"\n',
        encoding="utf-8")
    return path


def article_pool(count: int, folder: Path) -> list[Path]:
    from extraction_throughput import make_document

    folder.mkdir(parents=True, exist_ok=True)
    return [write_article(make_document(index, GENERATOR_SEED), folder) for index in range(count)]


def corpus_of(pool: list[Path], size: int, folder: Path) -> Path:
    """A folder holding the first ``size`` articles of the pool (hard links: nothing is copied)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in pool[:size]:
        for each in (path, path.with_suffix(".toml")):
            os.link(each, folder / each.name)
    return folder


def long_document(size: int, folder: Path, name: str) -> Path:
    """One document of ``size`` bytes: generated articles' paragraphs one after another (articles other than the
    corpus's), under one headline, like a long report or a feed dumped into one file."""
    from extraction_throughput import make_document

    folder.mkdir(parents=True, exist_ok=True)
    parts, total, index = [], 0, 1_000_000
    while total < size:
        text = make_document(index, GENERATOR_SEED).text
        body = text.split("\n\n", 1)[1] if not parts else text
        parts.append(body)
        total += len(body.encode("utf-8")) + 2
        index += 1
    headline = make_document(1_000_000, GENERATOR_SEED).text.split("\n", 1)[0]
    text = (headline + "\n\n" + "\n\n".join(parts)).encode("utf-8")[:size - 1].decode("utf-8", "ignore")
    text = text[:text.rfind(" ")] + ".\n"
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    path.with_suffix(".toml").write_text(f'title = {json.dumps(headline)}\nkind = "news"\nlanguage = "en"\n'
                                         'date = "2024-05-01"\n', encoding="utf-8")
    return path


# --- one build, in a process of its own -------------------------------------------------------------------------

def child(spec: dict) -> None:
    """Runs in the child process: one build, then one line of JSON with what it measured."""
    from graph.build import build

    result = build(out=Path(spec["out"]), docs=tuple(Path(p) for p in spec["docs"]), cache=Path(spec["cache"]),
                   max_document_bytes=spec.get("max_bytes"))
    own, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(json.dumps({
        "stages": {name: result.stages.wall.get(name) for name in STAGES},
        "triples": result.summary["triples"], "documents": result.summary["documents"],
        "refused": result.refused, "skipped": len(result.skipped),
        "parsed": result.cache.misses if result.cache else None, "reused": result.cache.hits if result.cache else None,
        "up_to_date": result.up_to_date,
        "cpu": own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime,
        "rss": max(own.ru_maxrss, workers.ru_maxrss) * 1024,
    }))


def run_build(code: Path, out: Path, docs: list[Path], cache: Path, max_bytes: int | None = None) -> dict:
    """One build by the code in ``code`` (a snapshot), in a process of its own, and what it measured."""
    spec = {"out": str(out), "docs": [str(p) for p in docs], "cache": str(cache), "max_bytes": max_bytes}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(code / "benchmarks" / Path(__file__).name), "--child",
                           json.dumps(spec)], capture_output=True, text=True, cwd=code)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stderr[-3000:]}")
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    if measured["refused"]:
        raise SystemExit(f"the build of {docs} violates the shapes and wrote nothing: nothing to measure")
    measured["wall"] = wall
    measured["hashes"] = {name: _sha256(out / name) for name in COMPARED}
    return measured


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def seed_builds(code: Path, runs: int, work: Path) -> list[float]:
    """Wall times of `bilat build --no-cache` of the seeds, the command a user types (run from the snapshot
    ``code``), after one untimed warm-up run. Without the cache every stage runs each time: with it, every run
    after the first would find its outputs up to date and redo nothing (the 0-article unchanged row)."""
    command = [sys.executable, "-m", "graph", "build", "--no-cache", "--out", str(work / "seed-out")]
    times = []
    for run in range(runs + 1):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=code)
        if done.returncode != 0:
            raise SystemExit(f"seed build failed:\n{done.stderr[-3000:]}")
        if run:
            times.append(time.perf_counter() - started)
    return times


def huge_skip(work: Path) -> tuple[float, str]:
    """Seconds that reading a 10 MB document takes to refuse it, and the note the build prints."""
    from graph.corpus import load_paths

    huge = work / "huge" / "huge-report.txt"
    huge.parent.mkdir(parents=True, exist_ok=True)
    block = (work / "big" / "big-report.txt").read_bytes() if (work / "big").exists() else b"Words. " * 1000
    with open(huge, "wb") as handle:
        while handle.tell() < HUGE_DOCUMENT_BYTES:
            handle.write(block[:HUGE_DOCUMENT_BYTES - handle.tell()])
    started = time.perf_counter()
    documents, problems = load_paths([huge])
    spent = time.perf_counter() - started
    assert not documents and len(problems) == 1, problems
    return spent, problems[0]


def html_open(page: Path) -> dict:
    from html_render import Browser

    browser = Browser()
    try:
        runs = []
        for _ in range(3):
            tab, context, timings = browser.open(page)
            runs.append(timings)
            context.close()
    finally:
        browser.close()
    return {"drawn": statistics.median(r["drawn"] for r in runs) / 1000,
            "dom": statistics.median(r["dom"] for r in runs) / 1000, "nodes": runs[0]["nodes"],
            "mb": page.stat().st_size / 1e6}


# --- report ---------------------------------------------------------------------------------------------------

def table(headers: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]
    return "\n".join("  ".join(str(c).rjust(w) for c, w in zip(row, widths, strict=True))
                     for row in [headers, *rows])


def plot(results: dict, path: Path) -> str:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib is not installed: no plot (pip install matplotlib)"
    sizes = sorted(results)
    figure, (cost, memory) = plt.subplots(1, 2, figsize=(11, 4.2))
    for kind, marker in (("clean", "o"), ("unchanged", "s")):
        have = [n for n in sizes if kind in results[n]]
        cost.plot([max(n, 1) for n in have], [results[n][kind]["wall"] for n in have], marker=marker,
                  label=f"{kind}: wall")
        cost.plot([max(n, 1) for n in have], [results[n][kind]["cpu"] for n in have], marker=marker,
                  linestyle="--", label=f"{kind}: CPU")
        memory.plot([max(n, 1) for n in have], [results[n][kind]["rss"] / 2**30 for n in have], marker=marker,
                    label=kind)
    cost.set(xscale="log", yscale="log", xlabel="articles beside the seeds (seeds alone plotted at 1)",
             ylabel="seconds", title="bilat build: cost against corpus size")
    memory.set(xscale="log", xlabel="articles beside the seeds", ylabel="peak RSS (GiB)", title="peak memory")
    for axes in (cost, memory):
        axes.grid(True, which="both", alpha=0.3)
        axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    return f"plot: {path}"


def verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("PASS" if ok else "FAIL")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000,5000",
                        help="articles beside the seeds, comma-separated ('none': the seeds alone)")
    parser.add_argument("--budget", type=float, default=840.0, help="seconds the whole run may take (default 840)")
    parser.add_argument("--seed-runs", type=int, default=5, help="timed seed builds (default 5)")
    parser.add_argument("--no-big", action="store_true", help="skip the 2 MB and 10 MB documents")
    parser.add_argument("--big-bytes", type=int, default=BIG_DOCUMENT_BYTES,
                        help=f"size of the long document (default {BIG_DOCUMENT_BYTES:,})")
    parser.add_argument("--no-html", action="store_true", help="do not open the largest graph's page")
    parser.add_argument("--plot", type=Path, default=BENCHMARKS / "build_scale.png", help="where the PNG goes")
    parser.add_argument("--markdown", action="store_true", help="print the tables in Markdown")
    parser.add_argument("--tmp", type=Path, default=None, help="folder for the temporary corpora and builds")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return 0
    sizes = sorted(int(n) for n in args.sizes.split(",") if n.strip() not in ("", "none"))
    started = time.perf_counter()

    def left() -> float:
        return args.budget - (time.perf_counter() - started)

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {message}", flush=True)

    work = Path(tempfile.mkdtemp(prefix="bilat-scale-", dir=args.tmp))
    try:
        say(f"generating {max(sizes, default=0):,} articles in {work} (not timed)")
        pool = article_pool(max(sizes, default=0), work / "pool")
        words = [len(p.read_text(encoding="utf-8").split()) for p in pool]
        code = snapshot(work / "code")
        seed_times = seed_builds(code, args.seed_runs, work)
        say(f"seed build: median {statistics.median(seed_times):.2f} s of {len(seed_times)} warm runs")

        results: dict[int, dict] = {}
        not_run: dict[int | str, str] = {}
        for size in [0, *sizes]:
            docs = [corpus_of(pool, size, work / f"docs-{size}")] if size else []
            if results:
                # Per document of the largest row built, seeds included: the seed row alone (a handful of
                # documents) then stands for its documents, not for one article (which projected 5,000 articles
                # at 5,000 seed builds).
                last = max(results)
                measured = results[last]["clean"]
                per_document = (measured["wall"] + results[last]["unchanged"]["wall"]) / measured["documents"]
                projected = (size + results[0]["clean"]["documents"]) * per_document
                if projected > left():
                    not_run[size] = (f"not run: its clean and unchanged builds, projected linearly per document "
                                     f"from the {last:,}-article row, would take about {projected:,.0f} s, and "
                                     f"{max(left(), 0):,.0f} s of the {args.budget:,.0f} s budget were left")
                    say(f"{size:,} articles: {not_run[size]}")
                    continue
            out, cache = work / f"out-{size}", work / f"cache-{size}"
            clean = run_build(code, out, docs, cache)
            say(f"{size:,} articles clean: {clean['wall']:.1f} s, {clean['triples']:,} triples")
            unchanged = run_build(code, out, docs, cache)
            say(f"{size:,} articles unchanged: {unchanged['wall']:.1f} s")
            unchanged["identical"] = unchanged["hashes"] == clean["hashes"]
            results[size] = {"clean": clean, "unchanged": unchanged}

        html = None
        if not args.no_html and results:
            largest = max(results)
            html = html_open(work / f"out-{largest}" / "graph.html")
            html["articles"] = largest
            say(f"HTML of the {largest:,}-article graph: drawn after {html['drawn']:.2f} s")

        big = huge = None
        if not args.no_big:
            document = long_document(args.big_bytes, work / "big", "big-report")
            huge = huge_skip(work)
            # Projected from the largest corpus built, per byte of text, doubled: one graph-wide stage
            # (validation) grew faster than linearly on the one-document graph.
            largest = max(results)
            text_bytes = sum(p.stat().st_size for p in pool[:largest]) or 1
            projected = 2 * results[largest]["clean"]["wall"] * args.big_bytes / text_bytes if largest else 0
            if largest and projected > left():
                not_run["big"] = (f"not run: projected at about {projected:,.0f} s from the {largest:,}-article "
                                  f"row, and {max(left(), 0):,.0f} s of the budget were left; measure it alone "
                                  "with --sizes none")
                say(f"long document: {not_run['big']}")
            else:
                say(f"the {document.stat().st_size:,}-byte document")
                big = run_build(code, work / "out-big", [document], work / "cache-big")
                big["words"] = len(document.read_text(encoding="utf-8").split())
                big["bytes"] = document.stat().st_size
                say(f"long document: {big['wall']:.1f} s, peak {big['rss'] / 2**30:.2f} GiB")

        report(args, sizes, words, seed_times, results, not_run, big, huge, html, started)
        print(plot(results, args.plot))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report(args, sizes, words, seed_times, results, not_run, big, huge, html, started) -> None:
    markdown = args.markdown
    print()
    if words:
        print(f"corpus: generated articles, {statistics.median(words):.0f} words median ({min(words)}–{max(words)} "
              f"each)")
    print(f"{os.cpu_count()} CPUs; extraction in up to {os.cpu_count()} processes")
    rows = []
    for size in [0, *sizes]:
        if size in not_run:
            rows.append([f"{size:,}", "—", "—", "—", "—", "—", "—", not_run[size]])
            continue
        for kind in ("clean", "unchanged"):
            r = results[size][kind]
            same = "" if kind == "clean" else ("same bytes" if r["identical"] else "DIFFERENT BYTES")
            rows.append([f"{size:,}", kind, f"{r['wall']:.1f}", f"{r['cpu']:.1f}", f"{r['rss'] / 2**20:,.0f}",
                         f"{r['triples']:,}",
                         "up to date" if r.get("up_to_date") else f"{r['parsed'] or 0} / {r['reused'] or 0}", same])
    print()
    print(table(["articles", "build", "wall s", "CPU s", "peak RSS MiB", "triples", "parsed / reused",
                 "outputs"], rows, markdown))
    stage_rows = []
    for size in sorted(results):
        for kind in ("clean", "unchanged"):
            stages = results[size][kind]["stages"]
            stage_rows.append([f"{size:,}", kind] + [f"{stages[s]:.1f}" if stages[s] is not None else "—"
                                                     for s in STAGES])
    if big:
        stage_rows.append([f"{big['bytes'] / 1e6:g} MB document", "clean"]
                          + [f"{big['stages'][s]:.1f}" if big["stages"][s] is not None else "—" for s in STAGES])
    print()
    print("wall seconds per stage (bilat build --profile); the rest of a build's wall is Python's start and imports")
    print(table(["articles", "build", *STAGES], stage_rows, markdown))

    seed = statistics.median(seed_times)
    thousand = results.get(1000)
    linear = None
    if 1000 in results and 5000 in results:
        linear = results[5000]["clean"]["wall"] / results[1000]["clean"]["wall"]
    checks = [
        ["seed build (every stage: --no-cache), median of warm runs",
         f"{seed:.2f} s ({', '.join(f'{t:.2f}' for t in seed_times)})",
         f"< {TARGETS['seed wall s']:.0f} s", verdict(seed < TARGETS["seed wall s"])],
        ["1,000 articles, clean", f"{thousand['clean']['wall']:.1f} s" if thousand else not_run.get(1000, "—"),
         f"< {TARGETS['1000 clean s']:.0f} s",
         verdict(thousand["clean"]["wall"] < TARGETS["1000 clean s"] if thousand else None)],
        ["1,000 articles, unchanged", f"{thousand['unchanged']['wall']:.1f} s" if thousand else "—",
         f"< {TARGETS['1000 unchanged s']:.0f} s",
         verdict(thousand["unchanged"]["wall"] < TARGETS["1000 unchanged s"] if thousand else None)],
        ["5,000 / 1,000 clean wall", f"{linear:.2f}×" if linear else not_run.get(5000, "—"),
         f"≤ {TARGETS['linear factor']:.0f}×", verdict(linear <= TARGETS["linear factor"] if linear else None)],
        ["unchanged rebuilds write the same bytes",
         ", ".join(f"{n:,}: {'yes' if results[n]['unchanged']['identical'] else 'NO'}" for n in sorted(results)),
         "all", verdict(all(r["unchanged"]["identical"] for r in results.values()))],
        ["unchanged rebuilds parse nothing",
         ", ".join(f"{n:,}: {results[n]['unchanged']['parsed'] or 0}" for n in sorted(results)), "0 each",
         verdict(all(not r["unchanged"]["parsed"] for r in results.values()))],
        ["unchanged rebuilds find the outputs up to date (no stage redone)",
         ", ".join(f"{n:,}: {'yes' if results[n]['unchanged'].get('up_to_date') else 'NO'}" for n in sorted(results)),
         "all", verdict(all(r["unchanged"].get("up_to_date") for r in results.values()))],
    ]
    if "big" in not_run:
        checks.append([f"{args.big_bytes / 1e6:g} MB document", not_run["big"], f"< {TARGETS['big peak GB']} GB",
                       verdict(None)])
    if big:
        checks.append([f"{big['bytes'] / 1e6:g} MB document ({big['words']:,} words, {big['triples']:,} triples)",
                       f"{big['wall']:.0f} s, peak {big['rss'] / 2**30:.2f} GiB", f"< {TARGETS['big peak GB']} GB",
                       verdict(big["rss"] < TARGETS["big peak GB"] * 1e9)])
    if huge:
        checks.append(["10 MB document skipped unread (note below)", f"{huge[0] * 1000:.2f} ms", "at once",
                       verdict(huge[0] < 0.1)])
    if html:
        checks.append([f"HTML of the {html['articles']:,}-article graph ({html['nodes']:,} entities, "
                       f"{html['mb']:.0f} MB), drawn / DOM ready", f"{html['drawn']:.2f} s / {html['dom']:.2f} s",
                       f"< {TARGETS['html s']:.0f} s (target at 5,000 articles)",
                       verdict(max(html["drawn"], html["dom"]) < TARGETS["html s"])])
    print()
    print(table(["target", "measured", "wanted", "verdict"], checks, markdown))
    if huge:
        print(f"\nthe 10 MB document's note: skipped: {huge[1]}")
    print()
    print(f"whole run: {time.perf_counter() - started:.0f} s (budget {args.budget:.0f} s); "
          f"{time.strftime('%Y-%m-%d', time.gmtime())}")


if __name__ == "__main__":
    sys.exit(main())
