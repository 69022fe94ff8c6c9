"""Shared fixtures: one build of the real seeds per test session, copies of inputs to break, a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.build import CURATED_DIR, SEEDS_DIR
from graph.cli import app

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str):
    return runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)


@pytest.fixture(scope="session")
def built(tmp_path_factory, runner) -> Path:
    """The output folder of one `bilat build` of the seeds."""
    out = tmp_path_factory.mktemp("out")
    result = invoke(runner, "build", "--out", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    return Path(shutil.copytree(SEEDS_DIR, tmp_path / "seeds"))


@pytest.fixture
def curated_copy(tmp_path) -> Path:
    return Path(shutil.copytree(CURATED_DIR, tmp_path / "curated"))


@pytest.fixture
def mini(tmp_path) -> dict[str, Path]:
    """A copy of the one-document corpus in tests/data/mini (seeds + curated)."""
    root = Path(shutil.copytree(DATA / "mini", tmp_path / "mini"))
    return {"seeds": root / "seeds", "curated": root / "curated", "out": tmp_path / "out"}
