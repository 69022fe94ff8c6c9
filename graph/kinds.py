"""The registry of kinds (``graph/rules/facts.toml``): for each class of fact, the properties of its arguments,
how it is named and how extraction reads it; for each class of entity, the mentions that name one, how the build
summary counts it, how the page draws it and whether `bilat eval` compares it. Extraction, the RDF writer, the
build summary, the page and the evaluation read it here, so a kind is described once, in data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph.corpus import parse_toml, read_text
from graph.errors import BilatError

KINDS_FILE = Path(__file__).resolve().parent / "rules" / "facts.toml"
# what a kind's ``traits`` may say (facts.toml explains each)
TRAITS = frozenset({"symmetric", "two-party", "addressed", "actorless", "acts-on", "one-actor", "frames-clause"})


@dataclass(frozen=True)
class FactKind:
    cls: str  # prefixed class name, "bo:Financing"
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    parties: tuple[str, ...]  # unordered parties instead of actors and targets
    verb: str
    legend: str
    traits: frozenset[str] = frozenset()  # how extraction reads an event of the kind (see TRAITS)

    @property
    def directed(self) -> bool:
        return not self.parties


@dataclass(frozen=True)
class EntityKind:
    cls: str  # prefixed class name, "schema:Person"
    mention: str = ""  # the extractor's kind of mention naming one ("person"); "": none
    candidate: str = ""  # the class name of its entity candidates ("Person")
    plural: str = ""  # what the build summary counts them as ("people"); "": not counted
    legend: str = ""  # the page's name for it; "": not drawn as an entity
    colour: str = ""
    shape: str = ""
    evaluated: bool = False  # `bilat eval` compares extracted and curated entities of the class


ENTITY_KEYS = {"class", "mention", "candidate", "plural", "legend", "colour", "shape", "evaluated"}


@cache
def _registry(path: Path) -> dict:
    return parse_toml(path, read_text(path), "fact kinds")


@cache
def entity_kinds(path: Path = KINDS_FILE) -> tuple[EntityKind, ...]:
    """Every kind of entity, in the file's order (the page's legend keeps it)."""
    found = []
    for number, entry in enumerate(_registry(path).get("entity", []), start=1):
        unknown = set(entry) - ENTITY_KEYS
        drawn = [key for key in ("legend", "colour", "shape") if key in entry]
        if "class" not in entry or unknown or len(drawn) not in (0, 3) or ("mention" in entry) != (
                "candidate" in entry):
            raise BilatError(f"[[entity]] entry {number} needs class; legend, colour and shape go together, and so "
                             f"do mention and candidate{f' (unknown: {sorted(unknown)})' if unknown else ''}", path)
        found.append(EntityKind(entry["class"], entry.get("mention", ""), entry.get("candidate", ""),
                                entry.get("plural", ""), entry.get("legend", ""), entry.get("colour", ""),
                                entry.get("shape", ""), bool(entry.get("evaluated", False))))
    return tuple(found)


@cache
def kinds(path: Path = KINDS_FILE) -> tuple[FactKind, ...]:
    """Every kind, most specific first (as in the file)."""
    data = _registry(path)
    found = []
    for number, entry in enumerate(data.get("kind", []), start=1):
        unknown = set(entry) - {"class", "actors", "targets", "parties", "verb", "legend", "traits"}
        if "class" not in entry or "legend" not in entry or unknown:
            raise BilatError(f"[[kind]] entry {number} needs class and legend, and knows only actors, targets, "
                             f"parties, verb, traits{f' (not {sorted(unknown)})' if unknown else ''}", path)
        traits = frozenset(entry.get("traits", ()))
        if traits - TRAITS:
            raise BilatError(f"[[kind]] entry {number} ({entry['class']}): unknown traits {sorted(traits - TRAITS)}; "
                             f"known: {', '.join(sorted(TRAITS))}", path)
        found.append(FactKind(entry["class"], tuple(entry.get("actors", ())), tuple(entry.get("targets", ())),
                              tuple(entry.get("parties", ())), entry.get("verb", ""), entry["legend"], traits))
    return tuple(found)


def kind_of(cls: str) -> FactKind:
    """The entry for a class given by its local name or prefixed name ("Financing", "bo:Financing")."""
    name = cls if ":" in cls else f"bo:{cls}"
    for kind in kinds():
        if kind.cls == name:
            return kind
    return next(kind for kind in kinds() if kind.cls == "bo:Event")
