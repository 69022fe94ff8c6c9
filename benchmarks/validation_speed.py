"""Validation of the seed graph: graph.shacl (the default) against pySHACL, wall and CPU time.

    python benchmarks/validation_speed.py [--runs 5]

Builds the seeds once into a temporary folder, reads its quads back, and validates them with each engine
``--runs`` times (the SPARQL checks included, as the build runs them), printing the median of each and the
findings, which must be the same. CPU time is the measure to quote on a shared machine: wall time there also
counts other processes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def measure(run, runs: int):
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    from graph.build import SHAPES_FILE, build
    from graph.rdf_files import read_graph
    from graph.validate import ENGINES, validate_quads

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        build(out=out, cache=None)
        quads = read_graph(out / "graph.nq")
    rows = {engine: measure(lambda engine=engine: validate_quads(quads, SHAPES_FILE, engine=engine), runs)
            for engine in ENGINES}
    slowest = max(cpu for _wall, cpu, _report in rows.values())
    print(f"seed graph: {len({(q.subject, q.predicate, q.object) for q in quads}):,} triples, "
          f"median of {runs} runs\n")
    print("| engine | wall (ms) | CPU (ms) | CPU speed-up | findings |")
    print("|---|---:|---:|---:|---:|")
    for engine, (wall, cpu, report) in rows.items():
        print(f"| {engine} | {wall * 1000:,.0f} | {cpu * 1000:,.0f} | {slowest / cpu:.1f}× | {len(report.findings)} |")
    reports = [report.findings for _wall, _cpu, report in rows.values()]
    print("\nsame findings:", all(findings == reports[0] for findings in reports))


if __name__ == "__main__":
    main()
