"""Linking: a mention's name to the entity it denotes — a known entity of the graph or the gazetteer (by label,
alias or a near-miss spelling), an earlier full name of the same document ("Roh" after "Roh Moo-hyun"), or a new
entity minted from the name. Nothing is linked by guesswork: a short name that could be two people is left out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from graph.extraction.rules import Rules, slugify, stable_id


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
        self.__dict__.pop("by_lower", None)
        self.__dict__.pop("fuzzy_choices", None)

    @cached_property
    def by_lower(self) -> dict[str, tuple[str, str, str]]:
        index: dict[str, tuple[str, str, str]] = {}
        for name, entry in sorted(self.names.items()):
            index.setdefault(name.lower(), entry)
        return index

    def lookup(self, name: str) -> tuple[str, str, str] | None:
        return self.names.get(name) or self.by_lower.get(name.lower())

    def by_slug(self, slug: str) -> tuple[str, str, str] | None:
        return next((entry for _name, entry in sorted(self.names.items()) if entry[0] == slug), None)

    @cached_property
    def fuzzy_choices(self) -> dict[str, tuple[dict[str, tuple[str, str, str]], list[str]]]:
        """By kind, the lower-case names of several words a near miss may be matched to, and their list (what
        rapidfuzz is given): built once, not for every name looked up."""
        choices: dict[str, dict[str, tuple[str, str, str]]] = {}
        for name, entry in self.by_lower.items():
            if " " in name:
                choices.setdefault(entry[1], {})[name] = entry
        return {kind: (names, list(names)) for kind, names in choices.items()}

    def fuzzy(self, name: str, kind: str) -> tuple[str, str, str] | None:
        """A near-miss spelling of a known person or organisation ('Kim Jung-un' for 'Kim Jong-un')."""
        from rapidfuzz import fuzz, process

        choices, names = self.fuzzy_choices.get(kind, ({}, []))
        if not choices or " " not in name:
            return None
        match = process.extractOne(name.lower(), names, scorer=fuzz.ratio, score_cutoff=88)
        return choices[match[0]] if match else None

    def ruler_names(self) -> list[tuple[str, str, str]]:
        """(name, kind, slug) for the parser's entity ruler. Case matters: "US" is not the pronoun "us"."""
        return [(name, kind, slug) for name, (slug, kind, _label) in sorted(self.names.items()) if len(name) > 1]


@dataclass(frozen=True)
class Entity:
    key: str
    kind: str
    label: str
    known: bool


