"""The extractor: a document in, candidate facts out, each with the sentence(s) it came from.

Parsing (graph.extraction.parsing) → mentions of entities, posts and values (mentions, values, linking) →
facts (events, posts held, figures, agreements) and quotations. One event per real event per document: a
headline and its restatements in the body give the same participants, so the same candidate, with every
sentence kept as evidence.
"""

from __future__ import annotations

import dataclasses
import re

from graph.corpus import Document
from graph.extraction.facts import FIGURE_KINDS, NAMED_THINGS, FactBuilder, SentenceFacts
from graph.extraction.linking import DocumentNames, Lexicon
from graph.extraction.mentions import MentionFinder
from graph.extraction.model import Candidate, Mention
from graph.extraction.parsing import Sentence, dateline, english_pipeline, parse
from graph.extraction.quotations import QuotationFinder
from graph.extraction.rules import Rules, entity_classes, slugify, stable_id
from graph.extraction.values import days_named, find_dates, find_quantities


class Extractor:
    """Finds candidate facts in documents. One instance (one loaded pipeline) serves many documents."""

    def __init__(self, rules: Rules | None = None, lexicon: Lexicon | None = None):
        self.rules = rules or Rules.load()
        self.lexicon = lexicon or Lexicon.from_rules(self.rules)
        self.nlp = english_pipeline(self.lexicon.ruler_names())
        self.facts = FactBuilder(self.rules)
        self.quotations = QuotationFinder(self.rules)

    @property
    def version(self) -> str:
        return self.rules.version

    def extract(self, document: Document) -> list[Candidate]:
        names = DocumentNames(self.lexicon, self.rules, document.id)
        finder = MentionFinder(self.rules, names)
        finder.defined_acronyms(document.text)
        found: dict[str, Candidate] = {}
        people_before: list[Mention] = []
        speaker = self._speaker(document)
        day = _dateline_day(document)
        before: list[SentenceFacts] = []  # the sentences read so far, for "the two countries"
        for index, paragraph in enumerate(parse(self.nlp, document)):
            label = re.match(r"\s*([^:\n]{1,30}):", paragraph[0].text) if paragraph else None
            if label and label.group(1).strip().lower() in self.rules.furniture_labels:
                continue  # "Read more: …", "Photo: …": the page's furniture, not the article
            sentences = []
            # a first line without a sentence's final mark is the headline: the editors' words, not the author's
            headline = index == 0 and len(paragraph) == 1 and not re.search(r"[.!?:;”\"…]$", paragraph[0].text.strip())
            for sentence in paragraph:
                facts = self._sentence(document, sentence, finder, day)
                named_before = [m for f in sentences for m in f.mentions if m.kind == "person"] if sentences \
                    else people_before
                facts.antecedent = _only_person(named_before + [m for m in facts.mentions if m.kind == "person"])
                facts.speaker = None if headline else speaker
                facts.pairs = _pairs(before)
                sentences.append(facts)
                before.append(facts)
                for candidate in self._candidates(document, facts, finder):
                    _merge(found, candidate)
            for candidate in self.quotations.paragraph(document, sentences, people_before):
                _merge(found, candidate)
            people_before = [m for facts in sentences for m in facts.mentions if m.kind == "person"]
        # one who holds a post is a person, whatever another sentence's context made of the name
        holders = {c.mentions[0].key for c in found.values() if c.kind == "role"}
        for key, candidate in found.items():
            if candidate.kind == "entity" and candidate.cls != "Person" and candidate.detail("slug") in holders:
                found[key] = dataclasses.replace(candidate, cls="Person")
        return sorted(found.values(), key=lambda c: (c.start, c.kind, c.id))

    def _speaker(self, document: Document) -> Mention | None:
        """The person a first-person document (a speech, an opinion piece) is by, as its metadata names them:
        its "I" is that person. A news report's "I" is always someone quoted, so it has none. The author is
        an entity of the graph, or else a name the text gives whose identifier is the author's."""
        author = document.metadata.get("author")
        if document.metadata.get("kind") not in self.rules.first_person_kinds or not author:
            return None
        # the mention is where the text names the author (its evidence), or nowhere when it does not
        entry = self.lexicon.by_slug(author)
        if entry is not None:
            at = document.text.find(entry[2])
            start, end = (at, at + len(entry[2])) if at >= 0 else (0, 0)
            return Mention(start, end, document.text[start:end], "person", entry[2], author, True) \
                if entry[1] == "person" else None
        for name in re.finditer(r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){1,3}", document.text):
            words = name.group().split()
            for size in range(len(words), 1, -1):
                text = " ".join(words[:size])
                if slugify(text) == author and name.group().startswith(text):
                    return Mention(name.start(), name.start() + len(text), text, "person", text, author, False)
        return None

    def _sentence(self, document: Document, sentence: Sentence, finder: MentionFinder, day: str = "") -> SentenceFacts:
        heading = _is_heading(sentence.text)
        entities = finder.entities(sentence, heading)
        if heading:  # a headline's capitals are style: only names the document knows count
            entities = [m for m in entities if m.known or m.kind == "country"]
        entities = finder.short_names(sentence, entities)
        mentions = _without_overlaps(entities + _values(sentence, document, day))
        # a group overlaps the demonym or the count it is read from, which keep their tokens (listed first)
        mentions = sorted(mentions + finder.groups(sentence, mentions), key=lambda m: (m.start, m.end))
        return SentenceFacts(sentence, mentions)

    def _candidates(self, document: Document, facts: SentenceFacts, finder: MentionFinder) -> list[Candidate]:
        posts, organisations = finder.posts(facts.sentence, facts.mentions)
        out = [_entity(document, m) for m in facts.mentions + organisations if m.kind in entity_classes()]
        out += [self.facts.role(document, facts.sentence, person) for person in posts]
        events = self.facts.events(document, facts)
        used = {m.start for event in events for m in event.mentions if m.kind == "money"}
        out += events + self.facts.agreements(document, facts, events, posts)
        out += self.facts.affiliations(document, facts, posts) + self.facts.statements(document, facts)
        out += self.facts.ownerships(document, facts) + self.facts.nationalities(document, facts)
        out += self.facts.locations(document, facts)
        if not events and not any(c.kind == "claim" for c in out) and not _is_heading(facts.sentence.text):
            out += self.facts.authors_statement(document, facts)
        out += [self.facts.named(document, facts, m) for m in facts.mentions if m.kind in NAMED_THINGS]
        out += self.facts.figures(document, facts, used)
        # every entity a fact names is an entity of the document, also one only the fact found ("the owner of X")
        defined = {c.detail("slug") for c in out if c.kind == "entity"}
        for candidate in list(out):
            for mention in candidate.mentions:
                # (an author the text never names has no words to quote: no entity of this document)
                if mention.kind in entity_classes() and mention.key not in defined and mention.end > mention.start:
                    defined.add(mention.key)
                    out.append(_entity(document, mention))
        return out


