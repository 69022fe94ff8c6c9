"""`bilat build --profile`: the time of each stage, printed and never written."""

from __future__ import annotations

import re

from conftest import invoke

import graph.stages as stages_module
from graph.stages import STAGES, Stages


def _rows(output: str) -> dict[str, list[str]]:
    """The profile table's rows: stage name → its cells."""
    rows = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in re.split(r"[│┃]", line)[1:-1]]
        if cells and cells[0] in (*STAGES, "total"):
            rows[cells[0]] = cells[1:]
    return rows


def test_profile_prints_every_stage_and_writes_no_timing(mini, runner, tmp_path):
    profiled = invoke(runner, "build", "--seeds", mini["seeds"], "--curated", mini["curated"], "--out", mini["out"],
                      "--profile")
    assert profiled.exit_code == 0, profiled.output
    rows = _rows(profiled.output)
    assert list(rows) == [*STAGES, "total"]
    for stage, (wall, cpu, share) in rows.items():
        assert float(wall) >= 0 and float(cpu) >= 0 and share.endswith("%"), stage
    first = {path.name: path.read_bytes() for path in mini["out"].iterdir() if path.is_file()}
    plain = invoke(runner, "build", "--seeds", mini["seeds"], "--curated", mini["curated"], "--out", tmp_path / "b")
    assert plain.exit_code == 0 and "--profile" not in plain.output
    assert {path.name: path.read_bytes() for path in (tmp_path / "b").iterdir() if path.is_file()} == first


def test_a_refused_build_profiles_the_stages_it_reached(mini, runner):
    with (mini["curated"] / "mini.ttl").open("a", encoding="utf-8") as stream:
        stream.write('\n:claim-without-claimant a bo:Claim ; bo:claimKind bo:claim-assessment ; bo:content "x" ;\n'
                     '    bo:quote "They signed a memorandum of understanding on labour." .\n')
    refused = invoke(runner, "build", "--seeds", mini["seeds"], "--curated", mini["curated"], "--out", mini["out"],
                     "--profile")
    assert refused.exit_code == 1
    rows = _rows(refused.output)
    assert rows["validate"][0] != "—"
    assert [rows[stage] for stage in ("serialize", "render", "store")] == [["—", "—", "—"]] * 3


def test_a_stage_passed_through_twice_adds_up(monkeypatch):
    clock = iter([(0.0, 0.0), (1.0, 0.5), (3.0, 2.5), (6.0, 2.75)])
    monkeypatch.setattr(stages_module, "_now", lambda: next(clock))
    stages = Stages()
    stages.lap("assemble")
    stages.lap("validate")
    stages.lap("assemble")
    assert stages.wall == {"assemble": 4.0, "validate": 2.0}
    assert stages.cpu == {"assemble": 0.75, "validate": 2.0}
