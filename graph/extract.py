"""Extract stage: candidate facts from a document's text, each with the sentence it came from.

Deterministic and offline. spaCy's blank English pipeline splits sentences; the rules in
``graph/rules/extraction.toml`` (titles, organisation words, a gazetteer of states and places, event triggers
typed with PLOVER categories) and the regular expressions below find mentions of people, organisations, places,
dates, money, counts, percentages and quotations (with a named speaker); mentions are linked to known entities by
their labels, aliases and near-misses (rapidfuzz), and unknown ones are minted as new entities. Boilerplate spans
yield nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from graph.corpus import Document, key_line, parse_toml, read_text
from graph.errors import BilatError

RULES_FILE = Path(__file__).resolve().parent / "rules" / "extraction.toml"
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
NAME_PART = r"(?:[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?|[A-Z]{2,}(?![a-z]))"
PERSON_NAME = rf"{NAME_PART}(?:\s+{NAME_PART}){{1,3}}"
CAPITAL_WORD = r"[A-Z][\w’'&.-]*[\w]|[A-Z]"
CAPITAL_PHRASE = re.compile(rf"(?:{CAPITAL_WORD})(?:\s+(?:(?:of|for|and|the)\s+)*(?:{CAPITAL_WORD}))*")
ORG_NOUN = re.compile(r"\s+(?:clothing\s+|garment\s+)?(?:factory|embassy|company|industrial park|"
                     r"union|bank|ministry|agency)\b")
AGREEMENT = re.compile(r"(?P<kind>(?i:memorandum of understanding|MoU|agreement|accord|treaty))"
                       r"(?:\s+(?:on|for|to|concerning|covering)\s+"
                       r"(?P<topic>(?:(?!\s+(?:in|on|at|with|for|from)\s+[A-Z0-9])[^,.;]){3,80}))?")
SIGNED = re.compile(r"(?i)\b(?:signed|signs|sign|signing|inked|concluded)\b")
SCALES = {"thousand": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9,
          "b": 10**9, "trillion": 10**12}
CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "us dollars": "USD", "dollar": "USD",
              "krw": "KRW", "₩": "KRW", "won": "KRW", "khr": "KHR", "riel": "KHR", "riels": "KHR"}
QUALIFIERS = {"over": "more-than", "more than": "more-than", "at least": "at-least", "about": "about-value",
              "around": "about-value", "some": "about-value", "nearly": "about-value", "almost": "about-value",
              "approximately": "about-value", "roughly": "about-value", "something like": "about-value",
              "up to": "at-most", "less than": "at-most", "under": "at-most"}
QUALIFIER = r"(?P<qual>over|more than|at least|about|around|some|nearly|almost|approximately|roughly|" \
            r"something like|up to|less than|under)?\s*"
NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
MONEY_BEFORE = re.compile(
    QUALIFIER + r"(?P<cur>US\$|\$|USD|KRW|₩|KHR)\s?" + NUMBER + r"(?:\s*(?P<scale>million|billion|trillion|"
    r"thousand|bn|mn|m|b)\b)?", re.IGNORECASE)
MONEY_AFTER = re.compile(
    QUALIFIER + NUMBER + r"\s*(?P<scale>million|billion|trillion|thousand|bn|mn)?\s*(?P<cur>USD|US dollars|"
    r"dollars|won|KRW|riels?|KHR)\b", re.IGNORECASE)
PERCENT = re.compile(QUALIFIER + NUMBER + r"\s*(?:%|per cent|percent)", re.IGNORECASE)
COUNT = re.compile(QUALIFIER + NUMBER + r"\s+(?P<noun>(?:[A-Za-z][a-z-]+\s+){0,2}?(?:[a-z][a-z-]+))\b")
DATE_PATTERNS = (
    ("day", re.compile(rf"\b(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
                       r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b")),
    ("day", re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{MONTH})(?:\s+(?P<year>(?:19|20)\d{{2}}))?\b")),
    ("month", re.compile(rf"\b(?P<month>{MONTH})\s+(?:of\s+)?(?P<year>(?:19|20)\d{{2}})\b")),
    ("range", re.compile(r"\b(?:from|between)\s+(?P<y1>(?:19|20)\d{2})\s+(?:to|and|through to|through|until|"
                         r"till)\s+(?P<y2>(?:19|20)\d{2})\b")),
    ("range", re.compile(r"\b(?P<y1>(?:19|20)\d{2})\s*[-–]\s*(?P<y2>(?:19|20)?\d{2})\b")),
    ("month", re.compile(rf"\bin\s+(?P<month>{MONTH})\b")),
    ("year", re.compile(r"(?<![\d,.$])\b(?P<year>(?:19[4-9]|20[0-4])\d)\b(?![,.]\d)")),
)
COUNT_STOP_NOUNS = {"per", "percent", "million", "billion", "trillion", "thousand", "years", "year", "pm", "am",
                    "and", "to", "of", "in", "the", "a", "or"} | set(MONTHS)
ENTITY_KINDS = ("person", "organisation", "country", "place")
# A quotation: words inside quotation marks (curly, or straight ones not inside markup like href="…"), attributed
# by a verb of saying outside them to the nearest person or organisation.
QUOTED = re.compile(r"“(?P<curly>[^“”]+)”|(?<![\w=])\"(?P<straight>[^\"<>]+)\"")
# "according to" is left out: it names where a report comes from, often not who spoke.
SAYING = re.compile(r"\b(?:said|says|told|tells|added|stated|explained|noted|insisted|wrote)\b", re.IGNORECASE)
QUOTATION_MIN_WORDS = 5  # shorter quoted phrases are names, titles or scare quotes, not someone's words
SPEAKER_DISTANCE = 40  # characters between the verb of saying and the speaker's name, at most


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    kind: str  # person, organisation, country, place, date, money, percent, count
    label: str = ""  # canonical name for entities
    key: str = ""  # slug of the entity it denotes
    known: bool = False  # linked to an entity of the lexicon or the graph
    details: tuple = ()  # (name, value) pairs: role, organisation, value, currency, precision…

    def detail(self, name: str, default=None):
        return dict(self.details).get(name, default)


@dataclass(frozen=True)
class Candidate:
    """One fact the extractor proposes: what, where in the document, and how sure."""

    id: str
    document: str
    kind: str  # entity, event, role, figure
    cls: str  # the ontology class (local name)
    label: str
    start: int
    end: int
    quote: str
    confidence: float
    details: tuple = ()
    mentions: tuple[Mention, ...] = ()

    def detail(self, name: str, default=None):
        return dict(self.details).get(name, default)


@dataclass
class Rules:
    """The extraction rules file, compiled."""

    version: str
    titles: dict[str, str]
    honorifics: list[str]
    org_heads: set[str]
    not_names: set[str]
    gazetteer: list[dict]
    triggers: list[dict]
    state_agents: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path | None = None) -> Rules:
        path = path or RULES_FILE
        source = read_text(path)
        data = parse_toml(path, source, "rules")
        _check_rules(path, source, data)
        return cls(version=data["version"], titles=data["titles"], honorifics=data.get("honorifics", []),
                   org_heads=set(data["org_heads"]), not_names=set(data.get("not_names", [])),
                   gazetteer=data["gazetteer"], triggers=data["triggers"],
                   state_agents=frozenset(data.get("state_agents", [])))

    @cached_property
    def title_pattern(self) -> re.Pattern:
        titles = sorted(self.titles, key=len, reverse=True)
        alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles)
        # Titles match in any case ("ambassador Park"), names only capitalised.
        return re.compile(rf"(?<![\w-])(?P<title>(?:[A-Z][a-z]+\s+){{0,2}}?(?i:{alternatives}))"
                          rf"(?P<of>\s+(?:of|for)\s+(?:the\s+)?(?:{CAPITAL_WORD})(?:\s+(?:and\s+)?(?:{CAPITAL_WORD}))*?)?\s+(?P<name>{PERSON_NAME})")

    @cached_property
    def apposition_pattern(self) -> re.Pattern:
        titles = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(self.titles, key=len, reverse=True))
        return re.compile(rf"(?P<name>{PERSON_NAME})(?:,\s+|\s+is\s+)(?:a|an|the)?\s*(?:[a-z-]+\s+){{0,2}}?"
                          rf"(?P<title>(?i:{titles}))\b(?:\s+(?:at|of|for|with|in)\s+(?P<org>(?:the\s+)?"
                          rf"(?:{CAPITAL_WORD})(?:[’']s)?(?:\s+(?:(?:of|for|and|on|the)\s+)*(?:{CAPITAL_WORD})"
                          rf"(?:[’']s)?)*))?")

    @cached_property
    def demonyms(self) -> frozenset[str]:
        return frozenset(name for item in self.gazetteer for name in item.get("demonyms", []))

    @cached_property
    def trigger_pattern(self) -> re.Pattern:
        words = sorted({w for t in self.triggers for w in t["words"]}, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(?P<word>" + "|".join(re.escape(w) for w in words) + r")(?![\w-])",
                          re.IGNORECASE)

    @cached_property
    def trigger_index(self) -> dict[str, dict]:
        index: dict[str, dict] = {}
        for trigger in self.triggers:
            for word in trigger["words"]:
                index.setdefault(word.lower(), trigger)
        return index


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item for item in value)


# What a value of the rules file must be: a test and how to say it.
RULE_VALUES = {
    "text": (lambda value: isinstance(value, str) and bool(value), "a non-empty string"),
    "strings": (_strings, "an array of non-empty strings"),
    "words": (lambda value: _strings(value) and bool(value), "a non-empty array of non-empty strings"),
    "table": (lambda value: isinstance(value, dict) and _strings(list(value.values())), "a table of strings"),
    "tables": (lambda value: isinstance(value, list) and all(isinstance(item, dict) for item in value),
               "an array of tables"),
    "entity kind": (lambda value: value in ENTITY_KINDS, f"one of {', '.join(ENTITY_KINDS)}"),
}
# key → (required, kind of value), at the top of the file and in each [[gazetteer]] and [[triggers]] entry.
RULE_KEYS = {"version": (True, "text"), "titles": (True, "table"), "org_heads": (True, "strings"),
             "gazetteer": (True, "tables"), "triggers": (True, "tables"), "honorifics": (False, "strings"),
             "not_names": (False, "strings"), "state_agents": (False, "strings")}
ENTRY_KEYS = {"gazetteer": {"label": (True, "text"), "kind": (True, "entity kind"), "aliases": (False, "strings"),
                            "demonyms": (False, "strings")},
              "triggers": {"class": (True, "text"), "plover": (True, "text"), "words": (True, "words")}}


def _check_rules(path: Path, source: str, data: dict) -> None:
    """Every key the extractor reads is there and of the right kind, checked before use: a broken rules file
    is then an error naming the file and line, not a KeyError deep inside the extractor."""
    def check(table: dict, keys: dict, where: str, line) -> None:
        for key in sorted(table.keys() - keys.keys()):
            raise BilatError(f"unknown key {key!r}{where} (known: {', '.join(sorted(keys))})", path, line(key))
        for key, (required, kind) in keys.items():
            test, description = RULE_VALUES[kind]
            if key not in table and required:
                raise BilatError(f"missing key {key!r}{where}", path, line(key))
            if key in table and not test(table[key]):
                raise BilatError(f"{key!r}{where} must be {description}", path, line(key))

    check(data, RULE_KEYS, "", lambda key: key_line(source, key))
    for name, keys in ENTRY_KEYS.items():
        headers = [source.count("\n", 0, match.start()) + 1
                   for match in re.finditer(rf"^[ \t]*\[\[{name}\]\]", source, re.MULTILINE)]
        for number, entry in enumerate(data[name]):
            header = headers[number] if number < len(headers) else key_line(source, name)
            check(entry, keys, f" in [[{name}]] entry {number + 1}", lambda _key, header=header: header)


def slugify(text: str) -> str:
    text = text.lower().replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def stable_id(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]


@dataclass
class Lexicon:
    """Known entities by name: the rules' gazetteer, plus the graph's entities when there is a graph."""

    names: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # name → (slug, kind, label)

    @classmethod
    def from_rules(cls, rules: Rules) -> Lexicon:
        lexicon = cls()
        for item in rules.gazetteer:
            for name in [item["label"], *item.get("aliases", []), *item.get("demonyms", [])]:
                lexicon.add(name, slugify(item["label"]), item["kind"], item["label"])
        return lexicon

    def add(self, name: str, slug: str, kind: str, label: str) -> None:
        self.names.setdefault(name, (slug, kind, label))
        self.__dict__.pop("phrase_pattern", None)
        self.__dict__.pop("by_lower", None)

    @cached_property
    def by_lower(self) -> dict[str, tuple[str, str, str]]:
        index: dict[str, tuple[str, str, str]] = {}
        for name, entry in sorted(self.names.items()):
            index.setdefault(name.lower(), entry)
        return index

    def lookup(self, name: str) -> tuple[str, str, str] | None:
        return self.names.get(name) or self.by_lower.get(name.lower())

    def fuzzy(self, name: str, kind: str) -> tuple[str, str, str] | None:
        """A near-miss spelling of a known person or organisation ('Kim Jung-un' for 'Kim Jong-un')."""
        from rapidfuzz import fuzz, process

        choices = {n: e for n, e in self.by_lower.items() if e[1] == kind and " " in n}
        if not choices or " " not in name:
            return None
        match = process.extractOne(name.lower(), list(choices), scorer=fuzz.ratio, score_cutoff=88)
        return choices[match[0]] if match else None

    @cached_property
    def phrase_pattern(self) -> re.Pattern | None:
        # Case-sensitive: names are proper nouns, and "US" must not match the pronoun "us".
        names = sorted((n for n in self.names if len(n) > 1), key=lambda n: (-len(n), n))
        if not names:
            return None
        return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


class Extractor:
    """Finds mentions and candidate facts in documents. One instance serves many documents."""

    def __init__(self, rules: Rules | None = None, lexicon: Lexicon | None = None):
        import spacy

        self.rules = rules or Rules.load()
        self.lexicon = lexicon or Lexicon.from_rules(self.rules)
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")

    @property
    def version(self) -> str:
        return self.rules.version

    def sentences(self, document: Document) -> list[tuple[int, int]]:
        """Sentence spans of the article text: boilerplate is cut out before anything is looked for."""
        spans = []
        for start, end in _article_blocks(document):
            for block_start, block_end in _paragraphs(document.text, start, end):
                doc = self.nlp(document.text[block_start:block_end])
                for sentence in doc.sents:
                    text = sentence.text.strip()
                    if text:
                        offset = block_start + sentence.start_char + (len(sentence.text) - len(sentence.text.lstrip()))
                        spans.append((offset, offset + len(text)))
        return spans

    def extract(self, document: Document) -> list[Candidate]:
        candidates: dict[str, Candidate] = {}
        people: dict[str, Mention] = {}  # surname/first-name → person mention, for "said Park"
        opened: tuple[int, int] | None = None  # (sentence start, opening mark) of a quotation that goes on
        for start, end in self.sentences(document):
            sentence = document.text[start:end]
            if _is_heading(sentence):  # a section title: its capitals are style, not names
                mentions = _without_overlaps(self._known_names(sentence, start))
            else:
                mentions = self.mentions(sentence, start, document, people)
            found = self._candidates(document, start, end, sentence, mentions)
            if opened and "\n\n" in document.text[opened[1]:start]:
                opened = None  # a quotation is joined across sentences, not across paragraphs
            opened, joined = self._continued_quotation(document, opened, start, end, sentence, mentions)
            for candidate in found + joined:
                candidates.setdefault(candidate.id, candidate)
        return sorted(candidates.values(), key=lambda c: (c.start, c.kind, c.id))

    # --- mentions -------------------------------------------------------------------------------------------

    def mentions(self, sentence: str, offset: int, document: Document,
                 people: dict[str, Mention]) -> list[Mention]:
        found: list[Mention] = []
        found += self._titled_people(sentence, offset)
        found += self._known_names(sentence, offset)
        found += self._capital_phrases(sentence, offset, found, people)
        found += _dates(sentence, offset, document) + _money(sentence, offset)
        found += _percentages(sentence, offset)
        found += _counts(sentence, offset, found)
        kept = _without_overlaps(found)
        for mention in kept:
            if mention.kind == "person":
                for part in mention.label.split():
                    people.setdefault(part, mention)
        return kept

    def _titled_people(self, sentence: str, offset: int) -> list[Mention]:
        found = []
        for match in self.rules.title_pattern.finditer(sentence):
            name = _strip_possessive(match.group("name"))
            if not self.could_be_person(name):
                continue
            title = re.sub(r"\s+", " ", match.group("title").lower())
            title = next(t for t in sorted(self.rules.titles, key=len, reverse=True) if title.endswith(t))
            of = (match.group("of") or "").strip()
            details = (("role", self.rules.titles[title]), ("title", match.group("title") + (" " + of if of else "")))
            start = offset + match.start("name")
            found.append(self._person(name, start, details))
        for match in self.rules.apposition_pattern.finditer(sentence):
            name = _strip_possessive(match.group("name"))
            if self.lexicon.lookup(name) or not self.could_be_person(name):
                continue
            title = re.sub(r"\s+", " ", match.group("title").lower())
            details = [("role", self.rules.titles[title]), ("title", match.group("title"))]
            organisation = None
            if match.group("org"):
                text = _strip_possessive(match.group("org"))
                skip = len(text) - len(re.sub(r"^the\s+", "", text))
                organisation = self._organisation(text[skip:], offset + match.start("org") + skip)
            if organisation:
                found.append(organisation)
                details += [("organisation", organisation.label), ("organisation_key", organisation.key)]
            found.append(self._person(name, offset + match.start("name"), tuple(details)))
        return found

    def could_be_person(self, name: str) -> bool:
        """Not a person when a word is a state, place, demonym or a common capitalised non-name."""
        for word in re.split(r"[\s-]+", name):
            entry = self.lexicon.lookup(word)
            if (entry and entry[1] != "person") or word in self.rules.not_names:
                return False
        return True

    def _person(self, name: str, start: int, details: tuple) -> Mention:
        known = self.lexicon.lookup(name) or self.lexicon.fuzzy(name, "person")
        if known:
            return Mention(start, start + len(name), name, "person", known[2], known[0], True, details)
        return Mention(start, start + len(name), name, "person", name, slugify(name), False, details)

    def _known_names(self, sentence: str, offset: int) -> list[Mention]:
        pattern = self.lexicon.phrase_pattern
        if pattern is None:
            return []
        found = []
        for match in pattern.finditer(sentence):
            slug, kind, label = self.lexicon.lookup(match.group())
            found.append(Mention(offset + match.start(), offset + match.end(), match.group(), kind, label, slug, True))
        return found

    def _capital_phrases(self, sentence: str, offset: int, found: list[Mention],
                         people: dict[str, Mention]) -> list[Mention]:
        # Only titled people block a phrase; a longer organisation name beats a demonym inside it
        # ("Korean Confederation of Trade Unions") when overlaps are resolved.
        taken = [(m.start - offset, m.end - offset) for m in found if m.kind == "person"]
        new = []
        for match in CAPITAL_PHRASE.finditer(sentence):
            phrase = _strip_possessive(match.group()).rstrip(".")
            start, end = match.start(), match.start() + len(phrase)
            if any(s < end and start < e for s, e in taken) or len(phrase) < 2 or phrase.isupper():
                continue
            noun = ORG_NOUN.match(sentence, end)
            if noun:  # "Yakjin factory", "South Korean embassy": a name with a lower-case organisation noun
                organisation = self._organisation(phrase + noun.group(), offset + start)
                if organisation:
                    new.append(organisation)
                continue
            mention = self._classify(phrase, offset + start, start == 0, people)
            if mention:
                new.append(mention)
        return new

    def _organisation(self, phrase: str, start: int) -> Mention | None:
        words = phrase.split()
        # "The South Korean embassy" → "South Korean embassy"; "Korean-owned Yakjin factory" → "Yakjin factory"
        while len(words) > 2 and (words[0] in ("The", "the") or words[0].endswith("-owned")):
            start += len(words[0]) + 1
            words = words[1:]
        phrase = " ".join(words)
        if len(words) < 2 or words[0] in ("The", "the") or words[-1] in ("Day", "Days"):
            return None
        known = self.lexicon.lookup(phrase) or self.lexicon.fuzzy(phrase, "organisation")
        slug, label = (known[0], known[2]) if known else (slugify(phrase), phrase)
        return Mention(start, start + len(phrase), phrase, "organisation", label, slug, bool(known))

    def _classify(self, phrase: str, start: int, sentence_initial: bool,
                  people: dict[str, Mention]) -> Mention | None:
        words = phrase.split()
        while words and words[0] in ("The", "the", *self.rules.honorifics):
            start += len(words[0]) + 1
            words = words[1:]
        phrase = " ".join(words)
        if not words:
            return None
        if any(w.strip(",.") in self.rules.org_heads for w in words) and len(words) >= 2:
            return self._organisation(phrase, start)
        if len(words) == 1 and words[0] in people and not sentence_initial:
            person = people[words[0]]
            return Mention(start, start + len(phrase), phrase, "person", person.label, person.key, person.known)
        if 2 <= len(words) <= 4 and re.fullmatch(PERSON_NAME, phrase) and self.could_be_person(phrase):
            known = self.lexicon.lookup(phrase) or self.lexicon.fuzzy(phrase, "person")
            if known:
                return Mention(start, start + len(phrase), phrase, known[1], known[2], known[0], True)
            return Mention(start, start + len(phrase), phrase, "person", phrase, slugify(phrase), False,
                           (("guess", "capitalised name"),))
        return None

    # --- candidates -----------------------------------------------------------------------------------------

    def _candidates(self, document: Document, start: int, end: int, sentence: str,
                    mentions: list[Mention]) -> list[Candidate]:
        out = []
        for mention in mentions:
            if mention.kind in ENTITY_KINDS:
                out.append(self._entity_candidate(document, mention))
                if mention.kind == "person" and mention.detail("role"):
                    out.append(self._role_candidate(document, mention, start, end, sentence))
            elif mention.kind in ("money", "percent", "count"):
                out.append(self._figure_candidate(document, mention, start, end, sentence, mentions))
        out += self._event_candidates(document, start, end, sentence, mentions)
        out += self._quotation_candidates(document, start, end, sentence, mentions)
        agreement = AGREEMENT.search(sentence)
        if agreement and SIGNED.search(sentence):  # "the agreement allows…" refers back; only signings create one
            out.append(self._agreement(document, start, end, sentence, mentions, agreement))
        return out

    def _quotation_candidates(self, document, start, end, sentence, mentions) -> list[Candidate]:
        """Words in quotation marks with a speaker named beside a verb of saying in the same sentence ("…,” Lee
        told the Post); without one, no quotation: a speaker is never guessed."""
        out = []
        for match in QUOTED.finditer(sentence):
            speaker = _speaker(sentence, start, mentions, range(match.start(), match.end()))
            if speaker:
                text = match.group("curly") or match.group("straight")
                out += _quotation(document, start + match.start(), start, end, text, speaker)
        return out

    def _continued_quotation(self, document, opened, start, end, sentence, mentions):
        """A quotation over several sentences ("“Our connections are strong. Our relationship …,” Nimul stated."):
        the opening mark is remembered until the sentence with the closing one, where the speaker is named after
        it. Returns what stays open, and the quotation if one closed here with a named speaker."""
        closing = sentence.find("”")
        if opened and closing >= 0 and "“" not in sentence[:closing]:
            tail = range(closing, len(sentence))
            speaker = _speaker(sentence, start, [m for m in mentions if m.start - start in tail], range(closing))
            text = document.text[opened[1] + 1:start + closing]
            found = _quotation(document, opened[1], opened[0], end, text, speaker) if speaker else []
            return None, found
        last_open = sentence.rfind("“")
        if last_open >= 0 and "”" not in sentence[last_open:]:
            return (start, start + last_open), []
        return opened, []

    def _agreement(self, document, start, end, sentence, mentions, match) -> Candidate:
        """An agreement named in the sentence ("signed a memorandum of understanding on …")."""
        kind = "mou" if re.match(r"(?i)m(?:emorandum|ou)", match.group("kind")) else "agreement"
        parties = tuple(m for m in mentions if m.kind in ("country", "organisation"))
        signatories = tuple(m for m in mentions if m.kind == "person")
        date = next((m for m in mentions if m.kind == "date"), None)
        topic = (match.group("topic") or "").strip(" ,.")
        label = ("Memorandum of understanding" if kind == "mou" else match.group("kind").capitalize()) + \
            (f" on {topic}" if topic else "")
        details = (("agreement", kind), ("topic", topic),
                   ("parties", tuple(m.key for m in parties)), ("signatories", tuple(m.key for m in signatories)))
        return Candidate(f"agreement-{stable_id(document.id, 'agreement', str(start))}", document.id, "agreement",
                         "Agreement", label, start, end, sentence, 0.7, details,
                         parties + signatories + ((date,) if date else ()))

    def _entity_candidate(self, document: Document, mention: Mention) -> Candidate:
        cls = {"person": "Person", "organisation": "Organization", "country": "Country", "place": "Place"}[mention.kind]
        confidence = 0.95 if mention.known else (0.6 if mention.detail("guess") else 0.8)
        return Candidate(f"entity-{stable_id(document.id, 'entity', mention.key)}", document.id, "entity", cls,
                         mention.label, mention.start, mention.end, mention.text, confidence,
                         (("slug", mention.key), ("known", mention.known)), (mention,))

    def _role_candidate(self, document, mention, start, end, sentence) -> Candidate:
        title = mention.detail("title")
        organisation = mention.detail("organisation", "")
        label = f"{mention.label}, {title}" + (f" at {organisation}" if organisation else "")
        details = (("role", mention.detail("role")), ("title", title), ("organisation", organisation),
                   ("organisation_key", mention.detail("organisation_key", "")))
        return Candidate(f"role-{stable_id(document.id, 'role', mention.key, title.lower())}", document.id, "role",
                         "PostHolding", label, start, end, sentence, 0.75, details, (mention,))

    def _figure_candidate(self, document, mention, start, end, sentence, mentions) -> Candidate:
        subject = _nearest(mentions, mention, ENTITY_KINDS)
        date = next((m for m in mentions if m.kind == "date"), None)
        label = mention.text + (f" ({subject.label})" if subject else "")
        details = tuple(mention.details) + (("about", subject.key if subject else ""),)
        return Candidate(f"figure-{stable_id(document.id, 'figure', str(mention.start), mention.text)}", document.id,
                         "figure", "Observation", label, start, end, sentence, 0.7, details,
                         tuple(m for m in (mention, subject, date) if m))

    def _event_candidates(self, document, start, end, sentence, mentions) -> list[Candidate]:
        out, seen = [], set()
        actors = [m for m in mentions if m.kind in ("person", "organisation", "country")
                  and not self._demonym_of_people(m, sentence[m.end - start:])]
        names = [(m.start - start, m.end - start) for m in mentions if m.kind in ENTITY_KINDS]
        for match in self.rules.trigger_pattern.finditer(sentence):
            if any(s < match.end() and match.start() < e for s, e in names):
                continue  # a word of a name ("Economic Development Cooperation Fund"), not an event
            trigger = self.rules.trigger_index[match.group("word").lower()]
            key = (trigger["class"], trigger["plover"])
            if key in seen:
                continue
            seen.add(key)
            position = start + match.start()
            before = [m for m in actors if m.end <= position]
            after = [m for m in actors if m.start >= position]
            actor = _prefer_person(before[::-1]) if before else None
            others = [m for m in after if not actor or m.key != actor.key]
            if trigger["class"] == "Financing":  # money goes to a state or an organisation, not its spokesman
                others = [m for m in others if m.kind != "person"] or others
            target = _prefer_person(others) if others else None
            if not actor and not target:
                continue
            out.append(self._event(document, start, end, sentence, mentions, trigger, match.group("word"),
                                   actor, target))
        return out

    def _demonym_of_people(self, mention: Mention, after: str) -> bool:
        """"Korean nationals", "Cambodian workers": people of a state, not the state acting, which a demonym is
        only before a word like "government" or "officials"."""
        if mention.text not in self.rules.demonyms:
            return False
        following = re.match(r"\s+([a-z]+)", after)
        return not (following and following.group(1) in self.rules.state_agents)

    def _event(self, document, start, end, sentence, mentions, trigger, word, actor, target) -> Candidate:
        date = next((m for m in mentions if m.kind == "date"), None)
        place = next((m for m in mentions if m.kind == "place" and re.search(
            r"\b(?:in|at)\s+$", document.text[max(start, m.start - 4):m.start])), None)
        money = next((m for m in mentions if m.kind == "money"), None)
        parts = [actor.label if actor else "?", word.lower(), target.label if target else ""]
        details = [("plover", trigger["plover"]), ("trigger", word), ("actor", actor.key if actor else ""),
                   ("target", target.key if target else "")]
        participants = tuple(m for m in mentions if m.kind in ("person", "organisation", "country"))
        confidence = 0.5 + 0.1 * bool(actor) + 0.1 * bool(target) + 0.1 * bool(date)
        return Candidate(f"event-{stable_id(document.id, 'event', trigger['class'], trigger['plover'], str(start))}",
                         document.id, "event", trigger["class"], " ".join(p for p in parts if p), start, end,
                         sentence, round(confidence, 2), tuple(details),
                         participants + tuple(m for m in (date, place, money) if m))


def _article_blocks(document: Document) -> list[tuple[int, int]]:
    blocks, position = [], 0
    for span in document.boilerplate:
        if span.start > position:
            blocks.append((position, span.start))
        position = max(position, span.end)
    if position < len(document.text):
        blocks.append((position, len(document.text)))
    return blocks


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Lines are hard boundaries: a headline or caption never runs into the next paragraph's sentence."""
    spans, position = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _is_heading(line: str) -> bool:
    return len(line.split()) <= 12 and not re.search(r"[.!?:;”\"…\]]$", line.strip())


