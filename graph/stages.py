"""Where a build's time goes: wall and CPU seconds per stage, which `bilat build --profile` prints.

They are kept in memory only (graph.build.BuildResult.stages): an output file with timings in it would differ from
one build to the next, and the same inputs give byte-identical files."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

STAGES = ("read", "extract", "assemble", "validate", "serialize", "render", "store")


def _now() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


@dataclass
class Stages:
    """A lap timer: ``lap(stage)`` adds the time since the previous lap (or since the timer was made) to that
    stage, so the build marks the end of each step with one line, and a stage it passes through twice (it
    assembles before and after extraction) adds up. CPU time counts every thread of the process, so it can
    exceed the wall time of a stage that loads in parallel."""

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    last: tuple[float, float] = field(init=False)

    def __post_init__(self) -> None:
        self.last = _now()

    def lap(self, stage: str) -> None:
        if stage not in STAGES:
            raise ValueError(f"unknown build stage {stage!r}")
        now = _now()
        self.wall[stage] = self.wall.get(stage, 0.0) + now[0] - self.last[0]
        self.cpu[stage] = self.cpu.get(stage, 0.0) + now[1] - self.last[1]
        self.last = now


def print_stages(stages: Stages, console=None) -> None:
    """One row per stage, in the build's order ("—" for a stage the build did not reach, as when it refuses an
    invalid graph), and their total."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console(width=160, highlight=False)
    table = Table(title="bilat build --profile", header_style="bold")
    table.add_column("stage")
    for number in ("wall (s)", "CPU (s)", "share of wall"):
        table.add_column(number, justify="right")
    total_wall, total_cpu = sum(stages.wall.values()), sum(stages.cpu.values())
    for name in STAGES:
        if name not in stages.wall:
            table.add_row(name, "—", "—", "—")
            continue
        share = stages.wall[name] / total_wall if total_wall else 0.0
        table.add_row(name, f"{stages.wall[name]:.3f}", f"{stages.cpu[name]:.3f}", f"{share:.0%}")
    table.add_row("total", f"{total_wall:.3f}", f"{total_cpu:.3f}", "100%", style="bold")
    console.print(table)
