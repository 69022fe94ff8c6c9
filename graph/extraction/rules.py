"""The extraction rules (``graph/rules/extraction.toml``): words, not code — titles and the roles they name,
honorifics, organisation words, a gazetteer of states and places, verbs of saying, words of modality, and the
event triggers typed with PLOVER categories. The file is checked before use, so a broken one is an error that
names its line."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from graph.corpus import key_line, parse_toml, read_text
from graph.errors import BilatError
from graph.kinds import entity_kinds

RULES_FILE = Path(__file__).resolve().parent.parent / "rules" / "extraction.toml"
ROLES_OF_SUBJECT = ("actor", "recipient")


@cache
def entity_classes() -> dict[str, str]:
    """Each kind of entity mention ("person") → the class of its entity candidates ("Person"), from the registry
    of kinds (graph/rules/facts.toml; graph.candidates gives the ontology's class)."""
    return {kind.mention: kind.candidate for kind in entity_kinds() if kind.mention}


@dataclass(frozen=True)
class Trigger:
    """Words that make an event of one class: verbs (by lemma) and event nouns (by lemma)."""

    cls: str
    plover: str  # "" for events PLOVER has no category for (an accident)
    verbs: frozenset[str]
    nouns: frozenset[str]
    subject: str  # what the grammatical subject of a verb is: "actor", or "recipient" (receive, borrow)
    confidence: float  # how surely a word of this trigger means an event of this class
    needs_object: bool = False  # its verbs always take an object (arrest, detain): without one, a participle
    #                             the parser misread as a clause ("60 Koreans detained in …")


@dataclass
class Rules:
    """The extraction rules file, checked and compiled."""

    version: str
    titles: dict[str, str]
    honorifics: list[str]
    org_heads: set[str]
    not_names: set[str]
    gazetteer: list[dict]
    triggers: list[Trigger]
    state_agents: frozenset[str]
    say_verbs: frozenset[str]
    modal_words: frozenset[str]
    future_words: frozenset[str]
    organisation_nouns: frozenset[str]
    place_nouns: frozenset[str]
    not_entities: frozenset[str]
    ministry_roles: frozenset[str]
    ministry_rank_words: frozenset[str]
    portfolio_words: frozenset[str]
    ministry_word: str
    first_person_kinds: frozenset[str]
    caption_positions: frozenset[str]
    institution_qualifiers: frozenset[str]
    family_name_words: frozenset[str]
    family_names: frozenset[str]
    furniture_labels: frozenset[str]
    office_words: frozenset[str]
    part_nouns: frozenset[str]
    state_institutions: frozenset[str]
    not_unit_words: frozenset[str]
    delegation_nouns: frozenset[str]
    light_verbs: frozenset[str]
    receiving_verbs: frozenset[str]
    participation_verbs: frozenset[str]
    legal_forms: frozenset[str]
    amounting_verbs: frozenset[str]
    spending_verbs: frozenset[str]
    people_nouns: frozenset[str]
    place_adjectives: frozenset[str]
    event_heads: dict[str, str]  # the head word of a named event → its class
    event_leads: dict[str, str]  # the first word of a named event → its class
    pair_nouns: dict[str, str]  # "the two countries" → the kind of the two parties it refers to
    heading_verbs: dict[str, str]  # "X, who heads Y" → the title of the post it gives ("head")
    name_heads: dict[str, str]  # a name's head word → what it names: place, agreement, project, instrument, none
    source: str  # the file's text, so the rules' own hash keys caches

    @classmethod
    def load(cls, path: Path | None = None) -> Rules:
        path = path or RULES_FILE
        source = read_text(path)
        data = parse_toml(path, source, "rules")
        _check_rules(path, source, data)
        triggers = [Trigger(t["class"], t.get("plover", ""), frozenset(t.get("verbs", [])),
                            frozenset(t.get("nouns", [])), t.get("subject", "actor"), float(t.get("confidence", 0.7)),
                            bool(t.get("needs_object", False)))
                    for t in data["triggers"]]
        return cls(version=data["version"], titles=data["titles"], honorifics=data.get("honorifics", []),
                   org_heads=set(data["org_heads"]), not_names=set(data.get("not_names", [])),
                   gazetteer=data["gazetteer"], triggers=triggers,
                   state_agents=frozenset(data.get("state_agents", [])),
                   say_verbs=frozenset(data.get("say_verbs", [])), modal_words=frozenset(data.get("modal_words", [])),
                   future_words=frozenset(data.get("future_words", [])),
                   organisation_nouns=frozenset(data.get("organisation_nouns", [])),
                   place_nouns=frozenset(data.get("place_nouns", [])),
                   not_entities=frozenset(data.get("not_entities", [])),
                   ministry_roles=frozenset(data.get("ministry_roles", [])),
                   ministry_rank_words=frozenset(data.get("ministry_rank_words", [])),
                   portfolio_words=frozenset(data.get("portfolio_words", [])),
                   ministry_word=data.get("ministry_word", "Ministry"),
                   first_person_kinds=frozenset(data.get("first_person_kinds", [])),
                   caption_positions=frozenset(data.get("caption_positions", [])),
                   institution_qualifiers=frozenset(data.get("institution_qualifiers", [])),
                   family_name_words=frozenset(data.get("family_name_words", [])),
                   family_names=frozenset(data.get("family_names", [])),
                   furniture_labels=frozenset(label.lower() for label in data.get("furniture_labels", [])),
                   office_words=frozenset(data.get("office_words", [])),
                   part_nouns=frozenset(data.get("part_nouns", [])),
                   state_institutions=frozenset(data.get("state_institutions", [])),
                   not_unit_words=frozenset(data.get("not_unit_words", [])),
                   delegation_nouns=frozenset(data.get("delegation_nouns", [])),
                   light_verbs=frozenset(data.get("light_verbs", [])),
                   receiving_verbs=frozenset(data.get("receiving_verbs", [])),
                   participation_verbs=frozenset(data.get("participation_verbs", [])),
                   legal_forms=frozenset(data.get("legal_forms", [])),
                   amounting_verbs=frozenset(data.get("amounting_verbs", [])),
                   spending_verbs=frozenset(data.get("spending_verbs", [])),
                   people_nouns=frozenset(data.get("people_nouns", [])),
                   place_adjectives=frozenset(data.get("place_adjectives", [])),
                   event_heads=data.get("event_heads", {}), event_leads=data.get("event_leads", {}),
                   pair_nouns=data.get("pair_nouns", {}), heading_verbs=data.get("heading_verbs", {}),
                   name_heads={word: kind for kind, key in (("place", "facility_heads"), ("agreement",
                               "agreement_heads"), ("project", "project_heads"),
                               ("instrument", "instrument_heads"), ("none", "no_entity_heads"))
                               for word in data.get(key, [])}, source=source)

    @cached_property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()[:16]

    @cached_property
    def demonyms(self) -> dict[str, str]:
        """Demonym → the label of its state ("South Korean" → "Republic of Korea")."""
        return {name: item["label"] for item in self.gazetteer for name in item.get("demonyms", [])}

    @cached_property
    def capitals(self) -> dict[str, str]:
        """A capital's label → the label of the state it stands for when it acts ("Seoul" → "Republic of Korea")."""
        return {item["label"]: item["capital_of"] for item in self.gazetteer if item.get("capital_of")}

    @cached_property
    def institution_words(self) -> frozenset[str]:
        """Lower-case words a name of any state's institution may be made of ("ministry of foreign affairs")."""
        return frozenset(w.lower() for w in (*self.portfolio_words, *self.state_institutions,
                                             *self.institution_qualifiers, "of", "and", "for", "the", "&"))

    @cached_property
    def institution_heads(self) -> frozenset[str]:
        """Lower-case head words of a state's institutions ("ministry", "senate")."""
        return frozenset(word.lower() for word in self.state_institutions)

    @cached_property
    def verb_triggers(self) -> dict[str, Trigger]:
        """Each verb's first sense (see verb_senses)."""
        return {verb: senses[0] for verb, senses in self.verb_senses.items()}

    @cached_property
    def verb_senses(self) -> dict[str, tuple[Trigger, ...]]:
        """Each verb's triggers, the last listed first: "receive" is a financing with money received, else a
        meeting ("received the ambassador")."""
        senses: dict[str, tuple[Trigger, ...]] = {}
        for trigger in self.triggers:
            for verb in trigger.verbs:
                senses[verb] = (trigger, *senses.get(verb, ()))
        return senses

    @cached_property
    def noun_triggers(self) -> dict[str, Trigger]:
        return {noun: trigger for trigger in self.triggers for noun in sorted(trigger.nouns)}

    @cached_property
    def title_pattern(self) -> re.Pattern:
        """A title anywhere in a phrase, longest first, in any case ("vice minister", "Ambassador")."""
        titles = sorted(self.titles, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles)
                          + r")(?![\w-])", re.IGNORECASE)

    def role_of(self, title: str) -> str:
        return self.titles[re.sub(r"\s+", " ", title.lower())]


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
    # (the kinds are the registry's, read when a rules file is checked, not at import)
    "entity kind": (lambda value: value in entity_classes(), lambda: f"one of {', '.join(entity_classes())}"),
    "subject role": (lambda value: value in ROLES_OF_SUBJECT, f"one of {', '.join(ROLES_OF_SUBJECT)}"),
    "share": (lambda value: isinstance(value, float) and 0 < value < 1, "a number between 0 and 1"),
    "flag": (lambda value: isinstance(value, bool), "true or false"),
}
# key → (required, kind of value), at the top of the file and in each [[gazetteer]] and [[triggers]] entry.
RULE_KEYS = {"version": (True, "text"), "titles": (True, "table"), "org_heads": (True, "strings"),
             "gazetteer": (True, "tables"), "triggers": (True, "tables"), "honorifics": (False, "strings"),
             "not_names": (False, "strings"), "state_agents": (False, "strings"), "say_verbs": (False, "strings"),
             "modal_words": (False, "strings"), "future_words": (False, "strings"),
             "organisation_nouns": (False, "strings"),
             "place_nouns": (False, "strings"), "not_entities": (False, "strings"),
             "ministry_roles": (False, "strings"), "ministry_rank_words": (False, "strings"),
             "portfolio_words": (False, "strings"),
             "ministry_word": (False, "text"), "first_person_kinds": (False, "strings"),
             "caption_positions": (False, "strings"), "institution_qualifiers": (False, "strings"),
             "family_name_words": (False, "strings"), "family_names": (False, "strings"),
             "furniture_labels": (False, "strings"),
             "office_words": (False, "strings"), "part_nouns": (False, "strings"),
             "state_institutions": (False, "strings"), "not_unit_words": (False, "strings"),
             "facility_heads": (False, "strings"),
             "agreement_heads": (False, "strings"), "project_heads": (False, "strings"),
             "instrument_heads": (False, "strings"), "no_entity_heads": (False, "strings"),
             "delegation_nouns": (False, "strings"), "event_heads": (False, "table"),
             "light_verbs": (False, "strings"), "receiving_verbs": (False, "strings"),
             "participation_verbs": (False, "strings"),
             "legal_forms": (False, "strings"),
             "amounting_verbs": (False, "strings"), "spending_verbs": (False, "strings"),
             "people_nouns": (False, "strings"), "place_adjectives": (False, "strings"),
             "event_leads": (False, "table"), "pair_nouns": (False, "table"),
             "heading_verbs": (False, "table")}
