"""Mentions: the entities, posts, dates and figures a parsed sentence names, each at its offsets.

Entities come from the parser's named entities (the graph's own names first, through its entity ruler), cleaned
of what is not the name — determiners, honorifics, titles, possessives — and typed by the gazetteer and the
graph before the model's label: a known country stays a country, a capitalised phrase with an organisation word
is an organisation, a name made of words that are never names is nobody. Posts come from the title before a name
("South Korean Vice Defense Minister Hwang In-moo") or an apposition after it ("Kim Jin-a, the second vice
minister at the Ministry of Foreign Affairs").
"""

from __future__ import annotations

import dataclasses
import re

from graph.extraction.linking import DocumentNames, Entity
from graph.extraction.model import Mention
from graph.extraction.parsing import Sentence
from graph.extraction.rules import Rules, entity_classes, slugify
from graph.extraction.values import names_a_currency

# The model's labels that can name an entity of the graph, by kind (GPE is a country or a place: the gazetteer
# knows the countries).
ENTITY_LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place",
                 "NORP": "demonym", "LAW": "instrument", "EVENT": "event"}
# "Article 35 of the Criminal Code": the law is the code; the article is a part of it.
PART_OF_A_TEXT = re.compile(r"^(?:Article|Section|Chapter|Clause|Paragraph)s?\s+[\w.]+(?:\s+and\s+[\w.]+)?\s+of\s+")
POSSESSIVE = re.compile(r"[’']s?$")
# A capitalised name, its words joined by "of", "for", "de", "&" (and "and", split by _names_joined); a word
# such as "Korean-owned" is no name's.
CONNECTORS = ("of", "for", "and", "de", "&", "the")
# Tags of words that make a clause, not a name: a finite verb, a determiner, a pronoun, a preposition ("South
# Korea's understanding and opened an office" names no unit).
CLAUSE_TAGS = {"VBD", "VBZ", "VBP", "MD", "DT", "PDT", "PRP", "PRP$", "IN", "TO", "WDT", "WP", "EX"}
ORGANISATION_NAME = re.compile(r"(?<![\w’'-])[A-Z][\w’'&.]*(?:-[A-Z0-9][\w’'&.]*)*(?:\s+(?:(?:of|for|and|de|&)\s+"
                               r"(?:the\s+)?)?[A-Z][\w’'&.]*(?:-[A-Z0-9][\w’'&.]*)*)*(?![\w-])")


# A name of capitalised words (with "of", "for", "and", "on", "the" between) and its acronym in parentheses.
DEFINED_ACRONYM = re.compile(r"(?<![\w’'-])(?:[Tt]he\s+)?(?P<name>[A-Z][\w’'-]*(?:\s+(?:(?:of|for|and|on|the)\s+)*"
                             r"[A-Z][\w’'-]*){1,9})\s+\((?P<short>[A-Z][A-Za-z&]{1,9})\)")


def _head_word(name: str) -> str:
    """The head word of a name: its last word before an "of", "for" or "on" complement ("Department of Law" →
    "Department", "Law on Drug Control" → "Law"), without a possessive."""
    return POSSESSIVE.sub("", re.split(r"\s+(?:of|for|on)\s+", name)[0].split()[-1])


def _names_joined(chain: re.Match, org_heads: set[str]) -> list[tuple[int, str]]:
    """The names a capitalised chain holds, at their offsets in the text: "and" belongs to a name only after
    its "of" and before no head word of its own ("Ministry of Posts and Telecommunications" is one name,
    "Hanul School and the Korea Foundation" two)."""
    names: list[tuple[int, str]] = []
    start, kept = chain.start(), ""
    for part in re.finditer(r"(?:^|\s+and\s+(?:the\s+)?)(?P<part>(?:(?!\s+and\s).)+)", chain.group()):
        words = part.group("part")
        if kept and " of " in f" {kept} " and not any(word in org_heads for word in words.split()):
            kept = f"{kept}{chain.group()[len(kept) + start - chain.start():part.start('part')]}{words}"
            continue
        if kept:
            names.append((start, kept))
        start, kept = chain.start() + part.start("part"), words
    if kept:
        names.append((start, kept))
    return [(offset, name.rstrip(" ,.;:")) for offset, name in names]


# The capitalised name an "of", "at" or "for" after a title introduces ("director of Soon Chun Hyang University").
NAME_AFTER_TITLE = re.compile(r"\s+(?:of|at|for)\s+(?:the\s+)?(?P<name>[A-Z][\w’'&.-]*(?:\s+(?:of\s+|and\s+|&\s+)?"
                              r"[A-Z0-9][\w’'&.-]*)*)")


# "E-7" (a visa), "KE9690" (a flight): a code the model may take for an organisation ("G20" is one, and stays)
CODE = re.compile(r"[A-Z]{1,3}-\d+[A-Z]?|[A-Z]{1,3}\d{3,}")
GOVERNMENT_OF = re.compile(r"(?:the\s+)?(?:Royal\s+)?Government\s+of\s+(?:the\s+)?(?P<state>[A-Z].*)")


def _with_year(sentence: Sentence, start: int, name: str) -> str:
    """A named event's name with the year that follows it ("… World Culture Expo 2006"), which neither the model
    nor the capitalised-name pattern takes into the name."""
    year = re.match(r"\s+\d{4}(?![\w-])", sentence.text[start - sentence.start + len(name):])
    return name + year.group() if year else name


def _joined(ents, org_heads: set[str], portfolio_words: frozenset[str] = frozenset()):
    """The sentence's entity spans, with a name the model cut in two joined again: at "of (the)" before a name
    the ruler knows ("Embassy of the" + "Republic of Korea"), or at "and" or a comma inside an organisation's
    name ("Ministry of Agriculture" + ", " + "Forestry and Fisheries", "Mine Action" + "and" + "Victim Assistance
    Authority": the first part has no word of an organisation's head, or the second none)."""
    ents = list(ents)
    joined, skip = [], False
    for index, ent in enumerate(ents):
        if skip:
            skip = False
            continue
        following = ents[index + 1] if index + 1 < len(ents) else None
        between = ent.doc[ent.end:following.start].text if following is not None else None
        cut_at_of = between == "" and ent.label_ in ("ORG", "FAC", "GPE") and \
            re.search(r"\b(?:of|of the|for|for the|to|to the)$", ent.text)
        # "Mine Action" + "and" + "Victim Assistance Authority", never "KOICA" + "and" + "the Ministry of Health".
        cut_at_and = following is not None and between in ("and", ",") and ent.label_ == following.label_ == "ORG" \
            and len(ent.text.split()) >= 2 and not any(w in org_heads for w in ent.text.split()) \
            and any(w in org_heads for w in following.text.split()) and following[0].lower_ != "the"
        # "Ministry of Foreign Affairs and" + "International Cooperation": the model ended the span on the "and";
        # not "Ministry of Tourism and" + "the Ministry of Labour", a second name
        ends_on_and = following is not None and between == "" and following.label_ == "ORG" and \
            re.search(r"\s(?:and|&)$", ent.text) is not None and following[0].lower_ != "the" and \
            not any(w in org_heads for w in following.text.split())
        # "the Ministry of Labour" + "and" + "Vocational Training" (which the model took for a person): the
        # portfolio after "of" goes on
        portfolio_goes_on = following is not None and between == "and" and ent.label_ == "ORG" and \
            " of " in ent.text and all(t.text in portfolio_words for t in following)
        if cut_at_of or cut_at_and or ends_on_and or portfolio_goes_on:
            joined.append((ent.doc[ent.start:following.end], "ORG"))
            skip = True
            continue
        # "Phnom Penh" + "Municipal Court", "Samsung" + "Korean Language Training Center": a name the model (or
        # the ruler) ended early, then the rest of an organisation's name
        end = ent.end
        while end < len(ent.doc) and ent.doc[end].pos_ == "PROPN" and not ent.doc[end].ent_type_ \
                and ent.doc[end].text[:1].isupper():
            end += 1
        tail = _portfolio_tail(ent, portfolio_words) if ent.label_ == "ORG" and " of " in ent.text else ent.end
        # (and "Human Resources Development" + "Service", which the model took for a person; not a one-word
        # "person" before a company's name, "Hyundai" + "Mao" + "Legacy Co Ltd")
        if end > ent.end and ent.doc[end - 1].text in org_heads and (
                ent.label_ in ("GPE", "LOC", "ORG", "NORP") or ent.label_ == "PERSON" and len(ent) > 1):
            joined.append((ent.doc[ent.start:end], "ORG"))
        elif tail > ent.end:  # "Ministry of Education" + ", Youth and Sport"
            joined.append((ent.doc[ent.start:tail], "ORG"))
        elif ent.label_ == "PERSON" and ent.end < len(ent.doc) and not ent.doc[ent.end].ent_type_ and (
                re.fullmatch(r"[A-Z][a-z]+-[a-z]+", ent.doc[ent.end].text) or len(ent) == 2 and
                ent.doc[ent.end].pos_ == "PROPN" and re.fullmatch(r"[A-Z][a-z]{1,5}", ent.doc[ent.end].text) and
                all(re.fullmatch(r"[A-Z][a-z]{1,5}", t.text) and t.text not in org_heads for t in ent)):
            # "Lee" + "Myung-bak", "Yoon Suk" + "Yeol": the model ends a Korean name before its given name's
            # last part (hyphenated, or a short syllable after a two-syllable name)
            joined.append((ent.doc[ent.start:ent.end + 1], "PERSON"))
        else:
            joined.append((ent, ent.label_))
    return joined