def _strip_possessive(text: str) -> str:
    return re.sub(r"[’']s$", "", text.strip())


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Longest mention wins where two overlap; ties go to the earlier rule."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if not any(mention.start < k.end and k.start < mention.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _speaker(sentence: str, offset: int, mentions: list[Mention], quoted: range) -> Mention | None:
    """The person (else organisation) named nearest a verb of saying outside the quoted part, if near enough."""
    verbs = [v for v in SAYING.finditer(sentence) if v.start() not in quoted]
    speakers = [m for m in mentions if m.kind in ("person", "organisation") and m.start - offset not in quoted]
    pairs = [(_gap(m.start - offset, m.end - offset, v.start(), v.end()), m.kind != "person", m.start, m)
             for m in speakers for v in verbs]
    pairs = [pair for pair in pairs if pair[0] <= SPEAKER_DISTANCE]
    return min(pairs, key=lambda pair: pair[:3])[3] if pairs else None


def _quotation(document: Document, mark: int, start: int, end: int, quoted: str, speaker: Mention) -> list:
    """The candidate for ``quoted`` (opening mark at ``mark``; evidence from ``start`` to ``end``), unless it is too
    short to be someone's words."""
    text = " ".join(quoted.split()).rstrip(",").strip()
    if len(text.split()) < QUOTATION_MIN_WORDS:
        return []
    label = f"{speaker.label}: {text}"
    return [Candidate(f"quotation-{stable_id(document.id, 'quotation', str(mark))}", document.id, "quotation",
                      "Quotation", label if len(label) <= 90 else label[:88] + "…", start, end,
                      document.text[start:end], 0.7, (("speaker", speaker.key), ("text", text)), (speaker,))]