ENTRY_KEYS = {"gazetteer": {"label": (True, "text"), "kind": (True, "entity kind"), "aliases": (False, "strings"),
                            "demonyms": (False, "strings"), "capital_of": (False, "text")},
              "triggers": {"class": (True, "text"), "plover": (False, "text"), "verbs": (False, "strings"),
                           "nouns": (False, "strings"), "subject": (False, "subject role"),
                           "confidence": (False, "share"), "needs_object": (False, "flag")}}


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
                described = description() if callable(description) else description
                raise BilatError(f"{key!r}{where} must be {described}", path, line(key))

    check(data, RULE_KEYS, "", lambda key: key_line(source, key))
    for name, keys in ENTRY_KEYS.items():
        headers = [source.count("\n", 0, match.start()) + 1
                   for match in re.finditer(rf"^[ \t]*\[\[{name}\]\]", source, re.MULTILINE)]
        for number, entry in enumerate(data[name]):
            header = headers[number] if number < len(headers) else key_line(source, name)
            check(entry, keys, f" in [[{name}]] entry {number + 1}", lambda _key, header=header: header)
            if name == "triggers" and not (entry.get("verbs") or entry.get("nouns")):
                raise BilatError(f"[[triggers]] entry {number + 1} needs verbs or nouns", path, header)


def slugify(text: str) -> str:
    text = text.lower().replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def stable_id(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]
