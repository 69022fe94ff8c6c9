"""The registry of fact kinds (``graph/rules/facts.toml``): for each class, the properties of its arguments and
how it is named. Extraction (labels), the RDF writer (which property names an actor or a target) and the
evaluation (what to compare) read it here, so a kind of fact is described once, in data."""

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


@cache
def kinds(path: Path = KINDS_FILE) -> tuple[FactKind, ...]:
    """Every kind, most specific first (as in the file)."""
    data = parse_toml(path, read_text(path), "fact kinds")
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