def _gap(start: int, end: int, other_start: int, other_end: int) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(other_start - end, start - other_end, 0)


def _nearest(mentions: list[Mention], anchor: Mention, kinds) -> Mention | None:
    candidates = [m for m in mentions if m.kind in kinds]
    return min(candidates, key=lambda m: abs(m.start - anchor.start), default=None)


def _prefer_person(mentions: list[Mention]) -> Mention:
    return next((m for m in mentions[:2] if m.kind == "person"), mentions[0])


def _dates(sentence: str, offset: int, document: Document) -> list[Mention]:
    found, taken = [], []
    for precision, pattern in DATE_PATTERNS:
        for match in pattern.finditer(sentence):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            details = _date_details(precision, match.groupdict(), document)
            if details:
                found.append(Mention(offset + match.start(), offset + match.end(), match.group(), "date",
                                     details=details))
    return found


def _date_details(precision: str, groups: dict, document: Document) -> tuple | None:
    if precision == "range":
        first, second = groups["y1"], groups["y2"]
        second = first[:2] + second if len(second) == 2 else second
        return (("start", first), ("end", second), ("precision", "year")) if first <= second else None
    if precision == "year":
        return (("value", groups["year"]), ("precision", "year"))
    month = MONTHS.index(groups["month"].lower()) + 1
    year = groups.get("year")
    note = ""
    if not year and str(document.metadata.get("date", ""))[:4].isdigit():
        year = str(document.metadata["date"])[:4]
        note = f"year {year} completed from the document's date"
    if precision == "day":
        day = int(groups["day"])
        if not 1 <= day <= 31:
            return None
        value = f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
        return (("value", value), ("precision", "day"), ("note", note))
    value = f"{year}-{month:02d}" if year else f"--{month:02d}"
    return (("value", value), ("precision", "month"), ("note", note))


