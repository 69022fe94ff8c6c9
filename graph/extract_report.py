"""`bilat extract FILE`: what extraction finds in one document, as a table or as TriG."""

from __future__ import annotations

import io
from pathlib import Path

from graph.errors import BilatError
from graph.terminal import cell, printable

FORMATS = ("table", "trig")


def extract_document(path: Path, fmt: str = "table") -> str:
    import pyoxigraph as ox

    from graph.assemble import in_graph, node
    from graph.candidates import candidate_triples
    from graph.corpus import load_document
    from graph.export import canonical_quads
    from graph.extraction.extractor import Extractor
    from graph.namespaces import serialization_prefixes

    if fmt not in FORMATS:
        raise BilatError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    if not path.is_file():
        raise BilatError("is a folder, not a document" if path.is_dir() else "no such file", path)
    document = load_document(path)
    extractor = Extractor()
    candidates = extractor.extract(document)
    if fmt == "trig":
        triples = [t for c in candidates for t in candidate_triples(c, document, set(), extractor.version)]
        quads = canonical_quads(in_graph(triples, node(f"graph-extracted-{document.id}")))
        trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=serialization_prefixes()).decode("utf-8")
        # Oxigraph escapes C0 controls in literals but not C1 controls or bidi overrides.
        return printable(trig, uchar=True)
    return _table(candidates)


def _table(candidates) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "kind", "class", "fact", "conf.", "offsets", "sentence", header_style="bold")
    for c in candidates:
        table.add_row(*(cell(x) for x in (c.id, c.kind, c.cls, c.label[:48], c.confidence,
                                          f"{c.start}-{c.end}", c.quote[:80])))
    buffer = io.StringIO()
    console = Console(file=buffer, width=220, color_system=None)
    console.print(table)
    console.print(f"{len(candidates)} candidate(s)")
    return buffer.getvalue()