def _pairs(before: list[SentenceFacts], back: int = 3) -> dict[str, tuple[Mention, Mention]]:
    """What "the two countries", "the two leaders" and "both sides" refer to: for each kind of party, the two of
    the latest of the last ``back`` sentences that names any of that kind, when it names exactly two (three
    named: none). "any" is the latest sentence's pair, states first."""
    pairs: dict[str, tuple[Mention, Mention]] = {}
    for kind in ("country", "person", "organisation"):
        for facts in reversed(before[-back:]):
            distinct = {m.key: m for m in facts.mentions if m.kind == kind}
            if distinct:
                if len(distinct) == 2:
                    pairs[kind] = tuple(distinct.values())
                break
    for facts in reversed(before[-back:]):
        keys = {m.key for m in facts.mentions}
        chosen = next((pairs[kind] for kind in ("country", "person", "organisation")
                       if kind in pairs and {m.key for m in pairs[kind]} <= keys), None)
        if chosen is not None:
            pairs["any"] = chosen
            break
    return pairs


def _only_person(people: list[Mention]) -> Mention | None:
    """The person "he" or "she" refers to when exactly one person has been named (else nobody: never a guess)."""
    return people[0] if people and len({m.key for m in people}) == 1 else None


def _merge(found: dict[str, Candidate], candidate: Candidate) -> None:
    """Keep the first statement of a fact; a restatement adds its sentence as evidence, and the date or amount
    the first did not give."""
    first = found.get(candidate.id)
    if first is None:
        found[candidate.id] = candidate
        return
    if candidate.kind == "entity" and first.cls == "Person" and candidate.cls == "Organization" and \
            candidate.mentions[0].detail("said_to_be"):
        # the model takes many companies for people; a name the text calls a company ("local company X") is an
        # organisation, wherever it says so (another sentence's model label alone proves nothing)
        found[candidate.id] = dataclasses.replace(first, cls=candidate.cls)
        return
    if candidate.kind not in ("event", "role", "affiliation", "nationality", "location", "agreement", "instrument"):
        return  # an entity's evidence is where it is first named
    if (candidate.start, candidate.end) == (first.start, first.end) or \
            (candidate.start, candidate.end) in first.evidence:
        return
    amounts = [{(m.detail("value"), m.detail("minimum"), m.detail("maximum"), m.detail("currency"))
                for m in c.mentions if m.kind == "money"} for c in (first, candidate)]
    if all(amounts) and amounts[0] != amounts[1]:
        # the same funder's two loans of different amounts are two financings, not a restatement
        value = "|".join(sorted(str(v) for v in amounts[1]))
        _merge(found, dataclasses.replace(candidate, id=f"{candidate.id}-{stable_id(candidate.id, value)}"))
        return
    lead, other = first, candidate
    evidence = first.evidence + ((candidate.start, candidate.end),)
    if first.detail("status") and not candidate.detail("status") and (
            not candidate.detail("named") or candidate.detail("happened")):
        # "will visit" in the headline, "visited" in the body: it took place, and the statement of it leads
        lead, other = candidate, first
        evidence = ((first.start, first.end),) + first.evidence
    kinds = {m.kind for m in lead.mentions}
    extra = tuple(m for m in other.mentions if m.kind in ("date", "money") and m.kind not in kinds)
    # "… the CKFTA shall enter into force on December 1": what a later sentence says of a named agreement
    details = lead.details + tuple(d for d in other.details if d[0] == "in_force" and extra
                                   and not lead.detail("in_force"))
    if lead.detail("named"):  # who took part in a named event, wherever the document says so
        # those who only planned to take part in an event that took place are no participants of it
        keys = {m.key for m in lead.mentions if m.kind in entity_classes()} | (
            set(other.detail("planned", ())) if not lead.detail("status") else set())
        extra += tuple(m for m in other.mentions if m.kind in entity_classes() and m.key not in keys)
        if any(m.kind in entity_classes() for m in lead.mentions + extra):
            details = tuple((name, True if name == "symmetric" else value) for name, value in details)
    found[candidate.id] = dataclasses.replace(lead, evidence=evidence, mentions=lead.mentions + extra,
                                              details=details)