def _number(text: str, scale: str | None) -> Decimal:
    value = Decimal(text.replace(",", ""))
    return value * SCALES[scale.lower()] if scale else value


def _money(sentence: str, offset: int) -> list[Mention]:
    found = []
    for pattern in (MONEY_BEFORE, MONEY_AFTER):
        for match in pattern.finditer(sentence):
            currency = CURRENCIES.get(match.group("cur").lower())
            if not currency:
                continue
            value = _number(match.group("num"), match.group("scale"))
            qualifier = QUALIFIERS.get((match.group("qual") or "").lower(), "exact")
            text = match.group().strip()
            start = offset + match.start() + (len(match.group()) - len(match.group().lstrip()))
            found.append(Mention(start, start + len(text), text, "money", details=(
                ("value", str(value)), ("currency", currency), ("approximation", qualifier), ("unit", currency))))
    return found


def _percentages(sentence: str, offset: int) -> list[Mention]:
    return [Mention(offset + m.start("num"), offset + m.end(), m.group()[m.start("num") - m.start():], "percent",
                    details=(
        ("value", m.group("num")), ("approximation", QUALIFIERS.get((m.group("qual") or "").lower(), "exact")),
        ("unit", "percent"))) for m in PERCENT.finditer(sentence)]


def _counts(sentence: str, offset: int, found: list[Mention]) -> list[Mention]:
    taken = [(m.start - offset, m.end - offset) for m in found if m.kind in ("date", "money", "percent")]
    counts = []
    for match in COUNT.finditer(sentence):
        noun = match.group("noun").lower()
        if noun.split()[0] in COUNT_STOP_NOUNS or any(match.start("num") < e and s < match.end("num")
                                                         for s, e in taken):
            continue
        text = match.group().strip()
        start = offset + match.end() - len(text)
        counts.append(Mention(start, offset + match.end(), text, "count", details=(
            ("value", match.group("num").replace(",", "")), ("unit", noun),
            ("approximation", QUALIFIERS.get((match.group("qual") or "").lower(), "exact")))))
    return counts
