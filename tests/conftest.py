"""Shared fixtures: one build of the real seeds per test session, copies of inputs to break, a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.build import CURATED_DIR, SEEDS_DIR
from graph.cli import app

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session", autouse=True)
def no_user_cache():
    """`bilat build` keeps an extraction cache in the user's home by default: tests never touch it, and each
    test parses what it builds (tests/test_cache.py points builds at caches of its own)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BILAT_CACHE", "off")
        yield


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


def oxigraph_binary() -> str:
    """The Oxigraph server (PyPI `oxigraph`, in the test extra): a real Graph Store Protocol endpoint to push to."""
    import sys

    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the Oxigraph server is not installed (tests/setup.sh installs the test extra)")
    return found


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process, seconds: float = 20) -> None:
    import socket
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port}")


def stop_by_pid(process, seconds: float = 20) -> int:
    """Stop a server the tests started, by its PID (SIGTERM, its clean shutdown), killing it if it lingers; its
    exit code."""
    import signal

    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=seconds)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on ``port``, read from /proc (IPv4 and IPv6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":  # 0A = LISTEN
                found.add(address)
    return found
