"""Export stage: the assembled dataset as Turtle (union), TriG, N-Quads and JSON-LD, byte-identical from run to
run.

Determinism comes from one canonical order — quads sorted by graph, subject, predicate, object — fed to
Oxigraph's serializers, which write statements in the order given. A build sorts the N-Quads lines of each graph
once (``write_graphs``) and streams every file to disk, so neither the sorted quads nor a file's bytes are ever
held whole in memory.

A build's outputs (these files and the store) are written into a new folder beside the output folder, which then
takes the output folder's place in one atomic step: readers see the old set or the new one, never a mix, whenever
the build stops.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from graph.errors import BilatError
from graph.namespaces import serialization_prefixes
from graph.store import STORE_DIR

FORMATS = {
    "graph.ttl": ox.RdfFormat.TURTLE,
    "graph.trig": ox.RdfFormat.TRIG,
    "graph.nq": ox.RdfFormat.N_QUADS,
    "graph.jsonld": ox.RdfFormat.JSON_LD,
}
OUTPUTS = (*FORMATS, "graph.html", "summary.json", STORE_DIR)


def sort_key(statement: ox.Quad | ox.Triple) -> tuple[str, ...]:
    graph = statement.graph_name.value if isinstance(statement, ox.Quad) else ""
    return graph, str(statement.subject), str(statement.predicate), str(statement.object)


def canonical_quads(quads) -> list[ox.Quad]:
    return sorted(set(quads), key=sort_key)


def union_triples(quads) -> list[ox.Triple]:
    return sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=sort_key)


def write_graphs(quads, folder: Path, base: str) -> tuple[list[Path], int]:
    """The graph files of ``quads`` (each in a named graph), in ``folder``: N-Quads, TriG and JSON-LD of the
    named graphs, Turtle of their merge; and the number of triples in that merge, which its set of lines gives
    for free (a set of the quads' Triple objects took seconds on a graph of a million statements).

    The order is sort_key's, reached without a Python object per statement: Oxigraph writes the quads as
    N-Quads, whose lines are grouped by graph and sorted as bytes. A line is its terms as str() writes them,
    joined by spaces; an IRI ends with ">" and a literal can only go on with "@" or "^^", both above the space,
    so the lines sort as the tuples of their terms do, and UTF-8 bytes sort as the code points of str. The
    N-Quads file, written graph by graph in the order of their IRIs, is then read back one statement at a time
    by the TriG and JSON-LD serializers, and the merge's sorted lines by the Turtle serializer. (An Oxigraph
    store cannot stand in for the quads here: it keeps a number's value, not its lexical form, so "1.0" would
    come back as "1".)"""
    prefixes = serialization_prefixes(base)
    by_graph = _lines_by_graph(quads, folder / ".graph.nq.unsorted")
    nquads = folder / "graph.nq"
    with _output(nquads) as stream:
        for graph in sorted(by_graph):
            lines = by_graph[graph]
            lines.sort()
            _write_lines(stream, lines, b" <" + graph + b"> .\n")
    merged = set().union(*by_graph.values())
    del by_graph
    for name in ("graph.trig", "graph.jsonld"):
        with _output(folder / name) as stream:
            ox.serialize(ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS), stream, FORMATS[name],
                         prefixes=prefixes)
    # The merge goes to Turtle through a file of its own: the sorted lines joined in memory would be a copy.
    count = len(merged)
    triples = folder / ".graph.ttl.unsorted"
    with _output(triples) as stream:
        _write_lines(stream, sorted(merged), b" .\n")
    del merged
    with _output(folder / "graph.ttl") as stream:
        ox.serialize(ox.parse(path=triples, format=ox.RdfFormat.N_TRIPLES), stream, ox.RdfFormat.TURTLE,
                     prefixes=prefixes)
    triples.unlink()
    return [folder / name for name in FORMATS], count


def _write_lines(stream, lines: list[bytes], end: bytes, chunk: int = 100_000) -> None:
    """Each line followed by ``end``. The lines are joined a chunk at a time (a few MB): one C call per chunk
    where a bytes object per line took a tenth of the serialization's time, and never a whole file in memory."""
    for start in range(0, len(lines), chunk):
        stream.write(end.join(lines[start:start + chunk]) + end)