def _entity(document: Document, mention: Mention) -> Candidate:
    cls = entity_classes()[mention.kind]
    confidence = 0.95 if mention.known else 0.8
    return Candidate(f"entity-{stable_id(document.id, 'entity', mention.key)}", document.id, "entity", cls,
                     mention.label, mention.start, mention.end, mention.text, confidence,
                     (("slug", mention.key), ("known", mention.known)), (mention,))


def _dateline_day(document: Document) -> str:
    """The day the document's dateline gives, in full (YYYY-MM-DD, its year from the document's date), or ""."""
    dates = find_dates(dateline(document), str(document.metadata.get("date", "")) or None)
    return next((d.value for d in dates if d.precision == "day" and re.fullmatch(r"\d{4}-\d\d-\d\d", d.value)), "")


def _values(sentence: Sentence, document: Document, day: str = "") -> list[Mention]:
    """Dates, amounts of money, percentages and counts of a sentence, as mentions; "on Wednesday" or "today" is
    the day of the document's dateline when that day is a Wednesday."""
    text, offset = sentence.text, sentence.start
    found = []
    named = days_named(text, day) if day else []
    for date in find_dates(text, str(document.metadata.get("date", "")) or None) + named:
        details = (("value", date.value), ("precision", date.precision), ("note", date.note))
        if date.precision == "range":
            details = (("start", date.value), ("end", date.end_value), ("precision", "year"), ("note", date.note))
        found.append(Mention(offset + date.start, offset + date.end, date.text, "date", details=details))
    quantities = find_quantities(text)
    for quantity in quantities:
        if quantity.kind not in FIGURE_KINDS or quantity.conversion_of is not None:
            continue
        unit = quantity.unit
        if quantity.same_unit_as is not None:
            unit = quantities[quantity.same_unit_as].unit
        before, after = text[:quantity.start].rstrip().lower(), text[quantity.end:]
        if quantity.kind == "count" and (after.startswith("-") or quantity.approximation == "exact" and re.search(
                r"\b(?:the|these|those|both|its|their|our|his|her|all)$", before)):
            continue  # "two-way talks", "the two sides": a number that refers ("the roughly 5,500": a figure)
        if quantity.kind == "duration" and re.match(r"\s+ago\b", after):
            continue  # "two years ago" is a relative date, not a duration
        details = (("value", _number(quantity.value)), ("minimum", _number(quantity.minimum)),
                   ("maximum", _number(quantity.maximum)), ("approximation", quantity.approximation),
                   ("currency", quantity.currency or ""),
                   ("unit", quantity.currency or ("percent" if quantity.kind == "percent" else unit or "")))
        if quantity.kind == "count" and not unit:
            # a bare number ("alert(1)", "totalled 220") counts nothing it names; only the parse can say what
            # ("visitors totalled 220,904"), so it is a figure only when the figure stage finds that
            details += (("bare", True),)
        found.append(Mention(offset + quantity.start, offset + quantity.end, quantity.text, quantity.kind,
                             details=details))
    return found


def _number(value) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _is_heading(line: str) -> bool:
    """A title-case heading ("Korean Wave Breaks At Angkor"), whose capitals are style, not names. A heading in
    sentence case is read like any sentence."""
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    if len(words) > 14 or re.search(r"[.!?:;”\"…\])]$", line.strip()) or len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Longest mention wins where two overlap; ties go to the earlier one in the list."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if not any(mention.start < k.end and k.start < mention.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end))
