"""Corpus stage: source documents (text exactly as received) and their metadata.

A document is ``NAME.txt`` with an optional sidecar ``NAME.toml`` giving its metadata and the spans of it that
are not article text (boilerplate). Offsets are Unicode code points into the text, as Web Annotation requires.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import BilatError

DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm")
# Files a folder of articles often holds about itself: not articles, so a folder's are left out (named on the
# command line, such a file is read like any document).
FOLDER_NOTES = ("README", "LICENSE", "LICENCE", "CHANGELOG", "CHANGES", "CONTRIBUTING", "NOTICE", "COPYING",
                "AUTHORS")
KINDS = ("speech", "news", "opinion")
METADATA_KEYS = {
    "title", "kind", "publisher", "author", "date", "date_inferred", "date_note", "date_not_before",
    "language", "place", "boilerplate",
}
BOILERPLATE_KEYS = {"from", "to", "reason"}
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# A stem made only of these is its own document id, as the seeds' and curated files' names are.
PLAIN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
ID_SLUG_CHARS = 48
# A file larger than this is skipped before it is read: parsing a document costs time and memory in proportion to
# its size, and a 10 MB file (a dump, a log, a book) is rarely one article. `bilat build --max-document-size`.
MAX_DOCUMENT_BYTES = 2 * 2**20
SIZE_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "kib": 2**10, "m": 1000**2, "mb": 1000**2, "mib": 2**20,
              "g": 1000**3, "gb": 1000**3, "gib": 2**30}
SIZE_PATTERN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Document:
    id: str
    path: Path
    text: str
    metadata: dict = field(default_factory=dict)
    boilerplate: tuple[Span, ...] = ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def title(self) -> str:
        return self.metadata.get("title") or self.text.strip().splitlines()[0].strip()

    def in_boilerplate(self, start: int, end: int) -> bool:
        return any(start < span.end and span.start < end for span in self.boilerplate)

    def find_quote(self, quote: str) -> tuple[int, int] | None:
        """Offsets of the first occurrence of ``quote`` that lies wholly outside boilerplate."""
        start = self.text.find(quote)
        while start >= 0:
            end = start + len(quote)
            if not self.in_boilerplate(start, end):
                return start, end
            start = self.text.find(quote, start + 1)
        return None


def parse_size(value: str) -> int:
    """Bytes from a size as a person writes it: ``2MB`` (10⁶ bytes), ``2MiB`` (2²⁰), ``500kB``, ``1.5M``,
    ``2000000``; decimal units as in a file manager, binary ones with an ``i``."""
    match = SIZE_PATTERN.match(value)
    unit = match.group(2).lower() if match else ""
    if not match or unit not in SIZE_UNITS:
        raise BilatError(f"not a size: {value!r} (examples: 2MB, 2MiB, 500kB, 2000000)")
    size = int(float(match.group(1)) * SIZE_UNITS[unit])
    if size < 1:
        raise BilatError(f"a document size limit must be at least one byte, not {value!r}")
    return size


def format_size(size: int) -> str:
    """``size`` bytes in the unit a reader expects: 2 MiB, 10.0 MB, 512 kB, 300 bytes."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    for unit, scale in (("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def load_corpus(folder: Path, max_bytes: int = MAX_DOCUMENT_BYTES, pages=None) -> list[Document]:
    """Every document in ``folder``, ordered by name so that builds are deterministic. ``pages`` (a
    graph.cache.ExtractionCache) keeps the article text of web pages between builds."""
    if not folder.is_dir():
        raise BilatError("no such folder of documents", folder)
    paths = sorted(p for p in folder.iterdir() if p.suffix in DOCUMENT_SUFFIXES)
    if not paths:
        raise BilatError(f"no documents ({', '.join(DOCUMENT_SUFFIXES)}) in this folder", folder)
    return [load_document(path, max_bytes, pages) for path in paths]


