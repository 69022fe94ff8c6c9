"""The extraction cache: what the extractor found in a document, kept on disk so that an unchanged document is never
parsed again (parsing is most of a build's time).

An entry is keyed by the document (its id, the sha256 of its text, its metadata and boilerplate spans) and by a
fingerprint of everything else that shapes the candidates: the rules, values, model and fact-kind files, the
extractor's lexicon, the source of the extraction package and the versions of the libraries it parses and matches
with. So a change anywhere there is a miss without anyone bumping a version. An entry holds the candidates before review
decisions, so accepting or rejecting a candidate needs no parse; turning candidates into triples (graph.candidates)
is cheap and runs on every build, which is why that module is not in the fingerprint.

The cache also keeps the article text of each web page (``pages/``, keyed by the page's bytes and the version of
trafilatura and of graph/corpus.py, which reduce it), so an unchanged page is not converted again either, and a
stamp per output folder (``builds/``, graph.uptodate), so a build whose inputs have not changed is not redone.

Entries are pickles, read only from a folder that belongs to the user running the build and that no one else can
write to, and written atomically; an entry that cannot be read is a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import stat
import tempfile
from importlib import metadata
from pathlib import Path

from graph.errors import BilatError

FORMAT = "bilat-extraction-cache/1"  # bump when the layout of an entry changes
OFF = "off"
LIBRARIES = ("spacy", "thinc", "rapidfuzz")  # their versions change parses and fuzzy links
EXTRACTION_DIR = Path(__file__).resolve().parent / "extraction"
CORPUS_FILE = Path(__file__).resolve().parent / "corpus.py"


def default_folder(environ=os.environ) -> Path | None:
    """Where `bilat build` keeps the cache unless told: ``$BILAT_CACHE`` (``off``: nowhere), else the XDG cache
    folder (``$XDG_CACHE_HOME/bilat``, ``~/.cache/bilat``). Never inside the output folder, which a build replaces
    whole."""
    chosen = environ.get("BILAT_CACHE", "").strip()
    if chosen.lower() == OFF:
        return None
    if chosen:
        return Path(chosen).expanduser()
    xdg = environ.get("XDG_CACHE_HOME", "")
    # The XDG specification says a relative value is invalid and to be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "bilat"


def fingerprint(rules, lexicon) -> str:
    """The hash of what, beside the document, decides the extractor's output: computed once per build."""
    from graph import kinds
    from graph.extraction.parsing import MODEL_FILE
    from graph.extraction.values import RULES_FILE as VALUES_FILE

    digest = hashlib.sha256(FORMAT.encode())
    digest.update(rules.fingerprint.encode())
    # The registry of fact kinds words the labels of events, so it shapes the candidates too.
    for path in (VALUES_FILE, MODEL_FILE, kinds.KINDS_FILE, Path(kinds.__file__),
                 *sorted(EXTRACTION_DIR.glob("*.py"))):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for library in LIBRARIES:
        digest.update(f"{library}={_version(library)}".encode())
    digest.update(json.dumps(sorted(lexicon.names.items()), ensure_ascii=False).encode())
    return digest.hexdigest()


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "absent"


class ExtractionCache:
    """Candidates by document, in ``folder``/extraction; counts its hits and misses for the build summary."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.entries = folder / "extraction"
        self.pages = folder / "pages"
        self.builds = folder / "builds"
        self.hits = 0
        self.misses = 0
        self.page_hits = 0
        self.page_misses = 0
        self._checked = False
        self._converter = ""

    def page_text(self, html: str) -> str | None:
        """The article text found before in this exact page by this converter, or None."""
        self._check_folder()
        try:
            text = (self.pages / f"{self._page_key(html)}.txt").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            self.page_misses += 1
            return None
        self.page_hits += 1
        return text

    def put_page_text(self, html: str, text: str) -> None:
        self._check_folder()
        self._write(self.pages / f"{self._page_key(html)}.txt", text.encode("utf-8"))

    def _page_key(self, html: str) -> str:
        if not self._converter:
            digest = hashlib.sha256(FORMAT.encode() + CORPUS_FILE.read_bytes())
            digest.update(f"trafilatura={_version('trafilatura')}".encode())
            self._converter = digest.hexdigest()
        return hashlib.sha256(self._converter.encode() + html.encode("utf-8", "surrogatepass")).hexdigest()

    def stamp(self, out: Path) -> dict | None:
        """What the last build into ``out`` with this cache recorded (graph.uptodate.stamp), or None."""
        self._check_folder()
        try:
            recorded = json.loads((self.builds / _out_key(out)).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return recorded if isinstance(recorded, dict) else None

    def put_stamp(self, out: Path, recorded: dict) -> None:
        self._check_folder()
        self._write(self.builds / _out_key(out), json.dumps(recorded, ensure_ascii=False).encode("utf-8"))

    def get(self, setting: str, document) -> list | None:
        """The candidates cached for ``document`` under the fingerprint ``setting``, or None (a miss)."""
        self._check_folder()
        key = _key(setting, document)
        found = self._read(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, setting: str, document, candidates: list) -> None:
        self._check_folder()
        key = _key(setting, document)
        self._write(self.entries / f"{key}.pickle", pickle.dumps((key, candidates), protocol=5))

    def _write(self, path: Path, data: bytes) -> None:
        temporary = None
        try:
            with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as handle:
                temporary = Path(handle.name)
                handle.write(data)
            # A reader sees the whole entry or none: another build may be reading the same folder.
            os.replace(temporary, path)
        except OSError as error:
            if temporary is not None:
                temporary.unlink(missing_ok=True)
            raise BilatError(f"cannot write the extraction cache ({error.strerror or error}); "
                             "use --cache DIR or --no-cache", path.parent) from None

    def _read(self, key: str) -> list | None:
        from graph.extraction.model import Candidate

        try:
            with open(self.entries / f"{key}.pickle", "rb") as handle:
                stored_key, candidates = pickle.load(handle)
        except FileNotFoundError:
            return None
        # A truncated or foreign entry fails in any of pickle's many ways (EOFError, UnpicklingError, an
        # AttributeError for a class since renamed, a ValueError when unpacking); each is only a miss.
        except Exception:  # noqa: BLE001
            return None
        if stored_key != key or not isinstance(candidates, list) or \
                not all(isinstance(candidate, Candidate) for candidate in candidates):
            return None
        return candidates

    def _check_folder(self) -> None:
        """Create the entries' folders for this user alone, and refuse one that others could write to: a pickle
        runs code when loaded, and a page's text becomes the graph's, so only files this user wrote may be read."""
        if self._checked:
            return
        for folder in (self.entries, self.pages, self.builds):
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                status = folder.stat()
            except OSError as error:
                raise BilatError(f"cannot create the extraction cache ({error.strerror or error}); "
                                 "use --cache DIR or --no-cache", folder) from None
            owner_is_other = hasattr(os, "getuid") and status.st_uid != os.getuid()
            if owner_is_other or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                raise BilatError("the extraction cache folder belongs to another user or others may write to it, "
                                 "so its entries cannot be trusted; use a folder of your own (--cache DIR) or "
                                 "--no-cache", folder)
        self._checked = True


def _out_key(out: Path) -> str:
    return hashlib.sha256(os.fsencode(out.resolve())).hexdigest() + ".json"


def _key(setting: str, document) -> str:
    described = json.dumps([setting, document.id, document.sha256, document.metadata,
                            [(span.start, span.end, span.reason) for span in document.boilerplate]],
                           sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(described.encode("utf-8")).hexdigest()
