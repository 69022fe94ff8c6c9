"""The store benchmark runs end to end at a small size: all three engines, the endpoint, the targets table and
the plot. Nothing here is timed; speed is the benchmark's own business."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_store_benchmark_runs_small(tmp_path):
    plot = tmp_path / "plot.png"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "store_and_endpoint.py"), "--sizes", "3000", "--reps", "1",
         "--rdflib-budget", "10", "--clients", "4", "--duration", "2", "--plot", str(plot), "--tmp", str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for engine in ("rdflib (memory)", "Oxigraph (memory)", "Oxigraph (disk)"):
        assert engine in out
    question_rows = [line for line in out.splitlines() if line[:2].isdigit() and "-" in line[:4]]
    assert len(question_rows) == len(list((ROOT / "ontology" / "queries").glob("*.rq")))
    # A row count that differs between engines is flagged as "(memory N)" or "(rdflib N)" in the rows column.
    assert not [line for line in question_rows if "(memory" in line or "(rdflib" in line]
    assert "endpoint: zero errors" in out
    endpoint_check = next(line for line in out.splitlines() if line.startswith("endpoint: zero errors"))
    assert endpoint_check.rstrip().endswith("PASS"), endpoint_check
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(tmp_path.glob("bilat-bench-*")), "the benchmark leaves its temporary graphs behind"