def _lines_by_graph(quads, scratch: Path) -> dict[bytes, list[bytes]]:
    """Each graph's IRI (UTF-8) with the N-Triples form of its statements, less the final " .". Oxigraph
    writes the N-Quads to ``scratch``, read back line by line, so that the text of all quads is never in memory
    beside the lines."""
    with open(scratch, "wb") as stream:
        ox.serialize(quads, stream, ox.RdfFormat.N_QUADS)
    by_graph: dict[bytes, list[bytes]] = {}
    with open(scratch, "rb") as stream:
        for line in stream:
            # "S P O <G> .\n": the graph is the last term, and an IRI holds no space.
            cut = line.rindex(b" <")
            by_graph.setdefault(line[cut + 2:-4], []).append(line[:cut])
    scratch.unlink()
    return by_graph


@contextmanager
def _output(path: Path):
    """A file to stream an output into, made durable before the build's folder is swapped in."""
    with open(path, "wb") as stream:
        yield stream
        stream.flush()
        os.fsync(stream.fileno())




def write_outputs(outputs: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write every file beside its final name, on disk, then rename each into place (atomic per file)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in outputs.items():
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                os.fsync(stream.fileno())  # else a crash soon after the rename can leave an empty file
            os.chmod(temporary, 0o644)  # mkstemp creates 0600; outputs are ordinary shareable files
            staged.append((name, Path(temporary)))
    except BaseException:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)
        raise
    for name, temporary in staged:
        os.replace(temporary, out_dir / name)
    return [out_dir / name for name in outputs]


def check_out(out: Path) -> None:
    """Refuse an output folder holding anything but a build's outputs: a build replaces the whole folder, so
    the user's own files there would be deleted."""
    if out.exists() and not out.is_dir():
        raise BilatError("the output folder is a file", out)
    # Names starting with "." and an output's name are what earlier versions of the build left inside the folder
    # when interrupted (".store-new", ".graph.ttl.k2j4"); they go with the old outputs.
    unknown = sorted(entry.name for entry in out.iterdir()
                     if not any(entry.name in (name, f".{name}") or entry.name.startswith((f".{name}.", f".{name}-"))
                                for name in OUTPUTS)) if out.is_dir() else []
    if unknown:
        listed = ", ".join(unknown[:5]) + (", ..." if len(unknown) > 5 else "")
        raise BilatError(f"the output folder holds files the build did not write ({listed}); a build replaces "
                         "the whole folder, so move them elsewhere or choose another --out", out)


@contextmanager
def new_outputs(out: Path):
    """A new empty folder to write a build into. When the block ends without an error, the folder takes the
    place of ``out`` (created when missing) in one atomic step and the old outputs are deleted; otherwise it is
    deleted and ``out`` stays as it was. What an interrupted build left beside ``out`` goes first."""
    out = out.resolve()  # a symlinked output folder is replaced at its target; "." gets a name
    _recover(out)
    check_out(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Beside the output folder, so on the same filesystem (a rename cannot cross filesystems).
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    old = None
    try:
        os.chmod(folder, 0o755)  # mkdtemp makes it private; the outputs are ordinary shared files
        yield folder
        old = _swap(folder, out)
        _fsync_folder(out.parent)
    finally:
        shutil.rmtree(old or folder, ignore_errors=True)


def _old(out: Path) -> Path:
    return out.parent / f".{out.name}.old"


def _recover(out: Path) -> None:
    """Undo what an interrupted build left: a swap without an atomic exchange cut off between its two renames
    (``out`` missing, the old outputs set aside) gets the old outputs back; unfinished new folders are deleted."""
    if _old(out).is_dir() and not out.exists():
        _old(out).rename(out)
    for stray in [_old(out), *out.parent.glob(f".{out.name}.new-*")]:
        shutil.rmtree(stray, ignore_errors=True)


def _swap(new: Path, out: Path) -> Path | None:
    """Put ``new`` in the place of ``out``; the path that now holds the old outputs, None when there were none."""
    if not out.exists():
        new.rename(out)
        return None
    if _exchange(new, out):
        return new
    # Without an atomic exchange, ``out`` is missing for a moment; _recover puts the old outputs back if the
    # build stops there, so a reader still never finds a mixed set.
    out.rename(_old(out))
    new.rename(out)
    return _old(out)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step with Linux's renameat2(RENAME_EXCHANGE) (glibc 2.28 and later); False where
    the system or the filesystem cannot."""
    import ctypes

    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(b))


def _fsync_folder(folder: Path) -> None:
    """Make the swap itself durable; where folders cannot be opened (Windows) the system does it in time."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def summary_json(summary: dict) -> bytes:
    return (json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def count_by(values) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))
