"""Mentions: the entities, posts, dates and figures a parsed sentence names, each at its offsets.

Entities come from the parser's named entities (the graph's own names first, through its entity ruler), cleaned
of what is not the name — determiners, honorifics, titles, possessives — and typed by the gazetteer and the
graph before the model's label: a known country stays a country, a capitalised phrase with an organisation word
is an organisation, a name made of words that are never names is nobody. Posts come from the title before a name
("South Korean Vice Defense Minister Hwang In-moo") or an apposition after it ("Kim Jin-a, the second vice
minister at the Ministry of Foreign Affairs").
"""

from __future__ import annotations

import re

from graph.extraction.linking import DocumentNames, Entity
from graph.extraction.model import Mention
from graph.extraction.parsing import Sentence
from graph.extraction.rules import Rules

# The model's labels that can name an entity of the graph, by kind (GPE is a country or a place: the gazetteer
# knows the countries).
ENTITY_LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place",
                 "NORP": "demonym"}
POSSESSIVE = re.compile(r"[’']s?$")


class MentionFinder:
    """Finds a sentence's entity mentions and posts; one per document (it remembers the document's names)."""

    def __init__(self, rules: Rules, names: DocumentNames):
        self.rules = rules
        self.names = names
        self.leading = {word.lower() for word in rules.honorifics} | {"the", "a", "an"}
        titles = sorted(rules.titles, key=len, reverse=True)
        alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles)
        # A title right before a name, with the capitalised words that qualify it ("South Korean Vice Defense").
        self.title_before = re.compile(rf"(?P<qualifiers>(?:[A-Z][\w’'.-]*\s+){{0,4}}?)(?P<title>(?i:{alternatives}))"
                                       rf"(?P<of>\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+|and\s+)?"
                                       rf"[A-Z][\w’'-]*){{0,5}})?\s*$")
        self.title_start = re.compile(rf"^(?:(?:[A-Z][\w’'.-]*\s+){{0,3}}?(?i:{alternatives})\s+"
                                      rf"(?:(?:of|for)\s+(?:the\s+)?)?)+")

    # --- entities ---------------------------------------------------------------------------------------------

    def entities(self, sentence: Sentence) -> list[Mention]:
        found: list[Mention] = []
        for ent in sentence.span.ents:
            kind = ENTITY_LABELS.get(ent.label_)
            if kind is None:
                continue
            for start, text in self._names_in(ent, sentence):
                mention = self._mention(start, text, kind, ent.ent_id_)
                if mention:
                    found.append(mention)
        return found

    def _names_in(self, ent, sentence: Sentence) -> list[tuple[int, str]]:
        """The clean name(s) an entity span holds: coordinated organisations split, leading words and titles
        cut, a possessive dropped."""
        start, text = sentence.offset(ent), ent.text
        parts = [(start, text)]
        if ent.label_ in ("ORG", "GPE") and " and " in text:
            left, right = text.split(" and ", 1)
            if self._looks_like_name(left) and self._looks_like_name(right.removeprefix("the ")):
                parts = [(start, left), (start + len(left) + 5, right)]
        cleaned = []
        for part_start, part in parts:
            while (word := re.match(r"(\S+)\s+", part)) and word.group(1).rstrip(".").lower() in self.leading:
                part_start += word.end()
                part = part[word.end():]
            title = self.title_start.match(part)
            if title and title.end() < len(part):  # "Deputy Minister of the National Office …" → the office
                part_start += title.end()
                part = part[title.end():]
            part = POSSESSIVE.sub("", part).rstrip(" ,.;:")
            if part and part[0].isupper():
                cleaned.append((part_start, part))
        return cleaned

    def _looks_like_name(self, text: str) -> bool:
        words = text.split()
        return bool(words) and words[0][:1].isupper() and (
            self.names.lexicon.lookup(text) is not None or any(w in self.rules.org_heads for w in words))

    def _mention(self, start: int, text: str, kind: str, ruler_key: str) -> Mention | None:
        words = text.split()
        if kind == "demonym":
            state = self.rules.demonyms.get(text)
            if not state:
                return None  # a nationality the gazetteer does not know, or an outlet the model took for one
            entity = self.names.link(state, "country")
            return self._make(start, text, entity, (("demonym", True),))
        known = self.names.lexicon.lookup(text)
        if any(w in self.rules.org_heads for w in words) and len(words) >= 2:
            kind = "organisation"
        elif kind == "person" and not self._could_be_person(words):
            return None
        elif kind == "organisation" and len(words) == 1 and not known and not text.isupper():
            return None  # one capitalised word ("Labour" of "Labour Minister") is no organisation's name
        if known and known[1] in ("country", "place"):
            kind = known[1]
        if kind == "place" and known is None and any(w in self.rules.not_names for w in words) and len(words) == 1:
            return None
        entity = self.names.link(text, kind)
        if ruler_key and entity is None:
            return None
        return self._make(start, text, entity, ())

    def _could_be_person(self, words: list[str]) -> bool:
        """Not a person when a word is a state, place or demonym, or a capitalised word that is never a name."""
        for word in words:
            for part in word.split("-"):
                entry = self.names.lexicon.lookup(part)
                if (entry and entry[1] != "person") or part in self.rules.not_names:
                    return False
        return all(w[:1].isupper() for w in words)

    @staticmethod
    def _make(start: int, text: str, entity: Entity | None, details: tuple) -> Mention | None:
        if entity is None:
            return None
        return Mention(start, start + len(text), text, entity.kind, entity.label, entity.key, entity.known, details)

    def short_names(self, sentence: Sentence, mentions: list[Mention]) -> None:
        """Remember an acronym given in parentheses right after an organisation's name."""
        text, offset = sentence.text, sentence.start
        for mention in mentions:
            if mention.kind != "organisation":
                continue
            match = re.match(r"\s*\((?P<short>[A-Z][A-Za-z&]{1,9})\)", text[mention.end - offset:])
            if match:
                self.names.add_short_name(match.group("short"),
                                          Entity(mention.key, mention.kind, mention.label, mention.known))

    # --- posts ------------------------------------------------------------------------------------------------

    def posts(self, sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
        """Each person mention with the post a title before it or an apposition after it gives: the mention
        again, with details role, title, organisation (and its key), or the state of a demonym."""
        found = []
        for mention in mentions:
            if mention.kind != "person":
                continue
            post = self._title_before(sentence, mention, mentions) or self._apposition(sentence, mention, mentions)
            if post:
                found.append(Mention(mention.start, mention.end, mention.text, "person", mention.label, mention.key,
                                     mention.known, post))
        return found

    def _title_before(self, sentence: Sentence, person: Mention, mentions: list[Mention]) -> tuple | None:
        before = sentence.text[:person.start - sentence.start]
        match = self.title_before.search(before)
        if not match:
            return None
        qualifiers = match.group("qualifiers").split()
        state = None
        # "South Korean Vice Defense Minister": the demonym names the state; the rest qualifies the title.
        for size in (2, 1):
            if len(qualifiers) >= size and " ".join(qualifiers[:size]) in self.rules.demonyms:
                state = self.rules.demonyms[" ".join(qualifiers[:size])]
                qualifiers = qualifiers[size:]
                break
        qualifiers = [q for q in qualifiers if q[:1].isupper() and q.lower() not in self.leading
                      and q.rstrip(".").lower() not in self.leading]
        title = " ".join(qualifiers + match.group("title").split())
        if match.group("of"):
            title += " " + " ".join(match.group("of").split())
        details = [("role", self.rules.role_of(match.group("title"))), ("title", title)]
        organisation = None
        if match.group("of"):
            of_start = sentence.start + match.start("of")
            organisation = next((m for m in mentions if m.kind in ("organisation", "country")
                                 and of_start <= m.start < person.start), None)
        if organisation is None and state:
            entity = self.names.link(state, "country")
            if entity:
                details += [("organisation", entity.label), ("organisation_key", entity.key)]
        elif organisation:
            details += [("organisation", organisation.label), ("organisation_key", organisation.key)]
        return tuple(details)

    def _apposition(self, sentence: Sentence, person: Mention, mentions: list[Mention]) -> tuple | None:
        inside = [t for t in sentence.span if person.start <= sentence.offset(t) < person.end]
        root = next((t for t in inside if not person.start <= sentence.offset(t.head) < person.end), None)
        if root is None:
            return None
        appositions = [child for child in root.children if child.dep_ == "appos"]
        if not appositions:
            return None
        phrase = appositions[0]
        tokens = list(phrase.subtree)
        first, last = sentence.offset(tokens[0]), sentence.offset(tokens[-1]) + len(tokens[-1].text)
        text = sentence.text[first - sentence.start:last - sentence.start]
        title = self.rules.title_pattern.search(text)
        if not title or any(m.kind == "person" and first <= m.start < last for m in mentions):
            return None
        details = [("role", self.rules.role_of(title.group())), ("title", " ".join(title.group().split()))]
        after = first + title.end()
        organisation = next((m for m in mentions if m.kind == "organisation" and after <= m.start < last), None) \
            or next((m for m in mentions if m.kind == "country" and after <= m.start < last), None)
        if organisation:
            details += [("organisation", organisation.label), ("organisation_key", organisation.key)]
        return tuple(details)
