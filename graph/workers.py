"""Query workers: SPARQL evaluated in a child process that has a memory cap and a deadline.

Oxigraph evaluates a query in native code that Python cannot interrupt, and neither its timeout nor anything
else bounds its memory: a cross product with ``ORDER BY`` grows until the kernel kills something. So every query
of ``bilat query`` and ``bilat serve`` runs in a worker process whose address space is capped (``RLIMIT_AS``);
when the deadline passes the worker is killed, and when the cap is hit the allocation fails and the worker dies.
Either way the caller gets a clear error, nothing half-written, and the next query gets a fresh worker.

A worker is ``python -m graph.workers``, talking over a socket pair with pickled messages. It is not started
through ``multiprocessing``'s spawn, which would re-import the caller's main module (the ``bilat`` script, a
notebook) in every worker.
"""

from __future__ import annotations

import contextlib
import pickle
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from graph.errors import BilatError

DEFAULT_TIMEOUT = 30.0  # seconds
DEFAULT_MEMORY = 2048  # MiB of address space per worker; an open on-disk store alone reserves about 450
MINIMUM_MEMORY = 512
STARTUP_SECONDS = 120  # opening the store (or loading a TriG file into memory) is not a query's time
# The caller holds a whole answer in memory, so an answer may take at most this share of a worker's memory:
# the endpoint's memory stays bounded by what its workers may use.
ANSWER_SHARE = 4


class QueryCutOff(BilatError):
    """A query stopped by its deadline or its memory cap (exit code 3: the input was fine, the query too big)."""

    exit_code = 3


class _KilledFromOutside(Exception):
    """The worker was killed by someone else while (or before) it evaluated a call."""


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT
    memory_mib: int = DEFAULT_MEMORY
    federation: bool = False

    def __post_init__(self):
        if not self.timeout > 0:
            raise BilatError(f"the timeout must be a positive number of seconds, not {self.timeout}")
        if self.memory_mib < MINIMUM_MEMORY:
            raise BilatError(f"the memory limit must be at least {MINIMUM_MEMORY} MiB (an open store alone "
                             f"reserves about 450), not {self.memory_mib}")


@dataclass(frozen=True)
class StoreSource:
    """Where a worker gets its store: the build folder's store (opened read-only, so several workers share
    it), or a TriG file loaded into memory."""

    out: Path | None = None
    trig: Path | None = None

    def open(self):
        from graph.store import open_store, trig_store

        return trig_store(self.trig) if self.trig is not None else open_store(self.out)


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the thread that started it ends, even by SIGKILL: an orphaned worker
    would go on evaluating a query nobody waits for."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


def _work(connection: Connection) -> None:
    """The worker's loop: open the store once, then evaluate ``(function, args)`` requests one at a time."""
    import resource

    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which then stops its workers
    source, memory_mib = connection.recv()
    limit = memory_mib * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        store = source.open()
    except BilatError as error:
        connection.send(("error", error))
        return
    except MemoryError:
        connection.send(("error", BilatError(f"the graph does not fit in the {memory_mib} MiB memory limit")))
        return
    connection.send(("ready", None))
    while True:
        try:
            function, args = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer = pickle.dumps(("ok", function(store, *args)), protocol=pickle.HIGHEST_PROTOCOL)
            if len(answer) > limit // ANSWER_SHARE:
                raise QueryCutOff(f"the answer is larger than {memory_mib // ANSWER_SHARE} MiB (a quarter of the "
                                  "--memory limit): ask for fewer rows (LIMIT) or raise --memory")
            connection.send_bytes(answer)
        except BilatError as error:
            connection.send(("error", error))
        except MemoryError:
            connection.send(("memory", None))
        except OSError as error:  # the store could not be read
            connection.send(("error", BilatError(f"cannot read the store: {error}")))


_launcher = None
_launcher_lock = threading.Lock()


def _from_a_lasting_thread(function):
    """``function()`` run in the main thread or in one thread that lives as long as the process. Linux sends the
    parent-death signal when the *thread* that started a worker ends, so a worker restarted from an HTTP
    handler's thread would be killed as soon as that request is answered."""
    global _launcher
    if threading.current_thread() is threading.main_thread():
        return function()
    with _launcher_lock:
        if _launcher is None:
            from concurrent.futures import ThreadPoolExecutor

            _launcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bilat-worker-launcher")
    return _launcher.submit(function).result()


class QueryWorker:
    """One worker process with the store open, answering one call at a time within the limits."""

    def __init__(self, source: StoreSource, limits: Limits):
        self.source, self.limits = source, limits
        self._process: subprocess.Popen | None = None
        self._connection: Connection | None = None

    def start(self) -> None:
        """Start the worker and wait until its store is open; a store that cannot be opened is an error here."""
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-m", "graph.workers", str(theirs.fileno())]
        # The worker's stderr is dropped: when the memory cap is hit Rust prints a backtrace before it aborts,
        # and the parent reports that in one line instead.
        self._process = _from_a_lasting_thread(lambda: subprocess.Popen(
            command, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL))
        theirs.close()
        self._connection = Connection(ours.detach())
        self._connection.send((self.source, self.limits.memory_mib))
        status, detail = self._receive(STARTUP_SECONDS, "opening the store")
        if status != "ready":
            self.stop()
            raise detail

    def call(self, function, *args):
        """``function(store, *args)`` in the worker; its result, or QueryCutOff when a limit stopped it. A worker
        killed from outside (SIGKILL: by an administrator or the kernel, not by its memory cap, which aborts it)
        is replaced and the call tried once more."""
        try:
            return self._call_once(function, args)
        except _KilledFromOutside:
            pass
        try:
            return self._call_once(function, args)
        except _KilledFromOutside:
            raise QueryCutOff("the query worker was killed twice while evaluating the query (by the kernel's "
                              "out-of-memory killer?): lower --memory or --workers") from None

    def _call_once(self, function, args):
        if self._process is None or self._process.poll() is not None:
            self.stop()
            self.start()
        try:
            self._connection.send((function, args))
        except OSError:  # the worker died since the check above
            self.stop()
            raise _KilledFromOutside() from None
        status, detail = self._receive(self.limits.timeout, "the query")
        if status == "ok":
            return detail
        if status == "memory":
            raise self._over_memory("the query")
        raise detail

    def _receive(self, seconds: float, what: str):
        if not self._connection.poll(seconds):
            self.stop()
            raise QueryCutOff(f"{what} was stopped: it ran longer than the {self.limits.timeout:g} s timeout "
                              "(--timeout)")
        with contextlib.suppress(EOFError, OSError):
            return self._connection.recv()
        try:  # the worker died
            code = self._process.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        self.stop()
        if code in (-signal.SIGABRT, -signal.SIGSEGV):
            # An allocation refused by the memory cap aborts the worker (Rust's out-of-memory handler).
            raise self._over_memory(what)
        if code == -signal.SIGKILL and what == "the query":
            raise _KilledFromOutside()
        raise BilatError(f"the query worker stopped unexpectedly (exit code {code}) during {what}")

    def _over_memory(self, what: str) -> QueryCutOff:
        return QueryCutOff(f"{what} was stopped: it needed more than the {self.limits.memory_mib} MiB memory "
                           "limit (--memory)")

    def stop(self) -> None:
        """Kill the worker (it may be deep in native code that no gentler signal reaches) and reap it."""
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait()
        if self._connection is not None:
            self._connection.close()
        self._process = self._connection = None

    def __enter__(self) -> QueryWorker:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":
    _work(Connection(int(sys.argv[1])))