def _portfolio_tail(ent, portfolio_words: frozenset[str]) -> int:
    """Where a ministry's portfolio the model cut at a comma ends: "Ministry of Education" + ", Youth and Sport"
    (portfolio words after commas and a last "and"); the span's own end when nothing follows."""
    doc, end, position = ent.doc, ent.end, ent.end
    while position + 1 < len(doc) and doc[position].text in (",", "and", "&") and \
            doc[position + 1].text in portfolio_words and not doc[position + 1].ent_type_:
        position += 2
        if doc[position - 2].text in ("and", "&"):
            end = position  # the list is closed by its "and"
            break
    return end


class MentionFinder:
    """Finds a sentence's entity mentions and posts; one per document (it remembers the document's names)."""

    def __init__(self, rules: Rules, names: DocumentNames):
        self.rules = rules
        self.names = names
        self.leading = {word.lower() for word in rules.honorifics} | {"the", "a", "an"}
        titles = sorted(rules.titles, key=len, reverse=True)
        alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles)
        honorifics = "|".join(re.escape(h) for h in sorted(rules.honorifics, key=len, reverse=True))
        heads = "|".join(re.escape(h.lower()) for h in sorted(rules.org_heads))  # "of KOICA Cambodia office"
        # A title right before a name, with the capitalised words that qualify it ("South Korean Vice Defense"),
        # or before a comma and honorifics ("Director of the KOICA office, Mr. Jeong Yun Gil", "Ambassador of the
        # Republic of Korea in Cambodia, H.E. Kim").
        self.title_before = re.compile(rf"(?P<qualifiers>(?:[A-Z][\w’'.-]*\s+){{0,4}}?)(?P<title>(?i:{alternatives}))"
                                       rf"(?P<of>\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+|and\s+)?"
                                       rf"[A-Z][\w’'-]*){{0,5}}(?:\s+(?:{heads}))?(?:\s+in\s+[A-Z][\w’'-]*)?)?"
                                       # "Ambassador to Cambodia X": where the post is held, not whose it is
                                       rf"(?:\s+to\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*){{0,3}})?"
                                       rf"(?:\s*,(?:\s*(?:{honorifics}))+)?\s*$")
        # "Ambassador of the Republic of Korea to Cambodia Kim Jin-a": up to two phrases after the title
        self.title_then_name = re.compile(rf"(?<![\w-])(?i:{alternatives})s?(?:\s+(?:of|for|to)\s+(?:the\s+)?"
                                          rf"[A-Z][\w’'-]*(?:\s+(?:and\s+|of\s+)?[A-Z][\w’'-]*){{0,3}}?){{0,2}}\s+"
                                          rf"(?P<name>[A-Z][a-z]+(?:-[A-Za-z][a-z]*)?(?:\s+[A-Z][a-z]+"
                                          rf"(?:-[A-Za-z][a-z]*)?){{1,2}})\b")
        families = "|".join(re.escape(name) for name in sorted(rules.family_names))
        self.family_then_given = re.compile(rf"(?<![\w’'-])(?:{families})\s+[A-Z][a-z]+-[a-z]+(?![\w-])")
        units = "|".join(re.escape(word.lower()) for word in sorted(rules.state_institutions))
        self.unit_after_possessive = re.compile(rf"[’']s\s+(?P<unit>(?:[a-z][a-z-]*\s+(?:and\s+)?){{1,6}}?"
                                                rf"(?:{units}))(?![\w’'-])")
        self.unit_description = re.compile(rf"\s+(?:of|at|in)\s+the\s+(?P<unit>(?:[a-z][a-z-]*\s+(?:and\s+)?)"
                                           rf"{{0,6}}?(?:{units}))(?![\w’'-])")
        events = "|".join(re.escape(word.lower()) for word in sorted(rules.event_heads))
        self.described_event = re.compile(rf"\b[Tt]he\s+(?P<noun>event|{events})\b(?![\w’'-]|\s+[A-Z0-9])")
        self.title_start = re.compile(rf"(?:(?:[A-Z][\w’'.-]*\s+){{0,3}}?(?i:{alternatives})\s+"
                                      rf"(?:(?:of|for)\s+(?:the\s+)?)?)+")
        demonyms = sorted(rules.demonyms, key=len, reverse=True)
        self.coordinated_title = re.compile(rf"(?<![\w-])(?P<demonym>{'|'.join(re.escape(d) for d in demonyms)})"
                                            rf"\s+(?:[A-Z][\w-]*\s+){{0,3}}?(?i:{alternatives})\s+and\s+$")
        people = "|".join(re.escape(noun) for noun in sorted(rules.people_nouns, key=len, reverse=True))
        # a plural by "s" only where English makes one ("Koreans", "Thais", "Filipinos"; not "Japanese")
        plurals = "|".join(re.escape(d) + "s" for d in demonyms if d.endswith(("an", "i", "o")))
        self.group = re.compile(rf"(?<![\w’'-])(?:(?P<demonym>{'|'.join(re.escape(d) for d in demonyms)})\s+"
                                rf"(?:[a-z][\w-]*\s+){{0,2}}?(?:{people})|(?P<plural>{plurals}))(?![\w’'-])")

    # --- entities ---------------------------------------------------------------------------------------------

    def entities(self, sentence: Sentence, heading: bool = False) -> list[Mention]:
        found: list[Mention] = []
        titles = None  # the sentence's titles, found once it has an entity to check against them
        for ent, label in _joined(sentence.span.ents, self.rules.org_heads, self.rules.portfolio_words):
            ent, label = self._with_family_name(ent, label)
            if label == "WORK_OF_ART" and ent.root.dep_ == "nsubj" and ent.root.head.lemma_.lower() in \
                    self.rules.say_verbs:
                label = "PERSON"  # "“…,” Sokhak said": the model reads a name after a quotation as a title
            kind = ENTITY_LABELS.get(label)
            if kind is None or len(ent) == 1 and ent.label_ == "ORG" and not self.names.lexicon.lookup(ent.text) and (
                    ent[0].pos_ == "NOUN" and ent[0].tag_ == "NNS" or CODE.fullmatch(ent.text)):
                # "Farmers said …": a plural common noun capitalised at the start of a sentence; "the E-7 visa",
                # "flight KE9690": a code, no organisation
                continue
            if titles is None:
                titles = [(sentence.start + t.start(), sentence.start + t.end())
                          for t in self.rules.title_pattern.finditer(sentence.text)]
            for start, text in self._names_in(ent, sentence):
                if label != "PERSON" and all(w in self.rules.portfolio_words or w in ("and", "of", "&")
                                             for w in text.split()) and \
                        self._inside_portfolio(sentence.text[:start - sentence.start]):
                    continue  # "Economy and Finance" of "Minister of Economy and Finance X": the title's portfolio
                if label != "PERSON" and any(a <= start and start + len(text) <= b for a, b in titles):
                    continue  # "State" of "Secretary of State" is part of a title
                cut = next((a for a, b in titles if start < a < start + len(text) <= b), None)
                if label != "PERSON" and cut is not None:
                    # "KOICA Cambodia Country" + "Director", "National Police Commissioner": the title's words are
                    # no part of the organisation's name
                    text = text[:cut - start].rstrip()
                if kind == "place" and names_a_currency(sentence.text[start - sentence.start:]):
                    continue  # "US dollars": the currency's name, not the state
                title = self.title_start.match(sentence.text, start - sentence.start)
                if title and title.end() >= start - sentence.start + len(text) and text not in self.rules.demonyms \
                        and (label != "PERSON" or all(w in self.rules.portfolio_words for w in text.split())) and \
                        not any(w in self.rules.org_heads for w in text.split()) and \
                        not ((first := self.names.lexicon.lookup(text.split()[0])) and first[1] == "organisation") \
                        and not (label == "ORG" and (self._firm_name(text) or re.match(
                            r"[’']s\b", sentence.text[start - sentence.start + len(text):])
                            and self.names.organisation_with({text.lower()}) is None)):
                    # ("Samsung's chief executive X": a possessor is a name of its own, not the title's word —
                    # unless it is the short name of one named before, "Hanwha's" after "Hanwha Solutions")
                    # "Labour" of "Labour Minister Heng Sour" qualifies a title; it names no one ("KOICA Cambodia
                    # Country Director": KOICA's; "South Korean President": the state)
                    continue
                if self._event_class(text):
                    text = _with_year(sentence, start, text)
                in_context = self._kind_from_context(sentence, start, text, kind)
                mention = self._mention(start, text, in_context, getattr(ent, "ent_id_", ""))
                if mention and in_context != kind and mention.kind == "organisation":
                    # "local company X": the text says what X is, which outweighs another sentence's model label
                    mention = dataclasses.replace(mention, details=mention.details + (("said_to_be", True),))
                if mention:
                    found.append(mention)
        for organisation in [] if heading else self._named_organisations(sentence, found):
            found = [m for m in found if not (m.start < organisation.end and organisation.start < m.end)]
            found.append(organisation)
        found += [] if heading else self._possessed_units(sentence, found)
        for event in (m for m in found if m.kind == "event"):
            self.names.name_event(event.key, event.label, event.details)
        found += [] if heading else self._described_events(sentence, found)
        for person in self._titled_by_apposition(sentence) + self._titled_names(sentence, found) + \
                self._family_and_given_names(sentence, found):
            found = [m for m in found if not (m.start < person.end and person.start < m.end)] + [person]
        return self._rejoined(sentence, sorted(found, key=lambda m: m.start))

    def _rejoined(self, sentence: Sentence, found: list[Mention]) -> list[Mention]:
        """Two names side by side that together are a company the document named before ("Hyundai" + "Mao
        Legacy" after "Hyundai Mao Legacy Co Ltd"): that company, once."""
        joined: list[Mention] = []
        for mention in found:
            last = joined[-1] if joined else None
            if last is not None and mention.start == last.end + 1 and sentence.text[last.end - sentence.start] == " " \
                    and mention.kind in entity_classes() and last.kind in entity_classes():
                text = f"{last.text} {mention.text}"
                entity = self.names.organisation_named(text)
                if entity is not None:
                    joined[-1] = self._make(last.start, text, entity, ())
                    continue
            joined.append(mention)
        return joined

    def _named_organisations(self, sentence: Sentence, found: list[Mention]) -> list[Mention]:
        """Capitalised names with the head word of an organisation ("the Secretariat of Civil Aviation", "Hanul
        Korean Language Training Center") or of an event ("the First Mekong-ROK Summit") that the model missed
        or cut short. A name never swallows another
        mention unless it holds it whole, and "and" joins words only inside an "of" ("Department of Media and
        Communication"), never two organisations ("the Ministry of Health and the Korean Embassy")."""
        organisations = []
        chains = [piece for match in ORGANISATION_NAME.finditer(sentence.text)
                  for piece in _names_joined(match, self.rules.org_heads)]
        if not chains:
            return organisations
        by_offset = {sentence.offset(token): token for token in sentence.span}
        for offset, name in chains:
            start = sentence.start + offset
            people = [m for m in found if m.kind == "person" and start <= m.start < start + len(name)]
            if people:  # "Him Sarun of the Secretariat …": the organisation starts after the person
                cut = max(m.end for m in people) - start
                start, name = start + cut, name[cut:]
            while True:
                start, name = start + len(name) - len(name.lstrip()), name.lstrip()
                # "Cambodia's Senate": the state's own; "… and Fisheries' Department of …": a plural's
                owner = re.match(r"(?P<owner>[^’']+)(?:[’']s|(?<=s)[’'])\s+", name)
                word = re.match(r"(\S+)\s+", name)
                title = self.title_start.match(name)
                if owner:
                    cut = owner.end()
                elif title and title.end() < len(name):
                    cut = title.end()  # "Director of the Department of …", "Secretary of State and Chairman of"
                elif word and by_offset.get(start) is not None and by_offset[start].pos_ == "NOUN" and \
                        re.match(r"(?:of|for)\s", name[word.end():]):
                    cut = word.end()  # "Officials of the Ministry …": the people, then their ministry
                elif word and (self._is_leading(word.group(1)) or word.group(1) in CONNECTORS
                               or (word.group(1) in self.rules.not_names
                                   and word.group(1) not in self.rules.event_leads)
                               or (start == sentence.start and by_offset.get(start) is not None
                                   and by_offset[start].pos_ not in ("PROPN", "NOUN", "ADJ"))):
                    cut = word.end()  # "Yesterday the …", "Dr.", "Monday", "and Chairman of …"
                else:
                    break
                start, name = start + cut, name[cut:]
            heads = [word.end() for word in re.finditer(r"\S+", name) if word.group() in self.rules.org_heads]
            event = self._event_class(name)  # "… Mekong-ROK Summit", "Typhoon Ketsana"
            thing = self.rules.name_heads.get(_head_word(name)) if len(name.split()) >= 2 else None
            end = start + len(name)
            if thing in ("agreement", "project", "instrument") and not any(
                    m.start < end and start < m.end and not (start <= m.start and m.end <= end) for m in found):
                # "the Cambodia-Korea Free Trade Agreement" the model did not see as one name
                organisations.append(Mention(start, end, name, thing, name, slugify(name), False))
                continue
            if len(name.split()) < 2 or not (heads or event):
                continue
            if event:
                heads = []
            elif not re.match(r"\s+(?:of|for)\s", name[heads[-1]:]):
                name = name[:heads[-1]]  # "… Co Ltd", and not "on Wednesday" after it
            elif later := self.rules.title_pattern.search(name, heads[-1]):
                name = name[:later.start()].rstrip()  # "Bank of Korea Governor …": the title is not the name
            if len(name.split()) < 2:
                continue
            end = start + len(name)
            overlapping = [m for m in found if m.start < end and start < m.end]
            if any(not (start <= m.start and m.end <= end) or m.kind == "person" and m.known for m in overlapping):
                continue  # the model's span crosses this one, or it is a known person: the model's reading stands
            if overlapping and any(m.text == name for m in overlapping):
                continue
            if event:
                name = _with_year(sentence, start, name)
                end = start + len(name)
                organisations.append(Mention(start, end, name, "event", name, slugify(name), False,
                                             (("class", event),)))
                continue
            entity = self.names.link(name, "organisation")
            if entity is not None and entity.kind == "organisation":
                organisations.append(self._make(start, name, entity, ()))
        return organisations

    def _possessed_units(self, sentence: Sentence, found: list[Mention]) -> list[Mention]:
        """A unit an organisation or a state has, named in lower case after its possessive ("the Interior
        Ministry's anti-terrorism department", "the Labor Ministry's overseas sending board"): an organisation of
        its own, labelled as the text names it and keyed by its owner too, so that two ministries'
        "legal department" stay two. A bare head ("the ministry's department") or a qualifier that only ranks or
        dates it ("its new department") names no unit."""
        units = []
        for owner in found:
            if owner.kind not in ("organisation", "country"):
                continue
            match = self.unit_after_possessive.match(sentence.text, owner.end - sentence.start)
            if not match or set(match.group("unit").split()) & self.rules.not_unit_words:
                continue
            start = sentence.start + match.start("unit")
            words = [t for t in sentence.span if start <= sentence.offset(t) < start + len(match.group("unit"))]
            if not words or any(t.tag_ in CLAUSE_TAGS for t in words):
                continue  # "South Korea's understanding and opened an office": no noun phrase, no unit
            if any(m.start < start + len(match.group("unit")) and start < m.end for m in found + units):
                continue
            entity = self.names.name_unit(" ".join(match.group("unit").split()), owner)
            units.append(self._make(start, match.group("unit"), entity, ()))
        return units

    def _described_events(self, sentence: Sentence, found: list[Mention]) -> list[Mention]:
        """"The event", "the summit", "the expo" after the document named one such event: that event, so what is
        said of it here is said of the named event. With two events the document could mean, it is neither."""
        events = []
        for match in self.described_event.finditer(sentence.text):
            start, end = sentence.start + match.start("noun"), sentence.start + match.end("noun")
            named = self.names.event_called(match.group("noun").lower())
            if named and not any(m.start < end and start < m.end for m in found):
                key, label, details = named
                events.append(Mention(start, end, match.group("noun"), "event", label, key, False, details))
        return events

    def _with_family_name(self, ent, label: str):
        """"said In Chiva": a family name that is also an English word, capitalised inside a sentence after a
        lower-case word, begins the one-word name after it (the model read "In" as the preposition and "Chiva"
        alone, often as an organisation). A title-case heading ("Firms Invest In Samsung") has a capital before."""
        if ent.start < 2 or len(ent) != 1 or label not in ("PERSON", "ORG"):
            return ent, label
        word, before = ent.doc[ent.start - 1], ent.doc[ent.start - 2]
        if word.text in self.rules.family_name_words and before.is_alpha and before.is_lower and \
                not word.is_sent_start and ent[0].is_title:
            return ent.doc[ent.start - 1:ent.end], "PERSON"
        return ent, label

    def _event_class(self, name: str) -> str | None:
        """The class of event a name of two words or more names by its head word, a year after it aside ("…
        World Culture Expo 2006": Forum), or by its first word ("Typhoon Ketsana": Incident); else None."""
        words = name.split()
        if len(words) < 2:
            return None
        head = re.sub(r"\s+\d{4}$", "", name).split()[-1]
        return self.rules.event_heads.get(head) or self.rules.event_leads.get(words[0])

    def _titled_names(self, sentence: Sentence, found: list[Mention]) -> list[Mention]:
        """A name right after a title ("Foreign Ministers Chung Eui-yong and …", "Minister of Tourism Huot Hak")
        that the model did not take for a person."""
        people = []
        for match in self.title_then_name.finditer(sentence.text):
            start = sentence.start + match.start("name")
            name = match.group("name")
            while (word := re.match(r"(\S+)\s+", name)) and word.group(1) in self.rules.portfolio_words and \
                    self._inside_portfolio(sentence.text[:start - sentence.start]):
                start, name = start + word.end(), name[word.end():]  # "Minister of Water Resources Thor Chetha"
            if any(m.kind == "person" and m.start < start + len(name) and start < m.end for m in found):
                continue
            if not self._could_be_person(name.split()):
                continue
            mention = self._make(start, name, self.names.link(name, "person"), ())
            if mention:
                people.append(mention)
        return people

    def _family_and_given_names(self, sentence: Sentence, found: list[Mention]) -> list[Mention]:
        """A family name and a hyphenated given name ("Park Min-jae") that the model did not take for a person."""
        people = []
        for match in self.family_then_given.finditer(sentence.text):
            start = sentence.start + match.start()
            if any(m.kind == "person" and m.start <= start and start + len(match.group()) <= m.end for m in found):
                continue
            mention = self._make(start, match.group(), self.names.link(match.group(), "person"), ())
            if mention:
                people.append(mention)
        return people

    def _titled_by_apposition(self, sentence: Sentence) -> list[Mention]:
        """A proper name followed by an apposition that is a title ("In Chiva, the province police chief") names
        a person, whatever the model's label for it (the small model misreads many Khmer and Korean names)."""
        people = []
        for token in sentence.span:
            if token.dep_ != "appos" or token.head.pos_ != "PROPN" or token.pos_ not in ("NOUN", "PROPN"):
                continue
            lead = sentence.text[sentence.offset(token.left_edge) - sentence.start:
                                 sentence.offset(token) + len(token.text) - sentence.start]
            title = self.rules.title_pattern.search(lead)
            if not title or title.end() != len(lead):
                continue
            head = token.head
            names = [t for t in head.subtree if t.i <= head.i and (t.pos_ == "PROPN" or t.text == "-")]
            while names and (names[0].text == "-" or self._is_leading(names[0].text)):
                names.pop(0)  # "Dr." and the like are not the name
            if not names or names[-1].i - names[0].i + 1 != len(names):
                continue
            start = sentence.offset(names[0])
            text = sentence.text[start - sentence.start:sentence.offset(head) + len(head.text) - sentence.start]
            words = text.split()
            if not 2 <= len(words) <= 4 or not self._could_be_person(words):
                continue
            mention = self._make(start, text, self.names.link(text, "person"), ())
            if mention:
                people.append(mention)
        return people

    def _names_in(self, ent, sentence: Sentence) -> list[tuple[int, str]]:
        """The clean name(s) an entity span holds: coordinated organisations split, leading words and titles
        cut, a possessive dropped."""
        start, text = sentence.offset(ent), ent.text
        text = re.sub(r"\s*\([^)]*$", "", text)  # "Centre of Cambodia (NICC": the bracket belongs to an acronym
        text = re.split(r"\s+[-–—]\s+", text)[0]  # "SEOUL - A": a dateline's dash ends the name
        text = re.sub(r"\s+or\s+[A-Z]{2,}$", "", text)  # "Free Trade Agreement or CKFTA": the acronym is another name
        text = re.sub(r"(?:\s+(?:and|or|of|for|the))+$", "", text)  # "North and", "Ministry of … and"
        parts = [(start, text)]
        owned = re.match(r"(?P<owner>.+?)(?:[’']s|(?<=s)[’'])\s+(?P<owned>[A-Z].*)$", text)
        if owned and any(word.strip(",") in self.rules.org_heads for word in owned.group("owner").split()):
            # "the Ministry of Agriculture, Forestry and Fisheries’ Department of …": the owner, and its own
            parts = [(start, owned.group("owner")), (start + owned.start("owned"), owned.group("owned"))]
        elif ent.label_ in ("ORG", "GPE") and " and " in text:
            left, right = text.split(" and ", 1)
            if self._looks_like_name(left) and self._looks_like_name(right.removeprefix("the ")):
                parts = [(start, left), (start + len(left) + 5, right)]
        possessor = re.match(r"(?P<owner>.+?)[’']s\s+(?P<owned>[A-Z].*)$", text)
        if possessor and self.names.lexicon.lookup(possessor.group("owner")):
            # "Cambodia's Senate": the state, and its institution
            parts = [(start, possessor.group("owner")), (start + possessor.start("owned"), possessor.group("owned"))]
        cleaned = []
        for part_start, part in parts:
            while (word := re.match(r"(\S+)\s+", part)) and self._is_leading(word.group(1)):
                part_start += word.end()
                part = part[word.end():]
            title = self.title_start.match(part)
            if title and not re.search(r"\s(?:of|for)\s", title.group()) and \
                    part[title.end():].split(None, 1)[0] in self.rules.org_heads:
                title = None  # "General Department of Immigration": the word qualifies the organisation's head
            if title and title.end() < len(part):  # "Deputy Minister of the National Office …" → the office
                part_start += title.end()
                part = part[title.end():]
            if ent.label_ == "PERSON" and self._inside_portfolio(sentence.text[:part_start - sentence.start]):
                # "Minister of Labour and Vocational Training Heng Sour", "Minister of Water Resources Thor
                # Chetha": the model's person began inside the title's portfolio
                while (word := re.match(r"(\S+)\s+", part)) and word.group(1) in self.rules.portfolio_words:
                    part_start, part = part_start + word.end(), part[word.end():]
            owner = re.match(r"[A-Z][\w-]*s[’']\s+(?=[A-Z])", part)
            if owner:  # "Fisheries’ Department of …", the end of a name cut at its comma: the owner is not the name
                part_start, part = part_start + owner.end(), part[owner.end():]
            part = POSSESSIVE.sub("", part).rstrip(" ,.;:")
            if part and part[0].isupper() and not self._is_leading(part):  # "Samdech" alone names no one
                cleaned.append((part_start, part))
        return cleaned

    def _firm_name(self, text: str) -> bool:
        """Words the model took for an organisation before a title that are a name of their own ("Samsung
        Electronics President X"), not words qualifying the title ("Defense", "South Korean Vice")."""
        words = text.split()
        qualifying = {w for demonym in self.rules.demonyms for w in demonym.split()}
        # ("Cambodian Red Cross President X": a demonym may begin a name; "Red Cross" is no title's qualifier)
        return len(words) > 1 and any(
            w not in self.rules.portfolio_words and w.lower() not in self.rules.ministry_rank_words and
            w not in qualifying and not self.names.lexicon.lookup(w) for w in words)

    def _inside_portfolio(self, before: str) -> bool:
        """Whether text ending here is inside a portfolio: "… of " or "… and ", maybe with portfolio words after."""
        words = before.split()
        while words and words[-1] in self.rules.portfolio_words:
            words.pop()
        return bool(words) and words[-1] in ("of", "and")

    def _kind_from_context(self, sentence: Sentence, start: int, text: str, kind: str) -> str:
        """The kind a common noun right before or after the name says it is ("company Progress Multitrade",
        "Kampot province", "the province of Kampot"), else the model's."""
        if kind == "demonym":
            return kind
        before = re.search(r"([A-Za-z]+)\s+$", sentence.text[:start - sentence.start])
        after = re.match(r"\s+([A-Za-z]+)", sentence.text[start - sentence.start + len(text):])
        words = {w.group(1).lower() for w in (before, after) if w}
        of = re.search(r"\b([a-z]+)\s+of\s+$", sentence.text[:start - sentence.start])
        if of and of.group(1) in self.rules.place_nouns:
            return "place"
        if words & self.rules.place_nouns and not (words & self.rules.organisation_nouns):
            return "place"
        if before and before.group(1).lower() in self.rules.organisation_nouns:
            return "organisation"
        return kind

    def _is_leading(self, word: str) -> bool:
        """A determiner or an honorific, which is never part of a name ("the", "Dr.", "H.E.")."""
        return word.lower() in self.leading or word.rstrip(".").lower() in self.leading

    def _looks_like_name(self, text: str) -> bool:
        words = text.split()
        return bool(words) and words[0][:1].isupper() and (
            self.names.lexicon.lookup(text) is not None or any(w in self.rules.org_heads for w in words))

    def _mention(self, start: int, text: str, kind: str, ruler_key: str) -> Mention | None:
        words = text.split()
        if text in self.rules.not_entities:
            return None  # wire-service markup, a common acronym of a thing: no entity
        if kind != "person" and len(words) == 1 and text in self.names.people:
            # "Thai said": the surname of Seang Thai, named before, not Thailand
            return self._make(start, text, self.names.link(text, "person"), ())
        if kind == "demonym":
            state = self.rules.demonyms.get(text)
            if not state:
                return None  # a nationality the gazetteer does not know, or an outlet the model took for one
            entity = self.names.link(state, "country")
            return self._make(start, text, entity, (("demonym", True),))
        cls = self._event_class(text)
        # what the name's head word says it names ("National Road 33": a road, whatever the model's label)
        named = self.rules.name_heads.get(_head_word(re.sub(r"(?:\s+\d+)+$", "", text))) if len(words) >= 2 \
            else None
        if kind == "event" and not named or (cls and (kind != "person" or words[0] in self.rules.event_leads)):
            # a named event ("the First Mekong-ROK Summit", "Typhoon Ketsana"): a fact of its own, of the class
            # its head (or first) word says; a person's name is one only by its first word
            cls = cls or "Event"
            if len(words) < 2 or not text[:1].isupper() or self.names.lexicon.lookup(text):
                return None
            return Mention(start, start + len(text), text, "event", text, slugify(text), False, (("class", cls),))
        if kind == "instrument":
            part = PART_OF_A_TEXT.match(text)
            if part:
                start, text = start + part.end(), text[part.end():]
            elif re.match(r"(?:Article|Section|Chapter|Clause|Paragraph)s?\s", text):
                return None  # "Article 35" without its law names no text one can find
            while (word := re.match(r"(\S+)\s+", text)) and self._is_leading(word.group(1)):
                start, text = start + word.end(), text[word.end():]
            if len(text.split()) < 2 or not text[:1].isupper():
                return None
            return Mention(start, start + len(text), text, "instrument", text, slugify(text), False)
        known = self.names.lexicon.lookup(text)
        if kind == "organisation" and known is None and len(words) > 1 and words[-1].islower() and \
                words[-1].capitalize() in self.rules.org_heads and (where := self.names.lexicon.lookup(
                    " ".join(words[:-1]))) is not None and where[1] in ("place", "country"):
            return None  # "a Busan university": a place's university, no name ("Yonhap news agency" is one)
        if named and not (known and known[1] != "place"):
            if named == "none":
                return None  # "International Merchandise Trade Statistics": a publication, no actor or place
            if named != "place":  # an agreement, a project, a law or strategy: a thing of its own, named
                return Mention(start, start + len(text), text, named, text, slugify(text), False)
            kind = named
        elif any(w in self.rules.org_heads for w in words) and len(words) >= 2:
            kind = "organisation"
        elif kind == "person" and not self._could_be_person(words):
            return None

        if known and known[1] in ("country", "place"):
            kind = known[1]
        if kind == "place" and known is None and any(w in self.rules.not_names for w in words) and len(words) == 1:
            return None
        government = GOVERNMENT_OF.fullmatch(text)
        state = government and self.names.lexicon.lookup(government.group("state"))
        if state and state[1] == "country":
            # "the Government of the Republic of Korea" acts for the state, as "the South Korean government" does
            return self._make(start, text, self.names.link(state[2], "country"), ())
        entity = self.names.link(text, kind)
        if ruler_key and entity is None:
            return None
        office = entity is not None and entity.kind == "organisation" and not entity.known
        return self._make(start, text, entity, self._country_office(text) if office else ())

    def _country_office(self, name: str) -> tuple:
        """"KOICA Cambodia", "KOICA Cambodia Office", "UNDP-Cambodia": a known organisation's name, then a state or
        place (and an office word): its office there, a unit of it (detail "unit_of": the organisation's key and
        label)."""
        words = re.split(r"\s+|(?<=[A-Z])-(?=[A-Z])", name)
        for size in range(len(words) - 1, 0, -1):
            parent = self.names.lexicon.lookup(" ".join(words[:size]))
            rest = " ".join(w for w in words[size:] if w not in self.rules.office_words)
            where = self.names.lexicon.lookup(rest) if rest else None
            if parent and parent[1] == "organisation" and where and where[1] in ("country", "place"):
                return (("unit_of", (parent[0], parent[2])),)
        return ()

    def _could_be_person(self, words: list[str]) -> bool:
        """Not a person when a word is a state or place, a demonym first ("Cambodian Hun"), a capitalised word
        that is never a name, or the head of an organisation's or an event's name ("Chun Hyang University",
        "World Culture Expo"). A demonym
        later in a name is a name's word ("Seang Thai")."""
        for position, word in enumerate(words):
            for part in word.split("-"):
                if position and not part[:1].isupper():
                    continue  # "un" of "Jung-un" is a syllable of a given name, not the UN
                # a short word matches as written: "Un" of "Kim Jong Un" is not the UN
                entry = self.names.lexicon.names.get(part) if len(part) <= 3 else self.names.lexicon.lookup(part)
                demonym = part in self.rules.demonyms
                family_name = position == 0 and len(words) > 1 and part in self.rules.family_name_words
                if (entry and entry[1] != "person" and (position == 0 or not demonym)) or \
                        part in self.rules.not_names and not family_name or part in self.rules.org_heads \
                        or part in self.rules.name_heads or part in self.rules.event_heads \
                        or len(words) > 1 and part in self.rules.portfolio_words:  # "Human Resources Development"
                    return False
        return all(w[:1].isupper() for w in words)

    @staticmethod
    def _make(start: int, text: str, entity: Entity | None, details: tuple) -> Mention | None:
        if entity is None:
            return None
        return Mention(start, start + len(text), text, entity.kind, entity.label, entity.key, entity.known, details)

    def groups(self, sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
        """Groups of nationals the sentence names: a demonym before a plural noun for people ("South Korean
        men", "Cambodian migrant workers") or a plural demonym ("South Koreans"), also as what a count counts
        ("64 South Koreans"). A group is a mention of its own, kept after those it overlaps, which keep their
        words (the demonym its state, the count its number); the mention of its state (its demonym) is its
        detail "state"."""
        found = []
        tokens = None  # the sentence's tokens by where they end, indexed once a match needs them
        for match in self.group.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if tokens is None:
                tokens = {sentence.offset(t) + len(t.text): t for t in sentence.span}
            noun = tokens.get(end)
            if noun is None or noun.tag_ not in ("NNS", "NNPS"):
                continue  # "Korean people's": not the plural noun it looked like
            if any(m.start <= start and end <= m.end and m.kind in ("person", "organisation", "place", "event")
                   for m in mentions):
                continue  # part of a name ("the Korean Workers Association")
            demonym = match.group("demonym") or match.group("plural")[:-1]
            state = self.names.link(self.rules.demonyms[demonym], "country")
            if state is None:
                continue
            found.append(Mention(start, end, match.group(), "group", match.group(), slugify(match.group()), False,
                                 (("state", self._make(start, demonym, state, (("demonym", True),))),)))
        return found

    def defined_acronyms(self, text: str) -> None:
        """Remember, before any sentence is read, each acronym the document defines ("the Cambodian Mine Action
        Centre (CMAC)"): a headline that uses the acronym before the body defines it names the same thing."""
        for match in DEFINED_ACRONYM.finditer(text):
            name, short = match.group("name"), match.group("short")
            if sum(c.isupper() for c in short) < 2 or short[0] != name[0]:
                continue  # "Phnom Penh (Xinhua)": a source, not an acronym; an acronym starts as its name does
            mention = self._mention(match.start("name"), name, "organisation", "")
            if mention is not None and mention.kind in ("organisation", "agreement", "project", "instrument"):
                self.names.add_short_name(short, Entity(mention.key, mention.kind, mention.label, mention.known))

    def short_names(self, sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
        """Remember an acronym given right after the name of an organisation, an agreement, a project or a law,
        in parentheses or after "or" ("the Free Trade Agreement or CKFTA"): later, the acronym is that thing."""
        text, offset = sentence.text, sentence.start
        for mention in mentions:
            if mention.kind not in ("organisation", "agreement", "project", "instrument"):
                continue
            match = re.match(r"\s*(?:\(|or\s+)(?P<short>[A-Z][A-Za-z&]{1,9})\b\)?", text[mention.end - offset:])
            if match:
                self.names.add_short_name(match.group("short"),
                                          Entity(mention.key, mention.kind, mention.label, mention.known))
        # "the National Mine Action Strategy (NMAS)": the acronym in the same sentence is the strategy too
        renamed = []
        for mention in mentions:
            entity = self.names.short.get(mention.text)
            if entity is not None and mention.kind == "organisation" and entity.kind != mention.kind:
                mention = Mention(mention.start, mention.end, mention.text, entity.kind, entity.label, entity.key,
                                  entity.known)
            renamed.append(mention)
        # an acronym the document defined is that thing wherever it stands, whatever the model read it as
        for short, entity in sorted(self.names.short.items()):
            for match in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text):
                start, end = offset + match.start(), offset + match.end()
                if not any(m.start < end and start < m.end for m in renamed):
                    renamed.append(Mention(start, end, short, entity.kind, entity.label, entity.key, entity.known))
        return sorted(renamed, key=lambda m: m.start)

    # --- posts ------------------------------------------------------------------------------------------------

    def posts(self, sentence: Sentence, mentions: list[Mention]) -> tuple[list[Mention], list[Mention]]:
        """Each person mention with the post a title before it or an apposition after it gives: the mention
        again, with details role, title, organisation (and its key), or the state of a demonym. Second, the
        organisations those posts name that are not among the mentions (a ministry named by its portfolio, a
        name the model cut short), which are entities of the sentence too."""
        found, organisations = [], []
        # A title that introduces the next name is not the apposition of the name before it ("…, H.E. Kim,
        # Director of the KOICA office, Mr. Jeong"): Kim is not the director. But a title set off by a comma
        # before a name with an apposition of its own is the earlier name's ("Prof. Mam, Minister of Health,
        # Dr. Im, Vice President of KOICA"): Im is not the minister. Read from the last name back, so each name
        # knows which titles after it introduce a later name.
        introducing: set[int] = set()
        posts = {}
        for person in reversed([m for m in mentions if m.kind == "person"]):
            match = self.title_before.search(sentence.text[:person.start - sentence.start]) or \
                self._apposed_to_title(sentence, person)
            appositions = self._apposition(sentence, person, mentions, introducing)
            across_comma = match is not None and "," in sentence.text[match.end("title"):
                                                                      person.start - sentence.start]
            before = self._title_before(sentence, person, mentions, match) if match and not (
                appositions and across_comma) else None
            if before:
                introducing.add(sentence.start + match.start("title"))
            posts[person.start] = [before] if before else appositions
        for mention in mentions:
            for details, organisation in posts.get(mention.start, []) if mention.kind == "person" else []:
                if organisation is not None and organisation.kind == "organisation" and \
                        ("role", "president") in details and not {
                            w.capitalize() for w in organisation.label.split()} & self.rules.state_institutions:
                    # a company's or a university's president heads an organisation, not a state (a senate's
                    # president stays one)
                    details = [("role", "director") if d == ("role", "president") else d for d in details]
                if organisation is not None:
                    details += [("organisation", organisation.label), ("organisation_key", organisation.key)]
                    if not any(m.key == organisation.key for m in mentions + organisations):
                        organisations.append(organisation)
                found.append(Mention(mention.start, mention.end, mention.text, "person", mention.label, mention.key,
                                     mention.known, tuple(details)))
        return found, organisations

    def _title_before(self, sentence: Sentence, person: Mention, mentions: list[Mention], match) -> tuple | None:
        """The post a title right before the name gives (``match``: ``title_before`` on the text before it)."""
        before = sentence.text[:person.start - sentence.start]
        if re.search(r"(?i)\b(?:former|late|ex-|then-?)\s*$", before[:match.start("title")]) or \
                re.search(r"(?i)\b(?:former|late|ex-|then-?)\s*$", before[:match.start("qualifiers")]):
            # ("former South Korean President X": the word may stand before the title's qualifiers)
            return None  # no post, or one held before ("former minister"): not a post held when reported
        qualifiers = match.group("qualifiers").split()
        words_at = sentence.start + match.start("qualifiers") + len(match.group("qualifiers")) - len(
            match.group("qualifiers").lstrip())  # where the first qualifier begins
        state = None
        # "South Korean Vice Defense Minister": the demonym names the state; the rest qualifies the title.
        for size in (2, 1):
            if len(qualifiers) >= size and " ".join(qualifiers[:size]) in self.rules.demonyms:
                state = self.rules.demonyms[" ".join(qualifiers[:size])]
                qualifiers = qualifiers[size:]
                break
        if state is None and (coordinated := self.coordinated_title.search(before[:match.start()])):
            # "Cambodian Deputy Prime Minister and Foreign Minister X": the demonym names both titles' state
            state = self.rules.demonyms[" ".join(coordinated.group("demonym").split())]
        organisation = None
        for size in range(len(qualifiers), 0, -1):  # "South Korea's Foreign Minister": the state, by possessive
            owner = re.sub(r"[’']s$", "", " ".join(qualifiers[:size]))
            if owner == " ".join(qualifiers[:size]):
                continue
            known = self.names.lexicon.lookup(owner)
            named = next((m for m in mentions if m.kind == "organisation" and m.text == owner
                          and m.end <= person.start), None)
            if named is None and not known and re.fullmatch(r"[A-Z][\w-]+", owner):
                # "Hanwha's chief executive" after "Hanwha Solutions": the one organisation named with that word
                entity = self.names.organisation_with({owner.lower()})
                named = self._make(words_at, owner, entity, ()) if entity is not None else None
            if known and known[1] == "country":
                state, qualifiers = known[2], qualifiers[size:]
                break
            if named:  # "the Ministry's Minister", "MRD's Minister": the organisation, by possessive
                organisation, qualifiers = named, qualifiers[size:]
                break
        qualifiers = [q for q in qualifiers if q[:1].isupper() and not self._is_leading(q)]
        title_at = sentence.start + match.start("title")
        named_before = next((m for m in mentions if m.kind == "organisation" and m.start < title_at
                             and m.end > sentence.start + match.start("qualifiers")), None)
        if organisation is None and named_before is not None:
            # "Cambodia Chamber of Commerce vice-president Lim Heng": the qualifiers end an organisation's name
            organisation, qualifiers = named_before, []
        if organisation is None:
            # "Korea International Cooperation Agency (KOICA) Country Director Kim": its acronym between
            organisation = next((m for m in mentions if m.kind == "organisation" and re.fullmatch(
                r"\s*\([A-Z][\w&-]*\)\s*", sentence.text[m.end - sentence.start:match.start("qualifiers")])), None)
        if organisation is None and any(q.strip("’'s") in self.rules.org_heads for q in qualifiers):
            # "Interior Ministry spokesman Touch Sokhak": the words before the title name his organisation
            organisation = next((m for m in mentions if m.kind == "organisation" and m.start < person.start
                                 and m.end > words_at), None)
            qualifiers = []
        title = " ".join(qualifiers + match.group("title").split())
        if match.group("of"):
            title += " " + " ".join(match.group("of").split())
        role = self.rules.role_of(match.group("title"))
        if role == "minister" and {q.lower() for q in qualifiers} & {"vice", "deputy"}:
            role = "deputy-minister"  # "Vice Defence Minister": the title's word is "Minister", the post a deputy's
        if organisation is None and match.group("of"):
            of_start = sentence.start + match.start("of")
            organisation = next((m for m in mentions if m.kind in ("organisation", "country")
                                 and of_start <= m.start < person.start), None)
        if organisation is None and role in self.rules.ministry_roles:
            first = before.rfind(qualifiers[0], match.start("qualifiers"), match.start("title")) if qualifiers \
                else match.start("title")
            organisation = self._ministry(sentence, (sentence.start + first, sentence.start + match.end()),
                                          qualifiers + match.group("title").split(), match.group("of") or "",
                                          may_mint=state is None, state=state)
        if organisation is None and state is None and not qualifiers:
            # "ministry spokesman X", "the ministry's spokesman X": the one ministry the document has named
            unit = re.search(r"(?<![\w-])(?P<unit>[a-z]+)(?:[’']s)?\s+$", before[:match.start("title")])
            if unit and unit.group("unit").capitalize() in self.rules.state_institutions:
                entity = self.names.organisation_with({unit.group("unit")})
                organisation = self._make(sentence.start + unit.start("unit"), unit.group("unit"), entity, ()) \
                    if entity is not None else None
        if organisation is None and state is None:
            # "The Export-Import Bank of Korea (www…, Chairman Kim Yong-hwan)": a title in brackets right after an
            # organisation's name is a post in it
            bracket = before.rfind("(")
            if bracket >= 0 and ")" not in before[bracket:]:
                organisation = next((m for m in mentions if m.kind == "organisation"
                                     and m.end == sentence.start + len(before[:bracket].rstrip())), None)
        details = [("role", role), ("title", title)]
        if organisation is None and state:
            entity = self.names.link(state, "country")
            if entity:
                details += [("organisation", entity.label), ("organisation_key", entity.key)]
        return details, organisation

    def _apposition(self, sentence: Sentence, person: Mention, mentions: list[Mention],
                    introducing: set[int]) -> list[tuple]:
        """The posts an apposition after the name gives: one, or several coordinated ("Secretary of State and
        Chairman of the Steering Committee"), each with the organisation named after its own title."""
        inside = [t for t in sentence.span if person.start <= sentence.offset(t) < person.end]
        root = next((t for t in inside if not person.start <= sentence.offset(t.head) < person.end), None)
        if root is None:
            return []
        # An age ("Pen Sok, 35, director of …") is an apposition too, but no post.
        appositions = [child for child in root.children
                       if child.dep_ == "appos" and child.i > root.i and child.pos_ != "NUM"
                       or child.dep_ == "conj" and child.i > root.i + 1 and child.nbor(-1).text == ","
                       and self.rules.title_pattern.match(sentence.text, sentence.offset(child) - sentence.start)]
        # "…, H.E. Ou Samourn, Secretary of State and Chairman of …": the parser may coordinate the title with the
        # name instead of setting it in apposition; a title right after the comma is the apposition all the same
        if not appositions:
            appositions = self._set_off(sentence, inside[-1])
        if not appositions:
            return self._heading(sentence, root, mentions)
        phrase = min(appositions, key=lambda child: child.i)  # the nearest: in "A, Title1, B, Title2" A's is Title1
        tokens = list(phrase.subtree)
        first, last = sentence.offset(tokens[0]), sentence.offset(tokens[-1]) + len(tokens[-1].text)
        if any(m.kind == "person" and person.end <= m.start < first for m in mentions):
            return []  # another name stands between: the title is that person's
        text = sentence.text[first - sentence.start:last - sentence.start]
        titles = [t for t in self.rules.title_pattern.finditer(text) if first + t.start() not in introducing]
        if not titles or any(m.kind == "person" and first <= m.start < last for m in mentions):
            return []
        if re.search(r"(?i)\b(?:former|late|ex-|then-?)\b", text[:titles[0].start()]):
            return []  # a post held before ("a former economic adviser")
        # further titles count when coordinated with the first ("… and Chairman of …")
        coordinated = titles[:1]
        for title in titles[1:]:
            if not re.search(r"(?:\band|,)\s+(?:the\s+)?$", text[coordinated[-1].end():title.start()]):
                break
            coordinated.append(title)
        posts = []
        for index, title in enumerate(coordinated):
            end = first + coordinated[index + 1].start() if index + 1 < len(coordinated) else last
            posts.append(self._titled_post(sentence, title, first, end, mentions))
        return posts

    def _heading(self, sentence: Sentence, root, mentions: list[Mention]) -> list[tuple]:
        """"X, who heads the Cambodia-Korea Friendship Association": a relative clause on the name whose verb is
        one of heading (the rules' heading_verbs) gives the post, in the organisation it names as its object."""
        for clause in (c for c in root.children if c.dep_ == "relcl" and c.lemma_.lower() in self.rules.heading_verbs):
            if any(c.dep_ == "neg" for c in clause.children) or any(c.dep_ == "aux" for c in clause.children):
                continue  # "who will head", "who does not run": no post held now
            for obj in (c for c in clause.children if c.dep_ == "dobj"):
                organisation = next((m for m in mentions if m.kind == "organisation" and
                                     m.start <= sentence.offset(obj) < m.end), None)
                if organisation is not None:
                    title = self.rules.heading_verbs[clause.lemma_.lower()]
                    return [([("role", self.rules.role_of(title)), ("title", title)], organisation)]
        return []

    def _apposed_to_title(self, sentence: Sentence, person: Mention):
        """"Cambodia's ambassador to South Korea, Chea Kim Tha, spoke …": a name the parser set in apposition to
        the title before it, after a comma. The title's match (as ``title_before`` gives it) or None."""
        root = next((t for t in sentence.span if sentence.offset(t) == person.end - len(t.text)), None)
        while root is not None and root.head.i != root.i and person.start <= sentence.offset(root.head) < person.end:
            root = root.head
        if root is None or root.dep_ != "appos" or root.head.i >= root.i or root.head.pos_ not in ("NOUN", "PROPN"):
            return None
        comma = re.search(r",\s*$", sentence.text[:person.start - sentence.start])
        match = self.title_before.search(sentence.text[:comma.start()]) if comma else None
        head_at = sentence.offset(root.head) - sentence.start
        return match if match and match.start("title") <= head_at < match.end() else None

    def _set_off(self, sentence: Sentence, last) -> list:
        """"said In Chiva, the Kampot province police chief.": a noun phrase set off by commas right after the
        name, ending the sentence or before another comma, that the parser attached elsewhere (a second object of
        "in"): the apposition all the same when it ends on a title."""
        end = last.i + 1  # (the name's last token)
        if end + 1 >= sentence.span.end or last.doc[end].text != ",":
            return []
        phrase = []
        for token in last.doc[end + 1:sentence.span.end]:
            if token.is_punct:
                break
            phrase.append(token)
        heads = [t for t in phrase if not phrase[0].i <= t.head.i <= phrase[-1].i]
        if len(heads) != 1 or heads[0].pos_ not in ("NOUN", "PROPN") or heads[0] is not phrase[-1]:
            return []
        text = sentence.text[sentence.offset(phrase[0]) - sentence.start:
                             sentence.offset(phrase[-1]) + len(phrase[-1].text) - sentence.start]
        title = self.rules.title_pattern.search(text)
        return [heads[0]] if title and title.end() == len(text) else []

    def _titled_post(self, sentence: Sentence, title, first: int, last: int, mentions: list[Mention]) -> tuple:
        """The post one title of an apposition names, and the organisation after it (up to ``last``)."""
        text = sentence.text[first - sentence.start:last - sentence.start]
        role, title_text = self.rules.role_of(title.group()), " ".join(title.group().split())
        after = first + title.end()
        organisation = next((m for m in mentions if m.kind == "organisation" and after <= m.start < last), None)
        owned = organisation and next((m for m in mentions if m.kind == "organisation" and m.end <= last and
                                       re.fullmatch(r"[’']s\s+", sentence.text[organisation.end - sentence.start:
                                                                                m.start - sentence.start])), None)
        organisation = owned or organisation  # "officer of the Labor Ministry's overseas board": the board
        named = NAME_AFTER_TITLE.match(text, title.end())
        if named and named.group("name"):
            # "director of Samsung Korean Language Training Center" where the model saw only "Samsung": the
            # capitalised name up to its last organisation word is the organisation ("president of Cambodia's
            # Senate": the Senate)
            words = re.sub(r"^[^’']+[’']s\s+", "", named.group("name")).split()
            heads = [index for index, word in enumerate(words) if word in self.rules.org_heads]
            if heads and (organisation is None or organisation.end - organisation.start < len(
                    " ".join(words[:heads[-1] + 1]))):
                name = " ".join(words[:heads[-1] + 1])
                entity = self.names.link(name, "organisation")
                at = sentence.text.find(name, first - sentence.start + named.start("name")) + sentence.start
                if entity is not None and entity.kind == "organisation" and at >= sentence.start:
                    organisation = self._make(at, name, entity, ())
        if organisation is None and role in self.rules.ministry_roles:
            of_part = named.group(0).strip(" ,") if named else ""
            span = (first + title.start(), first + (named.end() if named else title.end()))
            organisation = self._ministry(sentence, span, title.group().split(), of_part, may_mint=True)
            if organisation is not None and of_part:
                title_text += " " + " ".join(of_part.split())
        if organisation is None:
            organisation = self._described_organisation(sentence, text, title.end(), first)
        if organisation is None:
            organisation = self._local_unit(sentence, text, title, first, mentions)
        if organisation is None:
            organisation = next((m for m in mentions if m.kind == "country" and after <= m.start < last), None)
        return [("role", role), ("title", title_text)], organisation

    def _local_unit(self, sentence: Sentence, text: str, title, first: int, mentions: list[Mention]
                    ) -> Mention | None:
        """The organisation a title's first word names with the place before it: "the Kampot province police
        chief" is a chief of the Kampot province police (a unit a place has: police, court, council …)."""
        unit = title.group().split()[0]
        before = re.match(r"(?:the\s+)?(?P<place>\S.*?)\s+$", text[:title.start()])
        if len(title.group().split()) < 2 or unit.capitalize() not in self.rules.state_institutions or not before:
            return None
        at, end = first + before.start("place"), first + before.end("place")
        # the place is "Kampot" or "Kampot province" as the model read it; a level word may follow ("provincial")
        place = next((m for m in mentions if m.kind == "place" and m.start == at and m.end <= end), None)
        words = before.group("place").split()
        known = next((size for size in range(len(words), 0, -1)
                      if (entry := self.names.lexicon.lookup(" ".join(words[:size]))) and entry[1] == "place"), 0)
        place_end = place.end if place else at + len(" ".join(words[:known])) if known else None
        # (the model may not have read the place as one: the gazetteer knows it)
        level = sentence.text[place_end - sentence.start:end - sentence.start].strip() if place_end else ""
        if place_end is None or (level and level not in self.rules.place_nouns | self.rules.place_adjectives):
            return None
        name = f"{before.group('place')} {unit}"
        return self._make(at, name, self.names.link(name, "organisation"), ())

    def _described_organisation(self, sentence: Sentence, text: str, at: int, first: int) -> Mention | None:
        """The organisation a title's "of the ministry", "of the anti-terrorism department" describes: the one
        organisation the document named before with those words in its name. Two ministries named before, and
        "the ministry" is neither: the nearer is not taken for it."""
        match = self.unit_description.match(text, at)
        if not match:
            return None
        entity = self.names.organisation_with(set(match.group("unit").split()) - {"and"})
        start = first + match.start("unit")
        return self._make(start, match.group("unit"), entity, ())

    def _ministry(self, sentence: Sentence, span: tuple[int, int], title_words: list[str], of_part: str,
                  may_mint: bool, state: str | None = None) -> Mention | None:
        """The ministry a minister's title names by its portfolio: "Minister of Health" → Ministry of Health;
        "Defense Minister" → the ministry of defence the document has named, else a new "Defense Ministry" —
        unless the title names its state ("South Korea's Foreign Minister"): one "Foreign Ministry" would merge
        every state's, so the post stays in the state. A title without a portfolio names none."""
        ministry = self.rules.ministry_word
        ranks = {word.lower() for word in self.rules.ministry_rank_words}
        portfolio = [w for w in title_words if w.lower() not in ranks and w[:1].isupper()]
        of_words = re.sub(r"^(?:of|for)\s+(?:the\s+)?", "", of_part.strip()).split()
        if not portfolio and not of_words:
            return None
        entity = self.names.organisation_with({ministry.lower()} | {w.lower() for w in portfolio + of_words
                                                                    if w.lower() not in ("and", "of")})
        owner = entity and self.names.lexicon.lookup(entity.label.rpartition(", ")[2])
        if state is not None and owner and owner[1] == "country" and owner[2] != state:
            entity = None  # "South Korean Vice Defence Minister" is not in "defence ministry, Cambodia"
        if entity is None and may_mint:
            name = f"{ministry} of {' '.join(of_words)}" if of_words else f"{' '.join(portfolio)} {ministry}"
            entity = self.names.link(name, "organisation")
        if entity is None or entity.kind != "organisation":
            return None
        start, end = span
        return self._make(start, sentence.text[start - sentence.start:end - sentence.start], entity, ())
