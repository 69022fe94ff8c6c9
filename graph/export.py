"""Export stage: the assembled dataset as Turtle (union), TriG, N-Quads and JSON-LD, byte-identical from run to
run.

Determinism comes from one canonical order — quads sorted by graph, subject, predicate, object — fed to
Oxigraph's serializers, which write statements in the order given. Files are written to a temporary name and
renamed into place, so a failed build never leaves a half-written or mixed set of outputs.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from graph.namespaces import serialization_prefixes

FORMATS = {
    "graph.ttl": ox.RdfFormat.TURTLE,
    "graph.trig": ox.RdfFormat.TRIG,
    "graph.nq": ox.RdfFormat.N_QUADS,
    "graph.jsonld": ox.RdfFormat.JSON_LD,
}


def sort_key(statement: ox.Quad | ox.Triple) -> tuple[str, ...]:
    graph = statement.graph_name.value if isinstance(statement, ox.Quad) else ""
    return graph, str(statement.subject), str(statement.predicate), str(statement.object)


def canonical_quads(quads) -> list[ox.Quad]:
    return sorted(set(quads), key=sort_key)


def union_triples(quads) -> list[ox.Triple]:
    return sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=sort_key)


def serialize(quads, filename: str, base: str) -> bytes:
    """One output file's bytes. Turtle gets the union of all graphs; the others keep the named graphs."""
    rdf_format = FORMATS[filename]
    prefixes = serialization_prefixes(base)
    if rdf_format == ox.RdfFormat.TURTLE:
        return ox.serialize(union_triples(quads), format=rdf_format, prefixes=prefixes)
    if rdf_format == ox.RdfFormat.N_QUADS:
        return ox.serialize(canonical_quads(quads), format=rdf_format)
    return ox.serialize(canonical_quads(quads), format=rdf_format, prefixes=prefixes)


def write_outputs(outputs: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write every file beside its final name, then rename each into place (atomic per file)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in outputs.items():
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o644)  # mkstemp creates 0600; outputs are ordinary shareable files
            staged.append((name, Path(temporary)))
    except BaseException:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)
        raise
    for name, temporary in staged:
        os.replace(temporary, out_dir / name)
    return [out_dir / name for name in outputs]


def summary_json(summary: dict) -> bytes:
    return (json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def count_by(values) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))