def load_paths(paths: list[Path], max_bytes: int = MAX_DOCUMENT_BYTES,
               pages=None) -> tuple[list[Document], list[str]]:
    """Documents from files and folders given on the command line. A file that cannot be read, or is larger
    than ``max_bytes``, is reported (in the returned list of problems) and skipped: one bad file never stops the
    others. A path that is not there at all is an error: a mistyped path would otherwise build a graph without
    the documents meant."""
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES and p.is_file()):
                if found.stem.upper() in FOLDER_NOTES:
                    problems.append(str(BilatError(f"a folder's {found.stem} is about the folder, not an article; "
                                                   "not read (name the file itself to read it)", found)))
                else:
                    files.append(found)
        elif path.is_file():
            files.append(path)
        else:
            raise BilatError("no such file or folder of documents", path)
    documents = []
    for path in files:
        try:
            documents.append(load_document(path, max_bytes, pages))
        except BilatError as error:
            problems.append(str(error))
    return documents, problems


def load_document(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES, pages=None) -> Document:
    check_size(path, max_bytes)
    text = read_text(path)
    if path.suffix.lower() in (".html", ".htm"):
        # Reducing a page to its article costs more than reading it (trafilatura parses the whole page), so a
        # page seen before takes the text found then.
        converted = pages.page_text(text) if pages else None
        if converted is None:
            converted = html_to_text(path, text)
            if pages:
                pages.put_page_text(text, converted)
        text = converted
    metadata_path = path.with_suffix(".toml")
    metadata = load_metadata(metadata_path, text) if metadata_path.exists() else {}
    spans = tuple(_boilerplate_spans(metadata_path, text, metadata.get("boilerplate", [])))
    return Document(id=document_id(path.name), path=path, text=text, metadata=metadata, boilerplate=spans)


def document_id(name: str) -> str:
    """The id of the document in file ``name``: the stem itself when it is plain ASCII (``000_8c6f8f67fcea1ec2``),
    else a slug of it plus a hash of the whole name (``loan-1-draft-3f2a9c1e``), because the id ends up in IRIs and
    a file name may hold spaces, ``#``, ``?`` or control characters. Letters and digits of any script stay (IRIs
    allow them, and ``한국-캄보디아`` reads better than a transliteration); the hash keeps two names apart that
    slug alike. The same name always gives the same id."""
    stem = Path(name).stem
    if PLAIN_ID.match(stem):
        return stem
    folded = unicodedata.normalize("NFKC", stem).lower()
    slug = "".join(char if _iri_safe(char) else "-" for char in folded)
    slug = re.sub(r"-{2,}", "-", slug).strip("-")[:ID_SLUG_CHARS].strip("-")
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else digest


def _iri_safe(char: str) -> bool:
    """Whether ``char`` may stand in an IRI path as it is: ASCII letters, digits and ``_``, or a letter, digit or
    combining mark beyond ASCII (never a control, space, punctuation, private-use or unassigned code point)."""
    if char.isascii():
        return char.isalnum() or char == "_"
    return ord(char) >= 0xA0 and unicodedata.category(char)[0] in "LNM"


def html_to_text(path: Path, html: str) -> str:
    """The article text of a web page: navigation, teasers and "related" lists dropped (trafilatura), markup
    gone, so no tag or script from the page can reach the graph as anything but plain text."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True,
                               deduplicate=True)
    title = trafilatura.extract_metadata(html)
    headline = (title.title or "").strip() if title else ""
    if not text or not text.strip():
        raise BilatError("no article text found in this HTML page", path, 1)
    return f"{headline}\n\n{text.strip()}\n" if headline and not text.startswith(headline) else text.strip() + "\n"


def check_size(path: Path, max_bytes: int) -> None:
    """Refuse a file over the size limit from its directory entry alone, so that a huge file costs no reading."""
    size = path.stat().st_size
    if size > max_bytes:
        raise BilatError(f"{format_size(size)} is over the document size limit of {format_size(max_bytes)}; "
                         "not read (raise the limit with --max-document-size)", path)


def read_text(path: Path) -> str:
    """The file as UTF-8 text; a clear error for bytes that are not UTF-8 or a file with no text."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise BilatError(f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})",
                         path, line) from None
    if text.startswith("\ufeff"):
        raise BilatError("starts with a byte-order mark; save it as UTF-8 without BOM", path, 1)
    if not text.strip():
        raise BilatError("empty document: it has no text", path, 1)
    return text


