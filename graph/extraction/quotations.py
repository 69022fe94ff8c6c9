"""Quotations: words in quotation marks, attributed to the subject of a verb of saying outside them ("…,” Lee
told the Post; “…,” said the ministry), in the sentence that closes them. A quotation may run over several
sentences of a paragraph. A pronoun speaker ("he said") is attributed only when exactly one person has been named
in the paragraph so far (or, for a paragraph's first sentence, in the one before), with a lower confidence and a
note; otherwise, and without a verb of saying, there is no quotation: a speaker is never guessed."""

from __future__ import annotations

import re

from graph.corpus import Document
from graph.extraction.facts import SentenceFacts
from graph.extraction.model import Candidate, Mention
from graph.extraction.rules import Rules, stable_id

QUOTATION_MIN_WORDS = 5  # shorter quoted phrases are names, titles or scare quotes, not someone's words
PRONOUNS = {"he", "she"}


class QuotationFinder:
    def __init__(self, rules: Rules):
        self.rules = rules

    def paragraph(self, document: Document, sentences: list[SentenceFacts],
                  earlier_people: list[Mention]) -> list[Candidate]:
        """The quotations of one paragraph. ``earlier_people``: people named in the paragraph before."""
        found = []
        opened: tuple[int, int] | None = None  # (offset of the opening mark, index of its sentence)
        people = list(earlier_people)
        for index, facts in enumerate(sentences):
            text, offset = facts.sentence.text, facts.sentence.start
            # the parser's text has typographic quotes only (graph.extraction.parsing turns straight ones)
            for match in re.finditer(r"[“”]", text):
                at, mark = match.start(), match.group()
                if opened is None and mark == "“":
                    opened = (offset + at, index)
                elif opened is not None and mark == "”":
                    quote_start = opened[0] + 1
                    quote_end = offset + at
                    speaker, resolved = self._speaker(facts, quote_start, quote_end, people)
                    if speaker:
                        first = sentences[opened[1]].sentence
                        found += _quotation(document, opened[0], first.start, facts.sentence.end,
                                            document.text[quote_start:quote_end], speaker, resolved)
                    opened = None
            people += [m for m in facts.mentions if m.kind == "person"]
        return found

    def _speaker(self, facts: SentenceFacts, quote_start: int, quote_end: int,
                 people: list[Mention]) -> tuple[Mention | None, bool]:
        """The subject of a verb of saying outside the quotation (its own sentence), and whether it was a pronoun
        resolved to the only person named before."""
        sentence = facts.sentence
        for token in sentence.span:
            at = sentence.offset(token)
            if quote_start <= at < quote_end or token.lemma_.lower() not in self.rules.say_verbs:
                continue
            if token.pos_ not in ("VERB", "AUX"):
                continue
            for child in token.children:
                if child.dep_ != "nsubj":
                    continue
                mention = facts.by_token.get(child.i)
                if mention and mention.kind in ("person", "organisation") and not mention.detail("demonym"):
                    return mention, False
                if child.lower_ in PRONOUNS:
                    named = {m.key: m for m in people if sentence.offset(child) > m.start or m.start < quote_start}
                    if len(named) == 1:
                        return next(iter(named.values())), True
        return None, False


def _quotation(document: Document, mark: int, start: int, end: int, quoted: str, speaker: Mention,
               resolved: bool) -> list[Candidate]:
    text = " ".join(quoted.split()).rstrip(",").strip()
    if len(text.split()) < QUOTATION_MIN_WORDS:
        return []
    label = f"{speaker.label}: {text}"
    details = (("speaker", speaker.key), ("text", text)) + ((("speaker_from", "pronoun"),) if resolved else ())
    return [Candidate(f"quotation-{stable_id(document.id, 'quotation', str(mark))}", document.id, "quotation",
                      "Quotation", label if len(label) <= 90 else label[:88] + "…", start, end,
                      document.text[start:end], 0.55 if resolved else 0.7, details, (speaker,))]