class DocumentNames:
    """The entities one document has named in full, so its later short names resolve to them: a surname or a
    given name ("Roh", "Vice Minister Kim") to the one person of the document whose name has that word, an
    acronym given in parentheses ("… Cooperation Fund (EDCF)") to its organisation."""

    def __init__(self, lexicon: Lexicon, rules: Rules, document: str):
        self.lexicon = lexicon
        self.legal_forms = rules.legal_forms  # "Co", "Ltd": what a company's short name leaves out
        self.institution_words = rules.institution_words
        self.institution_heads = rules.institution_heads
        self.document = document
        self.people: dict[str, set[Entity]] = {}  # a word of a person's name → the people with it
        self.short: dict[str, Entity] = {}  # an acronym → its entity
        self.organisations: dict[str, Entity] = {}  # key → each organisation named so far
        self.events: dict[str, tuple[str, tuple]] = {}  # key → label and details of each event named so far

    def link(self, name: str, kind: str) -> Entity | None:
        """The entity ``name`` denotes as a ``kind`` (person, organisation, country, place), or None when a short
        name is ambiguous or unknown."""
        words = name.split()
        lower = {word.lower() for word in words}
        # "Ministry of Foreign Affairs", "Foreign Ministry", "Senate": every state has one, and which state's this
        # is only the document's context says; neither another document's of that name nor a curated
        # institution that has it as an alias is taken for it
        generic = kind == "organisation" and lower <= self.institution_words and bool(lower & self.institution_heads)
        known = None if generic else self.lexicon.lookup(name)
        if known and (known[1] == kind or kind not in ("person", "organisation")):
            return self._remember(Entity(known[0], known[1], known[2], True))
        if name in self.short:
            return self.short[name]
        if kind in ("person", "organisation", "place") and len(words) == 1:
            # A surname after the full name is that person, whatever label the model gave it ("Chung" as ORG,
            # "Kuong" as a place).
            people = _fullest(self.people.get(name, set()))
            if len(people) == 1:
                return next(iter(people))
            if kind == "person":
                return None
        if kind == "person" and len(words) >= 2:
            # "Sok Khy" after "Y Sok Khy", "Sok Chenda" after "Sok Chenda Sophea": the end or the beginning of a
            # name the document gave in full
            longer = _fullest({p for p in self.people.get(words[-1], set()) if p.label.endswith(" " + name)}) or {
                p for p in self.people.get(words[0], set()) if p.label.startswith(name + " ")}
            if len(longer) == 1:
                return next(iter(longer))
        if kind == "organisation" and (named := self.organisation_named(name)) is not None:
            return named
        if kind in ("person", "organisation") and not generic:
            near = self.lexicon.fuzzy(name, kind)
            if near:
                return self._remember(Entity(near[0], near[1], near[2], True))
        if kind == "person" and not 2 <= len(words) <= 4:
            return None
        key = slugify(name)
        if generic:
            key = f"{key}-{stable_id(self.document)[:8]}"
        return self._remember(Entity(key, kind, name, False))

    def add_short_name(self, short: str, entity: Entity) -> None:
        if re.fullmatch(r"[A-Z][A-Za-z&]{1,9}", short) and not self.lexicon.lookup(short):
            self.short.setdefault(short, entity)

    def name_unit(self, unit: str, owner) -> Entity:
        """A unit of an organisation (``owner``, a Mention) the text names only in lower case ("anti-terrorism
        department"): named and keyed with its owner ("anti-terrorism department, Interior Ministry"), as "armed
        forces" alone would be every state's and one ministry's unit is not another's."""
        return self._remember(Entity(slugify(f"{owner.key} {unit}"), "organisation", f"{unit}, {owner.label}",
                                     False))

    def organisation_named(self, name: str) -> Entity | None:
        """The organisation named before whose name this is, or is without its legal form ("Hanul Trading" after
        "Hanul Trading Co., Ltd")."""
        for entity in self.organisations.values():
            rest = entity.label[len(name):] if entity.label.startswith(name) else None
            if rest is not None and (not rest or rest[0] in " ," and all(
                    word.strip(".,") in self.legal_forms for word in rest.split())):
                return entity
        return None

    def name_event(self, key: str, label: str, details: tuple) -> None:
        self.events.setdefault(key, (label, details))

    def event_called(self, noun: str) -> tuple[str, str, tuple] | None:
        """The one event named so far that "the event" (or "the summit", "the expo": its head word) denotes, as
        key, label and details; None when none or several could be meant."""
        found = [(key, label, details) for key, (label, details) in self.events.items()
                 if noun == "event" or re.sub(r"\s+\d{4}$", "", label).split()[-1].lower() == noun]
        return found[0] if len(found) == 1 else None

    def organisation_with(self, words: set[str]) -> Entity | None:
        """The one organisation named so far whose name has all these words (lower case), if only one has."""
        found = [entity for entity in self.organisations.values()
                 if words <= {word.lower().strip(",") for word in entity.label.split()}]
        return found[0] if len(found) == 1 else None

    def _remember(self, entity: Entity) -> Entity:
        if entity.kind == "organisation":
            self.organisations.setdefault(entity.key, entity)
        if entity.kind == "person":
            for word in re.split(r"\s+", entity.label):
                self.people.setdefault(word, set()).add(entity)
        return entity


def _fullest(people: set[Entity]) -> set[Entity]:
    """The people of a set whose name is not the end of another's: "Sok Khy" and "Y Sok Khy" (the model's cut
    and the full name) are one person, "Kim Min-su" and "Kim Ji-won" two."""
    return {p for p in people if not any(o is not p and o.label.endswith(" " + p.label) for o in people)}
