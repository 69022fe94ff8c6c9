"""What extraction produces: mentions of entities and values in the text, and candidate facts built on them."""

from __future__ import annotations

from dataclasses import dataclass


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
    """One fact the extractor proposes: what, where in the document, and how sure. ``evidence`` holds the spans
    of further sentences that state the same fact (a headline and its restatements in the body)."""

    id: str
    document: str
    kind: str  # entity, event, role, figure, agreement, quotation
    cls: str  # the ontology class (local name)
    label: str
    start: int
    end: int
    quote: str
    confidence: float
    details: tuple = ()
    mentions: tuple[Mention, ...] = ()
    evidence: tuple[tuple[int, int], ...] = ()

    def detail(self, name: str, default=None):
        return dict(self.details).get(name, default)
