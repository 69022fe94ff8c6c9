"""Graph files named on the command line: a missing, empty or malformed one is an error that names the file (and
the line), never a traceback, and never an empty graph that every later step would take for a good one."""

from __future__ import annotations

from pathlib import Path

from graph.errors import BilatError

SUFFIXES = {".trig": "TriG", ".nq": "N-Quads", ".ttl": "Turtle", ".nt": "N-Triples"}


def read_graph(path: Path) -> list:
    """Every statement of the graph file ``path`` (quads; triples from Turtle and N-Triples), in the format its
    suffix names."""
    import pyoxigraph as ox

    if not path.exists():
        raise BilatError("no such file: build the graph first (bilat build)", path)
    if path.is_dir():
        raise BilatError("is a folder, not a graph file", path)
    if path.suffix not in SUFFIXES:
        raise BilatError(f"cannot read {path.suffix!r} files (use one of {', '.join(SUFFIXES)})", path)
    try:
        statements = list(ox.parse(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:])))
    except SyntaxError as error:
        raise BilatError(f"malformed {SUFFIXES[path.suffix]}: {error.msg}", path, error.lineno) from None
    if not statements:
        raise BilatError("no triples: the graph file is empty", path)
    return statements
