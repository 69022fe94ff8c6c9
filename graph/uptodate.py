"""The up-to-date check: a build whose every input is what the output folder was built from, and whose outputs are
intact, redoes nothing.

Caching each document's extraction (graph.cache) leaves the graph-wide stages (assemble, validate, serialize,
render, store), which cost about 0.15 ms per triple whatever changed: a minute or more for a thousand articles.
So a build with a cache also keeps, in the cache folder, a stamp per output folder: a fingerprint of every input
(``inputs``) and the sha256 of every file the build left in the folder (``manifest``). When the next build's inputs
give the same fingerprint and the files still have those hashes, it returns the recorded summary and report and
touches nothing.

The stamp lives in the cache, not in the output folder: the output files are the same bytes with or without a
cache, and the store's RocksDB files, which the manifest covers too, differ from one write to the next.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from concurrent.futures import ThreadPoolExecutor
from dataclasses import astuple
from pathlib import Path

FORMAT = "bilat-build-stamp/1"  # bump when what the stamp records changes
PACKAGE_DIR = Path(__file__).resolve().parent
# Libraries whose versions can change an output's bytes beside the code and data hashed below: parsing and
# linking (extraction), validation, serialization and the store, the page's layout and template.
LIBRARIES = ("spacy", "thinc", "rapidfuzz", "pyoxigraph", "pyshacl", "rdflib", "igraph", "pyvis", "jinja2",
             "markupsafe", "trafilatura")
# RocksDB's informational log is rewritten by whoever opens the store; it holds no data.
UNHASHED_PREFIXES = ("LOG",)


def inputs(documents, skipped: list[str], *, curated: Path | None, decisions: Path, ontology: Path,
           options: dict) -> str:
    """The fingerprint of everything a build's outputs depend on: each document (id, path, text hash, metadata,
    boilerplate), what was skipped and why, the curated files, the review decisions, the ontology folder (shapes
    and checks with it), every file of the package (code, rules, templates, lexicons, the pinned model), the
    versions of the libraries above and of Python, and the build's options."""
    from graph.cache import _version

    digest = hashlib.sha256(FORMAT.encode())

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode() + data)

    for document in documents:
        add("document", json.dumps([document.id, str(document.path), document.sha256, document.metadata,
                                    [(span.start, span.end, span.reason) for span in document.boilerplate]],
                                   sort_keys=True, default=str, ensure_ascii=False).encode())
    add("skipped", json.dumps(skipped, ensure_ascii=False).encode())
    for root in (PACKAGE_DIR, ontology, *([curated] if curated is not None else [])):
        for path in _files(root):
            add(f"{root.name}/{path.relative_to(root).as_posix()}", path.read_bytes())
    add("decisions", decisions.read_bytes() if decisions.is_file() else b"(none)")
    versions = {library: _version(library) for library in LIBRARIES} | {"python": platform.python_version()}
    add("versions", json.dumps(versions, sort_keys=True).encode())
    add("options", json.dumps(options, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file() and "__pycache__" not in path.parts)


def manifest(out: Path) -> dict[str, str]:
    """The sha256 of every file under ``out`` (the store's too) by relative path. Hashing reads each file once
    and releases the GIL, so two threads use two cores: about a second for the 1.5 GB of a 1.4M-triple build."""
    paths = [path for path in _files(out) if not path.name.startswith(UNHASHED_PREFIXES)]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        hashes = pool.map(_sha256, paths)
        return {path.relative_to(out).as_posix(): digest for path, digest in zip(paths, hashes, strict=True)}


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def stamp(fingerprint: str, out: Path, summary: dict, report) -> dict:
    """What a finished build records about ``out``: enough to answer the next build with the same inputs."""
    return {"format": FORMAT, "inputs": fingerprint, "manifest": manifest(out), "summary": summary,
            "findings": [astuple(finding) for finding in report.findings]}


def matches(recorded: dict | None, fingerprint: str, out: Path) -> bool:
    """Whether ``out`` holds, intact, what a build of these inputs writes: the fingerprint is the recorded one
    and every file has its recorded hash, none missing and none added."""
    if not recorded or recorded.get("format") != FORMAT or recorded.get("inputs") != fingerprint:
        return False
    try:
        return manifest(out) == recorded["manifest"]
    except OSError:  # a file went away while being hashed
        return False


def recorded_report(recorded: dict):
    from graph.validate import Finding, Report

    return Report(findings=tuple(Finding(*fields) for fields in recorded["findings"]))