def load_metadata(path: Path, text: str) -> dict:
    source = read_text(path)
    metadata = parse_toml(path, source, "metadata")
    _check_metadata(path, source, metadata)
    return metadata


def parse_toml(path: Path, source: str, what: str) -> dict:
    """``source`` (the text of ``path``) as TOML; a syntax error names the file and line."""
    try:
        return tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise BilatError(f"malformed {what}: {error}", path, int(match.group(1)) if match else None) from None


def key_line(source: str, key: str) -> int | None:
    """The line of TOML ``source`` on which ``key`` is set (``key = …``) or its table begins (``[key]``)."""
    match = re.search(rf"^[ \t]*(?:{re.escape(key)}\s*=|\[{re.escape(key)}\])", source, re.MULTILINE)
    return source.count("\n", 0, match.start()) + 1 if match else None


def _check_metadata(path: Path, source: str, metadata: dict) -> None:
    def fail(key: str, message: str) -> None:
        raise BilatError(message, path, key_line(source, key))

    for key in metadata:
        if key not in METADATA_KEYS:
            fail(key, f"unknown metadata key {key!r} (known: {', '.join(sorted(METADATA_KEYS))})")
    for key in ("title", "kind", "language"):
        if key not in metadata:
            raise BilatError(f"metadata lacks {key!r}", path)
    if metadata["kind"] not in KINDS:
        fail("kind", f"kind must be one of {', '.join(KINDS)}, not {metadata['kind']!r}")
    for key in ("date", "date_not_before"):
        if key in metadata and not DATE_PATTERN.match(str(metadata[key])):
            fail(key, f"{key} must be YYYY, YYYY-MM or YYYY-MM-DD, not {metadata[key]!r}")
    for key in ("publisher", "author", "place"):
        if key in metadata and not SLUG_PATTERN.match(str(metadata[key])):
            fail(key, f"{key} must be the slug of an entity (like 'hun-sen'), not {metadata[key]!r}")
    if "date_inferred" in metadata and not isinstance(metadata["date_inferred"], bool):
        fail("date_inferred", "date_inferred must be true or false")
    if not isinstance(metadata.get("boilerplate", []), list):
        fail("boilerplate", "boilerplate must be an array of tables ([[boilerplate]])")


def _boilerplate_spans(path: Path, text: str, entries: list) -> list[Span]:
    """Each ``[[boilerplate]]`` entry runs from the first occurrence of ``from`` through the end of the next
    occurrence of ``to`` (or to the end of the document when ``to`` is absent)."""
    spans = []
    source = path.read_text(encoding="utf-8") if entries else ""
    for entry in entries:
        if not isinstance(entry, dict):
            raise BilatError("each boilerplate entry must be a table ([[boilerplate]])", path,
                             key_line(source, "boilerplate"))
        line = _line_of_value(source, str(entry.get("from", ""))) or key_line(source, "boilerplate")
        unknown = set(entry) - BOILERPLATE_KEYS
        if unknown or "from" not in entry:
            raise BilatError(f"boilerplate entry needs 'from' (and optional 'to', 'reason'); got {sorted(entry)}",
                             path, line)
        start = text.find(entry["from"])
        if start < 0:
            raise BilatError(f"boilerplate start {entry['from']!r} is not in the document",
                             path, _line_of_value(source, entry["from"]))
        end = len(text)
        if "to" in entry:
            to = text.find(entry["to"], start)
            if to < 0:
                raise BilatError(f"boilerplate end {entry['to']!r} does not follow its start in the document",
                                 path, _line_of_value(source, entry["to"]))
            end = to + len(entry["to"])
        spans.append(Span(start, end, entry.get("reason", "not article text")))
    return sorted(spans, key=lambda span: (span.start, span.end))


def _line_of_value(source: str, value: str) -> int | None:
    index = source.find(value[:40])
    return source.count("\n", 0, index) + 1 if index >= 0 else None
