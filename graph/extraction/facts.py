"""Facts: events, posts held, figures and agreements built from a parsed sentence's mentions.

An event's participants come from its trigger's grammatical arguments, never from proximity: the subject (and
its coordinated subjects) acts, the object or the object of "with"/"to"/"against" is acted on, a passive's agent
acts and its subject is acted on; "X said" makes X a speaker, never a participant. Financing takes its direction
from the verb ("lent", "granted" vs "received", "borrowed") and from "from"/"to". An event noun takes its
arguments from its phrase ("a $120m loan from X to Y", "talks between X and Y", "Roh's visit to Y") or from the
light verb it is the object of ("held talks"). Negated, conditional, modal, future and purpose ("to discuss")
statements make no event: the graph asserts only what happened.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import cache

from graph.corpus import Document
from graph.extraction.model import Candidate, Mention
from graph.extraction.parsing import Sentence
from graph.extraction.rules import Rules, Trigger, slugify, stable_id
from graph.kinds import kind_of

PARTY_KINDS = ("person", "organisation", "country", "place", "group")
PERSONAL_PRONOUNS = ("he", "she", "him", "her")  # a city or province acts through its government
FIRST_PERSON = ("i", "me", "my", "myself")  # "we" may be a party, a state or the audience: never resolved
FIGURE_KINDS = ("money", "percent", "count", "age", "duration", "measure")
LABEL_WORDS = 9  # a figure's label is a short phrase (the page shows it)
# mentions that name a thing other than an actor or place
NAMED_THINGS = ("agreement", "project", "instrument", "event")
ACTOR_DEPS = ("nsubj",)
TARGET_PREPOSITIONS = ("with", "to", "against", "on", "for")
AGREEMENT_NOUNS = ("agreement", "memorandum", "mou", "accord", "treaty", "arrangement", "deal", "contract", "pact",
                   "protocol", "convention")
CLAUSE_DEPS = ("ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "parataxis")
CIRCUMSTANCE_PREPOSITIONS = ("during", "at", "after", "following", "in", "on", "before")


@cache
def _is(cls: str, trait: str) -> bool:
    """Whether events of the class have the trait the registry of fact kinds gives them (graph/rules/facts.toml:
    symmetric, two-party, addressed, actorless, acts-on, one-actor, frames-clause)."""
    return trait in kind_of(cls).traits


@dataclass
class SentenceFacts:
    """One sentence's mentions, indexed by token, for building facts from its parse."""

    sentence: Sentence
    mentions: list[Mention]
    antecedent: Mention | None = None  # the one person "he" or "she" can be here (see Extractor), else None
    speaker: Mention | None = None  # who "I" is: the author of a speech or an opinion piece, else None
    # the two parties "the two countries", "both sides" … refer to (see Extractor): kind (or "any") → the pair
    pairs: dict[str, tuple[Mention, Mention]] = field(default_factory=dict)
    by_token: dict[int, Mention] = field(default_factory=dict)
    # a group's words are also a demonym's or a count's, which keep them in by_token
    groups: dict[int, Mention] = field(default_factory=dict)

    def __post_init__(self):
        # each mention's tokens found by bisection of the tokens' offsets (which rise through the sentence), not
        # by testing every token against every mention; a token goes to the first mention holding it, and to the
        # last group
        tokens = list(self.sentence.span)
        starts = [self.sentence.offset(token) for token in tokens]
        for mention in self.mentions:
            for token in tokens[bisect_left(starts, mention.start):bisect_left(starts, mention.end)]:
                self.by_token.setdefault(token.i, mention)
                if mention.kind == "group":
                    self.groups[token.i] = mention

    def quoted(self, token) -> bool:
        """Whether the token stands inside quotation marks (someone else's words, whose "I" is not the
        author's)."""
        before = self.sentence.text[:self.sentence.offset(token) - self.sentence.start]
        return before.count("“") > before.count("”")  # the parser's text has typographic quotes only

    def root(self, mention: Mention):
        """The token heading a mention in the parse (the one whose head lies outside it), or None."""
        return next((t for t in self.sentence.span if self.by_token.get(t.i) is mention
                     and self.by_token.get(t.head.i) is not mention), None)

    def within(self, token) -> list[Mention]:
        """Mentions inside a token's subtree, in text order."""
        seen, found = set(), []
        for t in token.subtree:
            mention = self.by_token.get(t.i)
            if mention and id(mention) not in seen:
                seen.add(id(mention))
                found.append(mention)
        return found


class FactBuilder:
    """Builds candidate facts from one sentence's parse and mentions."""

    def __init__(self, rules: Rules):
        self.rules = rules
        positions = "|".join(re.escape(p) for p in sorted(rules.caption_positions, key=len, reverse=True))
        # "(right)", "(second from left)", "(L-R)"
        self.caption = re.compile(rf"\((?:(?:second|third|fourth|far)\s+(?:from\s+)?)?(?:{positions})"
                                  rf"(?:\s*(?:-|–|to)\s*(?:{positions}))?\)")

    # --- the entity a grammatical argument names --------------------------------------------------------------

    def _delegated(self, facts: SentenceFacts, token, depth: int = 0) -> list[Mention]:
        """The organisations or states a delegation comes from ("a delegation from the National Assembly", "a
        group of doctors from X", "the top diplomats of Korea and Cambodia"), or whose government, ministry or
        police it is ("the government of Cambodia"): event coding's agents."""
        if token.lemma_.lower() not in self.rules.delegation_nouns | self.rules.state_agents or depth > 1:
            return []  # "the government of Cambodia and Laos" acts for both, as a delegation does
        found: list[Mention] = []
        for preposition in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("from", "of")):
            for each in (g for g in preposition.children if g.dep_ == "pobj"):
                for one in (each, *each.conjuncts):
                    mention = facts.by_token.get(one.i)
                    if mention is not None and mention.kind in ("organisation", "country") \
                            and not mention.detail("demonym"):
                        found.append(mention)
                    else:
                        found += self._delegated(facts, one, depth + 1)
        return found

    def party(self, facts: SentenceFacts, token) -> Mention | None:
        """The person, organisation, state or group an argument token names: a name ("Hun Sen", "Cambodia's
        Senate"), or a state acting through its government or officials ("the South Korean government"), or the
        organisation a delegation comes from (event coding's agent), or a group of nationals ("64 Korean
        nationals") — never the state of a demonym for people."""
        mention = facts.groups.get(token.i) or facts.by_token.get(token.i)  # "arrested 64 South Koreans": the group
        if mention and mention.kind == "group":  # "Korean doctors from KOICA": the organisation sent them
            return (self._delegated(facts, token) or [mention])[0]
        if mention and mention.kind in PARTY_KINDS and not mention.detail("demonym") and \
                not (mention.kind == "country" and mention.text in self.rules.demonyms):
            return mention  # "a South Korean arrested …": a demonym at the head of a phrase is a person, not the state
        if token.lower_ in PERSONAL_PRONOUNS and facts.antecedent is not None:
            return facts.antecedent
        if token.lower_ in FIRST_PERSON and facts.speaker is not None and not facts.quoted(token):
            offset = facts.sentence.offset(token)
            return replace(facts.speaker, start=offset, end=offset + len(token.text), text=token.text)
        named = [m for c in token.children if c.dep_ == "appos" and (m := facts.by_token.get(c.i)) is not None
                 and m.kind == "person"]
        if mention is None and not named and self.rules.title_pattern.fullmatch(token.text):
            # "Ambassador to Cambodia Ueno Atsushi met …": the parser hung the name inside the title's phrase
            named = list({id(m): m for t in token.subtree if (m := facts.by_token.get(t.i)) is not None
                          and m.kind == "person"}.values())
        if mention is None and len(named) == 1:
            return named[0]  # "Cambodia's Minister of … Heng Sour met": the parser set the name beside its title
        delegated = self._delegated(facts, token)
        if delegated:
            return delegated[0]
        following = facts.by_token.get(token.i + 1) if token.i + 1 < facts.sentence.span.end else None
        if token.lower_ in self.rules.organisation_nouns and following is not None \
                and following.kind == "organisation" and following.start == facts.sentence.offset(token.nbor(1)):
            return following  # "local company Mao Legacy", which the parser hung elsewhere: the noun is the name's
        owners = self._agents_of(facts, token)
        return owners[0] if owners else None

    def _the_two(self, facts: SentenceFacts, token) -> list[Mention]:
        """"The two countries", "both sides": the last two parties named together, when the text named exactly
        two (SentenceFacts.pairs); else none."""
        kind = self.rules.pair_nouns.get(token.lower_)
        if kind is None or facts.by_token.get(token.i) is not None or not any(
                c.lower_ == "two" and c.dep_ == "nummod" or c.lower_ == "both" and c.dep_ in ("det", "predet")
                for c in token.children):
            return []
        return list(facts.pairs.get(kind, ()))

    def _titled_people(self, facts: SentenceFacts, token) -> list[Mention]:
        """"Minister X and Minister of Y Z co-chaired …": the parser may set both names beside the first title;
        a title with two or more named people in apposition names them all (one alone: see party)."""
        if not self.rules.title_pattern.fullmatch(token.text):
            return []
        named = [m for c in token.children if c.dep_ == "appos" and (m := facts.by_token.get(c.i)) is not None
                 and m.kind == "person"]
        if not named and token.dep_ == "conj":
            # "X and Minister of Y Z": the parser may set Z beside X, after the title coordinated with X
            after = [m for c in token.head.children if c.dep_ == "appos" and c.i > token.i
                     and (m := facts.by_token.get(c.i)) is not None and m.kind == "person"]
            return after if len(after) == 1 else []
        return named if len(named) > 1 else []

    def _agents_of(self, facts: SentenceFacts, token) -> list[Mention]:
        """The states (or organisations, provinces, cities) a government, ministry or police acts for: "the
        South Korean government", "the South Korean and Cambodian governments" (both)."""
        if token.lower_ not in self.rules.state_agents and token.lemma_.lower() not in self.rules.state_agents:
            return []
        if any(c.dep_ == "compound" and c.pos_ == "NOUN" and c.lower_ not in self.rules.state_agents
               for c in token.children):
            return []  # "Korean business leaders", "community leaders": not the state's
        found = []
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                for each in (child, *child.conjuncts):
                    owner = facts.by_token.get(each.i)
                    if owner and owner.kind in ("country", "organisation", "place") and owner not in found:
                        found.append(owner)  # a province's or a city's government acts for it too
        return found

    def _state_of_capital(self, mention: Mention) -> Mention:
        """"Seoul sent a task force": a capital that acts is its state's government (the rules' capital_of)."""
        state = self.rules.capitals.get(mention.label) if mention.kind == "place" else None
        if state is None:
            return mention
        return replace(mention, kind="country", label=state, key=slugify(state), known=True)

    def parties(self, facts: SentenceFacts, tokens) -> list[Mention]:
        """The parties named by ``tokens``, the tokens coordinated with them ("Roh and Hun Sen") and their partners
        "together with" them."""
        found: list[Mention] = []
        # "KOICA, together with the Ministry, organised …": the partner acts too
        tokens = list(tokens) + [g for token in tokens for c in token.children if c.dep_ == "prep"
                                 and c.lower_ == "with" and any(a.lower_ in ("together", "along") for a in c.children)
                                 for g in c.children if g.dep_ == "pobj"]
        for token in tokens:
            for each in (token, *token.conjuncts):
                for mention in self._the_two(facts, each) or self._delegated(facts, each) or (
                        self._agents_of(facts, each) or self._titled_people(facts, each)
                        if facts.by_token.get(each.i) is None else []) or [self.party(facts, each)]:
                    if mention and all(m.key != mention.key for m in found):
                        found.append(mention)
        return found

    @staticmethod
    def _without_possessors(facts: SentenceFacts, parties: list[Mention]) -> list[Mention]:
        """"between Cambodia's ministry and South Korea's ministry": the parser may coordinate a possessor, not the
        institution it owns; the institution is the party."""
        text, offset = facts.sentence.text, facts.sentence.start
        return [m for m in parties if not any(
            o is not m and o.start >= m.end and re.fullmatch(r"[’']s\s+", text[m.end - offset:o.start - offset])
            for o in parties)]

    # --- what happened, and what did not -----------------------------------------------------------------------

    def realis(self, token, governing: bool = True) -> bool:
        """Whether the sentence states that this happened: not negated, not modal or future, not conditional,
        not a purpose or a plan ("to discuss", "plans to visit"). With ``governing`` false only the token's own
        clause counts (a figure of a relative clause is stated whatever the main clause plans)."""
        return self.modality(token, governing) == ""

    def modality(self, token, governing: bool = True) -> str | None:
        """What the sentence says of this event: "" that it happened; "planned" that it will or is planned to
        ("will visit", "plans to sign", "will lead a delegation to attend"); None that it is negated, wished,
        possible, conditional or only a purpose ("met to discuss"): such a statement is left out."""
        purpose = token.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp") and any(
            child.dep_ == "aux" and child.lower_ == "to" for child in token.children)
        governing = [a for a in token.ancestors if a.pos_ in ("VERB", "AUX")][:2] if governing or purpose else []
        words = (token, *governing)
        if any(child.dep_ == "neg" for word in words for child in word.children):
            return None
        modals = {word.lemma_.lower() for word in governing} | {
            child.lemma_.lower() for word in words for child in word.children
            if child.dep_ in ("aux", "auxpass", "mark")}
        modals &= self.rules.modal_words
        if modals - self.rules.future_words or purpose and not modals:
            return None
        # a headline's "Korea to lend Cambodia $100 million": an infinitive that no verb governs is what will be
        headline_future = token.dep_ == "ROOT" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children)
        return "planned" if modals or headline_future else ""

    # --- events ------------------------------------------------------------------------------------------------

    def events(self, document: Document, facts: SentenceFacts) -> list[Candidate]:
        """The events of a sentence, one per real event: "provided a loan" is one financing, read from the verb,
        not a second one from its object noun."""
        verbal: dict[int, Candidate] = {}
        nominal: list[tuple[object, Candidate]] = []
        order: dict[str, int] = {}
        for token in facts.sentence.span:
            if token.pos_ == "VERB":
                senses = self.rules.verb_senses.get(token.lemma_.lower()) or tuple(
                    filter(None, (self._phrasal(token, verbs=True),)))  # a two-word trigger only when needed
                if senses and token.lemma_.lower() not in self.rules.say_verbs:
                    # the first sense whose arguments the sentence gives ("received $5 million" / "received X"); a
                    # verb's other sense only with a named party it is done to ("received a note" is no meeting)
                    event = next((e for index, sense in enumerate(senses)
                                  if (e := self._verbal(document, facts, token, sense)) is not None
                                  and (index == 0 or e.detail("targets"))), None)
                    if event:
                        verbal[token.i] = event
                        order.setdefault(event.id, token.i)
            elif token.pos_ == "NOUN" and token.dep_ != "compound":
                # "talks" is listed as written: its lemma, "talk", is another word
                trigger = self.rules.noun_triggers.get(token.lemma_.lower()) or \
                    self.rules.noun_triggers.get(token.lower_) or self._phrasal(token, verbs=False)
                if trigger:
                    event = self._nominal(document, facts, token, trigger)
                    if event:
                        nominal.append((token, event))
                        order.setdefault(event.id, token.i)
        found = list(verbal.values())
        for noun, event in nominal:
            carrier = verbal.get(noun.head.i) if noun.dep_ in ("dobj", "nsubjpass") else None
            if carrier is None or carrier.cls != event.cls:
                found.append(event)
        return sorted(found, key=lambda c: order[c.id])

    def _phrasal(self, token, verbs: bool) -> Trigger | None:
        """A trigger of two words: a verb and the word after it ("call on", "hold talks"), or a noun and the
        word before it that modifies it ("courtesy call", "credit line")."""
        if verbs:
            two = self._two_words(token)
            return self.rules.verb_triggers[two] if two else None
        for child in token.lefts:
            if child.dep_ in ("compound", "amod") and child.i == token.i - 1:
                return self.rules.noun_triggers.get(f"{child.lower_} {token.lemma_.lower()}")
        return None

    def _two_words(self, verb) -> str | None:
        """A verb trigger of two words the verb begins ("call on", "hold talks", "hand over"), else None."""
        if verb.i + 1 >= len(verb.doc):
            return None
        words = f"{verb.lemma_.lower()} {verb.nbor(1).lower_}"
        return words if words in self.rules.verb_triggers else None

    def _verbal(self, document, facts, verb, trigger: Trigger) -> Candidate | None:
        # "some 60 South Koreans detained in a crackdown": a participle after a noun says what was done to it,
        # and when — not the clause above ("will bring home …")
        children = list(verb.children)
        reduced = verb.dep_ == "acl" and verb.tag_ in ("VBN", "VBD") and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in children)
        # the same participle the parser read as a clause with a subject ("Koreans" + "detained"): a verb that
        # always takes an object has none
        misread = trigger.needs_object and verb.tag_ in ("VBD", "VBN") and any(
            c.dep_ in ACTOR_DEPS for c in children) and not any(
            c.dep_ in ("dobj", "dative", "attr", "agent", "nsubjpass", "aux", "auxpass", "ccomp", "xcomp")
            for c in children)
        status = self.modality(verb, governing=not (reduced or misread))
        if status is None or any((m := facts.by_token.get(c.i)) is not None and m.kind == "event"
                                 for c in children if c.dep_ in ("dobj", "nsubjpass")):
            return None  # "X hosted the Y Summit": the named event has its participants (named)
        subjects = [] if misread else self.parties(facts, [c for c in children if c.dep_ in ACTOR_DEPS])
        if not subjects and verb.dep_ in ("conj", "xcomp") and verb.head.pos_ == "VERB":  # "X plans to meet Y"
            # "X is scheduled to visit Y": the passive subject of the verb above is who visits — unless that verb
            # has an object, who then does it ("urged Cambodia to sign")
            raised = verb.dep_ == "xcomp" and not any(c.dep_ == "dobj" for c in verb.head.children)
            subjects = self.parties(facts, [c for c in verb.head.children if c.dep_ in ACTOR_DEPS
                                            or raised and c.dep_ == "nsubjpass"])
        passive = [c for c in children if c.dep_ == "nsubjpass" or misread and c.dep_ in ACTOR_DEPS] or (
            [verb.head] if reduced else [])
        through = ""
        agents = [grandchild for c in children if c.dep_ == "agent" for grandchild in c.children
                  if grandchild.dep_ == "pobj"]
        objects = [c for c in children if c.dep_ in ("dobj", "dative", "attr")]
        prepositions: dict[str, list] = {}
        # "lent $200 million to Cambodia": the parser may hang "to Cambodia" on the amount, not on the verb, and
        # "signed a memorandum of understanding with X", "provided $800 million in grants to X" on the object's
        # "of" or "in" phrase (and what it coordinates: "in grants and loans to X")
        of_phrases = [each for o in objects for c in o.children if c.dep_ == "prep" and c.lower_ in ("of", "in")
                      for g in c.children if g.dep_ == "pobj" for each in (g, *g.conjuncts)]
        for holder in (verb, *objects, *(c for o in objects for c in o.conjuncts), *of_phrases):
            for c in holder.children:
                if c.dep_ == "prep" or (c.dep_ == "dative" and c.pos_ == "ADP"):
                    prepositions.setdefault(c.lower_, []).extend(g for g in c.children if g.dep_ == "pobj")
        # an amount belongs to a financing; a fine in "was sentenced to jail and a fine" is no event's amount
        money = [m for m in facts.within(verb) if m.kind == "money" and not self._in_clause_below(
            verb, facts, m, self.rules.amounting_verbs)] if trigger.cls == "Financing" else []
        goods = self._counted_goods(facts, objects) if trigger.cls == "Financing" and not money else ""
        if trigger.cls == "Financing" and not money and not goods and not any(
                o.lemma_.lower() in self.rules.noun_triggers and self.rules.noun_triggers[o.lemma_.lower()].cls
                == "Financing" for o in objects):
            return None  # "provided training": no money and nothing counted, no financing
        if passive or agents:  # "X was signed by A", "agreements signed by A and B"
            actors, targets = self.parties(facts, agents), self.parties(facts, passive)
            if not actors and _is(trigger.cls, "symmetric"):
                # "a memorandum was signed between A and B": the two do it together
                actors = self._without_possessors(facts, self.parties(facts, prepositions.get("between", [])))
        else:
            actors, targets = subjects, self.parties(facts, objects)
        if trigger.cls != "Incident":  # ("Phnom Penh flooded": a place an accident befalls acts for no one)
            actors = [self._state_of_capital(actor) for actor in actors]
        if trigger.cls == "Financing":
            recipients = self.parties(facts, prepositions.get("to", []) + prepositions.get("for", []))
            funders = self.parties(facts, prepositions.get("from", []))
            if trigger.subject == "recipient":
                actors, targets = funders, actors
            else:
                targets = recipients or [t for t in targets if t.kind != "person"]
        elif not targets and not (trigger.cls == "Communication" and objects):
            # "invited officials to Korea": with an object of its own (unnamed), "to" is where, not whom
            for preposition in TARGET_PREPOSITIONS:
                targets = self.parties(facts, prepositions.get(preposition, []))
                if targets:
                    through = preposition  # "signed a deal with Laos": X signs with Laos
                    break
        if _is(trigger.cls, "addressed") and not targets:
            # "praised Korea's role", "condemned the regime's actions": whose deed is addressed
            targets = self.parties(facts, [c for o in objects if facts.by_token.get(o.i) is None
                                           for c in o.children if c.dep_ == "poss"])
        if _is(trigger.cls, "addressed"):
            targets = [self._state_of_capital(target) for target in targets]
        if trigger.cls == "Meeting" and verb.lemma_.lower() in self.rules.receiving_verbs and targets and \
                all(t.kind == "group" for t in targets):
            return None  # "Cambodia received 185,000 South Korean tourists": arrivals, no meeting
        targets = [t for t in targets if all(t.key != a.key for a in actors)]
        if not actors and not targets and trigger.cls != "Incident":
            return None
        if not actors and not _is(trigger.cls, "actorless"):
            return None  # who did it is not said: an event without its actor is not worth a guess
        if verb.tag_ in ("VBP", "VBZ") and any(a.kind == "group" for a in actors + targets):
            return None  # "more Koreans visit Thailand": what a group does as a rule, not something that happened
        # a trigger of two words ("hold talks") is named by its kind's verb ("meet"), not by the light verb
        lemma = verb.lemma_.lower() if verb.lemma_.lower() in self.rules.verb_triggers else None
        if lemma is None and verb.i + 1 < len(verb.doc) and verb.nbor(1).dep_ == "prt":
            lemma = self._two_words(verb)  # "hands over", a verb with its particle
        if lemma and through and targets and " " not in lemma:
            # "established diplomatic relations with X": what is established, when the object names no one
            what = next((_unnamed(o) for o in objects if facts.by_token.get(o.i) is None and o.pos_ == "NOUN"),
                        "") if trigger.cls == "DiplomaticMilestone" else ""
            lemma = " ".join(w for w in (lemma, what, through) if w)
        # "met Korean business leaders", "arrested more than 3,000 people": whom, in the text's words, when they
        # name no entity (for the label only: no entity is made of them)
        # (a financing's: to whom, "donated $50,000 to flood victims")
        # (a signing's: what is signed, "signed a $150 million loan", or with whom, never "for" what)
        candidates = prepositions.get("to", []) if trigger.cls == "Financing" else \
            objects + passive + prepositions.get("with", []) if trigger.cls == "Signing" else \
            objects + [g for p in TARGET_PREPOSITIONS for g in prepositions.get(p, [])]
        whom = next((t for t in candidates if t.pos_ == "NOUN" and facts.by_token.get(t.i) is None and (
            trigger.cls == "Signing" or t.lemma_.lower() not in self.rules.noun_triggers
            and t.lower_ not in self.rules.noun_triggers)),
                    None) if not targets else None  # ("held talks": the talks are the event itself)
        unnamed = "" if whom is None else ("to " if trigger.cls == "Financing" else "") + _unnamed(whom)
        if _is(trigger.cls, "acts-on") and actors and not targets and not unnamed and not (
                len(actors) > 1 and _is(trigger.cls, "symmetric")):
            return None  # ("X and Y met" needs no one else: they met each other)
        return self._event(document, facts, verb, trigger, actors, targets, money[:1], lemma, status, unnamed,
                           goods)

    @staticmethod
    def _counted_goods(facts: SentenceFacts, objects) -> str:
        """What a financing gives in kind, when its object counts things ("handed over 15 fire trucks and two
        ambulances"): the object's words, for the label; "" when no object is a count of things (people or
        groups counted are no gift, nor is "provided training")."""
        for obj in objects:
            counted = [m for m in facts.within(obj) if m.kind == "count"]
            if not counted or any(m.kind in ("group", "person") for m in facts.within(obj)):
                continue
            # the things, without where they go ("… and two ambulances to the ministry")
            phrases = {t.i for c in (obj, *obj.conjuncts) for p in c.children if p.dep_ in ("prep", "relcl", "acl")
                       for t in p.subtree}
            words = [t for t in obj.subtree if t.i not in phrases and t.dep_ != "punct"]
            if any(t.pos_ == "NUM" for t in words) and len(words) <= LABEL_WORDS:
                return " ".join(t.text for t in words)
        return ""

    def _nominal(self, document, facts, noun, trigger: Trigger) -> Candidate | None:
        if (named := facts.by_token.get(noun.i)) is not None and named.kind == "event":
            return None  # "Summit" of "the Y Summit": a named event of its own (named)
        governor = noun.head if noun.dep_ in ("dobj", "pobj", "nsubjpass", "attr") else None
        if governor is not None and governor.dep_ in ("prep", "agent"):
            governor = governor.head
        # ("the project, funded by a grant from X, will …": a participle on a noun states its fact whatever the
        # main clause says of the future)
        status = self.modality(governor, governing=governor.dep_ != "acl") \
            if governor is not None and governor.pos_ == "VERB" else self.modality(noun)
        # "plans for a visit by X", "a proposal for talks": a noun of plan or wish over the event noun
        planning = next((g.lemma_.lower() for g in (governor,) if g is not None and g.pos_ == "NOUN"
                         and g.lemma_.lower() in self.rules.modal_words), None)
        if planning is not None:
            status = "planned" if planning in self.rules.future_words and status is not None else None
        if status is None:
            return None
        children = list(noun.children)
        # "a grant of 8 billion won from X": the parser may hang "from X" on the amount in the "of" phrase
        amounts = [g for c in children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                   if g.dep_ == "pobj" and any(m.kind == "money" for m in facts.within(g))]
        prepositions: dict[str, list] = {}
        for c in (c for holder in (noun, *amounts) for c in holder.children if c.dep_ == "prep"):
            prepositions.setdefault(c.lower_, []).extend(g for g in c.children if g.dep_ == "pobj")
        actors = self.parties(facts, [c for c in children if c.dep_ == "poss" or trigger.cls == "Financing" and
                                      c.dep_ == "compound" and c.i < noun.i])  # "a KOICA grant"
        actors += [m for m in self.parties(facts, prepositions.get("from", []) + prepositions.get("by", []))
                   if m not in actors]
        between = self.parties(facts, prepositions.get("between", []))
        targets = []
        for preposition in ("to", "with", "for", "against", "on"):
            targets = self.parties(facts, prepositions.get(preposition, []))
            if targets:
                break
        carried = governor is not None and governor.pos_ == "VERB" and noun.dep_ == "dobj"
        signed = carried and (sense := self.rules.verb_triggers.get(governor.lemma_.lower())) is not None and \
            sense.cls == "Signing"
        if not actors and carried and governor.lemma_.lower() in self.rules.light_verbs and not (
                trigger.cls == "Financing" and signed):
            # (the two who sign a loan are its parties: which of them lends, the signing does not say)
            actors = self.parties(facts, [c for c in governor.children if c.dep_ in ACTOR_DEPS])
        if actors and not targets and carried and governor.lemma_.lower() in self.rules.receiving_verbs:
            # "Hun Sen received a courtesy call from Park": the one who receives it is the event's other party
            targets = self.parties(facts, [c for c in governor.children if c.dep_ in ACTOR_DEPS])
        if not actors and not between and _is(trigger.cls, "frames-clause") and noun.dep_ == "pobj" and \
                noun.head.lower_ in CIRCUMSTANCE_PREPOSITIONS and noun.head.head.pos_ in ("VERB", "AUX"):
            # "Hak raised the idea during a meeting with Park", "… was raised by Hak during a meeting with
            # Park": the clause's own actor took part in the meeting it frames
            clause = noun.head.head
            actors = self.parties(facts, [c for c in clause.children if c.dep_ in ACTOR_DEPS]) or self.parties(
                facts, [g for c in clause.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"])
        if between and not actors:
            actors = between
        money = [m for m in facts.within(noun) if m.kind == "money"]
        targets = [t for t in targets if all(t.key != a.key for a in actors)]
        if not actors or not (targets or len(actors) > 1 or (trigger.cls == "Financing" and money)
                              or _is(trigger.cls, "one-actor")):
            return None  # an event noun without who and with whom is a topic, not an event
        # "KOICA organised a workshop": the label names the gathering ("holds a workshop")
        lemma = f"hold a {noun.lemma_.lower()}" if _is(trigger.cls, "one-actor") else None
        return self._event(document, facts, noun, trigger, actors, targets, money[:1], lemma, status)

    @staticmethod
    def _in_noun_phrase(scope, head, facts: SentenceFacts, mention: Mention) -> bool:
        """Whether a mention is part of a noun phrase below the event's words ("thanked Yoon for … loans for
        2024-2028": the loans' period, not the time of the thanks); the event noun's own phrase is the event's.
        (Only periods are judged so: the parser often hangs an event's own day on a noun before it.)"""
        token = next((t for t in scope.subtree if facts.by_token.get(t.i) is mention), None)
        walker = token.head if token is not None else scope
        while walker.i not in (scope.i, head.i):
            if walker.pos_ in ("NOUN", "PROPN") and facts.by_token.get(walker.i) is not mention:
                return True
            walker = walker.head
        return False

    @staticmethod
    def _in_clause_below(verb, facts: SentenceFacts, mention: Mention, amounting: frozenset = frozenset()) -> bool:
        """Whether a mention sits in a clause of its own under ``verb`` (it belongs to that clause's event). A
        participle of ``amounting`` on a noun ("loans totalling $1.8 billion") only says how much the noun is."""
        for token in verb.subtree:
            if facts.by_token.get(token.i) is mention:
                walker = token
                while walker.i != verb.i:
                    # "1 billion won each": the parser may read the currency "won" as a verb of its own clause
                    if walker.dep_ in CLAUSE_DEPS and walker.pos_ in ("VERB", "AUX") and \
                            not mention.start <= facts.sentence.offset(walker) < mention.end and \
                            not (walker.dep_ == "acl" and walker.lemma_.lower() in amounting):
                        return True
                    walker = walker.head
                return False
        return False

    def _event(self, document, facts, head, trigger: Trigger, actors, targets, money, lemma,
               status: str = "", unnamed: str = "", goods: str = "") -> Candidate | None:
        symmetric = not targets and len(actors) > 1 and _is(trigger.cls, "symmetric")
        signs_a_text = trigger.cls == "Signing" and any(
            t.lemma_.lower() in AGREEMENT_NOUNS for t in (*head.children, head.head) if t.i != head.i)
        if _is(trigger.cls, "two-party") and not (targets or symmetric or signs_a_text):
            return None  # a request, thanks or an agreement is between two parties: one alone says too little
        if trigger.cls == "DiplomaticMilestone" and sum(m.kind == "country" for m in actors + targets) < 2:
            return None  # relations are between states
        if trigger.cls == "Visit" and not targets:
            return None  # "X visited the sites": a visit to no one and nowhere named says nothing
        sentence = facts.sentence
        # "held a meeting … on January 25": the light verb's clause dates and places its event noun
        scope = head.head if head.dep_ == "dobj" and head.head.lemma_.lower() in \
            self.rules.light_verbs | self.rules.receiving_verbs else head
        # "according to the Korean Embassy in Phnom Penh" says who reports it, not where it happened; "since
        # 1991" begins a period, it does not date one event
        aside = {t.i for c in scope.children if c.dep_ == "prep" and c.lower_ in ("according", "since")
                 for t in c.subtree}
        local = [m for m in facts.within(scope) if not self._in_clause_below(scope, facts, m)
                 and not any(facts.by_token.get(i) is m for i in aside)]
        date = _most_precise([m for m in local if m.kind == "date" and not (
            m.detail("start") and self._in_noun_phrase(scope, head, facts, m))])
        place = next((m for m in local if m.kind == "place" and not any(m.start == p.start for p in actors + targets)),
                     None)  # (a capital that acts is its state, not where it happened)
        if trigger.cls == "Incident" and not (actors or targets or place or date):
            return None  # an accident nobody, nowhere and never is no fact
        verb = self._verb_phrase(trigger, lemma, plural=len(actors) > 1 or any(a.kind == "group" for a in actors))
        if not targets:  # "X and Y cooperate", not "cooperate with"
            verb = re.sub(r"\s+(?:with|on|against|to)$", "", verb)
        parts = [" and ".join(a.label for a in actors) or "Someone", verb]
        if money:
            # "X and Y contributed 1 billion won each": the amount is each one's, not theirs together
            each = any(t.lower_ == "each" and t.dep_ != "det" and sentence.offset(t) > money[0].start and
                       not sentence.text[money[0].end - sentence.start:sentence.offset(t) - sentence.start].strip()
                       for t in sentence.span)
            parts.append(money[0].text + (" each" if each and len(actors) > 1 else ""))
        elif goods:
            parts.append(goods)
        if targets:
            parts.append(("to " if trigger.cls == "Financing" else "") + " and ".join(t.label for t in targets))
        elif unnamed and actors:
            parts.append(unnamed)
        # "Suth Dina was sentenced", "we arrested them" ("we" is never resolved): who did it is not said; the
        # verbs of events without an actor (the kinds "actorless") have one form for the past and the participle
        if not actors and targets and (head.tag_ == "VBN" or head.tag_ == "VBD" and _is(trigger.cls, "actorless")):
            parts = [" and ".join(t.label for t in targets),
                     "are" if len(targets) > 1 or targets[0].kind == "group" else "is", head.lower_]
        when = date and (date.detail("value") or f"{date.detail('start')}/{date.detail('end')}")
        label = " ".join(parts) + (f" ({when})" if date else "") + (f" ({status})" if status else "")
        confidence = trigger.confidence * (1.0 if actors and (targets or money) else 0.85) * (0.8 if status else 1)
        referred = [facts.antecedent] + [m for pair in facts.pairs.values() for m in pair]
        if any(p is r for p in actors + targets for r in referred if r is not None) and not all(
                any(m is p for m in facts.mentions) for p in actors + targets):
            confidence *= 0.8  # a participant named by "he", "she" or "the two sides": resolved, but less sure
        details = (("plover", trigger.plover), ("trigger", head.text), ("symmetric", symmetric),
                   ("actors", tuple(a.key for a in actors)),
                   ("targets", tuple(t.key for t in targets)), ("actor", actors[0].key if actors else ""),
                   ("target", targets[0].key if targets else ""), ("status", status))
        arguments = tuple(actors) + tuple(targets) + tuple(m for m in (date, place) if m) + tuple(money)
        project = self._financed_project(document, facts, head) if trigger.cls == "Financing" else None
        if project is not None:
            details += (("project", project),)
        key = "|".join((trigger.cls, trigger.plover, ",".join(sorted(a.key for a in actors)),
                        ",".join(sorted(t.key for t in targets))))
        return Candidate(f"event-{stable_id(document.id, 'event', key)}", document.id, "event", trigger.cls,
                         label, sentence.start, sentence.end, sentence.text, round(confidence, 2), details,
                         arguments)

    @staticmethod
    def _financed_project(document: Document, facts: SentenceFacts, head) -> str | None:
        """The named project a financing pays for, as the sentence's grammar says: its object or "for" object
        ("funded the X Project", "a loan for the X Project"), or the subject of the clause the financing is a
        circumstance of ("the X Project is implemented under grant aid from Y"). The project's fact id, or None."""
        tokens = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
        tokens += [g for holder in (head, *tokens) for c in holder.children if c.dep_ == "prep" and c.lower_ == "for"
                   for g in c.children if g.dep_ == "pobj"]  # "a loan for the X Project", "lent … for the X"
        if head.dep_ == "pobj" and head.head.dep_ in ("prep", "agent") and head.head.head.pos_ in ("VERB", "AUX"):
            clause = head.head.head
            subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects and clause.dep_ == "acl":  # "the X Project, funded by a grant from Y"
                subjects = [clause.head]
            if not subjects and clause.dep_ == "conj":  # "X is a project and is implemented under …"
                subjects = [c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            tokens += subjects
        for token in tokens:
            project = facts.by_token.get(token.i)
            if project is not None and project.kind == "project":
                return named_id(document, project)
        return None

    def _verb_phrase(self, trigger: Trigger, lemma: str | None, plural: bool) -> str:
        """The verb of an event's label, in the present tense ("meets", "lend", "calls on")."""
        if trigger.cls == "Financing" and lemma in (None, "receive", "borrow", "obtain", "secure"):
            lemma = "finance"
        lemma = lemma or kind_of(trigger.cls).verb
        return lemma if plural else present(lemma)

    # --- posts, figures, agreements ------------------------------------------------------------------------------

    def role(self, document: Document, sentence: Sentence, person: Mention) -> Candidate:
        title = person.detail("title")
        organisation = person.detail("organisation", "")
        label = f"{person.label}, {title}" + (f" ({organisation})" if organisation else "")
        details = (("role", person.detail("role")), ("title", title), ("organisation", organisation),
                   ("organisation_key", person.detail("organisation_key", "")))
        return Candidate(f"role-{stable_id(document.id, 'role', person.key, title.lower())}", document.id, "role",
                         "PostHolding", label, sentence.start, sentence.end, sentence.text, 0.75, details, (person,))

    def statements(self, document: Document, facts: SentenceFacts) -> list[Candidate]:
        """What a named person or organisation said, in reported speech ("Hun Sen said the talks were useful"):
        a claim (a position the graph records as stated, not as true) with its claimant, the words of the
        reported clause and the parties that clause names. Words in quotation marks are quotations, and claims
        too when they name other parties (“Cambodia intends to expand cooperation with Korea,” X said); "he
        said" has a claimant only when one person was named before (as for quotations), with less confidence."""
        found = []
        text = facts.sentence.text
        for verb in facts.sentence.span:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.rules.say_verbs or not self.realis(verb):
                continue
            speakers = self.parties(facts, [c for c in verb.children if c.dep_ == "nsubj"])
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            if len(speakers) != 1 or speakers[0].kind == "place" or clause is None:
                continue
            first = facts.sentence.offset(clause.left_edge) - facts.sentence.start
            last = facts.sentence.offset(clause.right_edge) + len(clause.right_edge.text) - facts.sentence.start
            content = re.sub(r"^that\s+", "", text[first:last]).strip(" ,")
            if re.search(r"[“”]", text[first:last]) or len(content.split()) < 4:
                continue  # words partly in quotation marks are a quotation; a few words are no statement
            about = [m for m in self.parties(facts, [t for t in clause.subtree if facts.by_token.get(t.i)])
                     if m.key != speakers[0].key][:4]
            if not about and "“" in text[:first] and "”" in text[last:]:
                continue  # a whole quotation is a claim only when it says something of other parties
            speaker = speakers[0]
            by_pronoun = not any(m is speaker for m in facts.mentions)  # "he said": resolved, but less sure
            found.append(_claim(document, facts, speaker, content, about, 0.5 if by_pronoun else 0.65))
        return found

    def authors_statement(self, document: Document, facts: SentenceFacts) -> list[Candidate]:
        """A sentence of a speech or an opinion piece in its author's own voice (not in quotation marks) that
        names two parties or more and reports no event of its own: what the author says of them together, a
        claim by the author about those parties (a position, not a fact: "Cambodia and Korea have become in-law
        countries")."""
        speaker, text = facts.speaker, facts.sentence.text
        if speaker is None or re.search(r"[“”]", text) or len(text.split()) < 6 or self.caption.search(text):
            return []
        about: dict[str, Mention] = {}  # each party once, by its first mention
        for mention in facts.mentions:
            if mention.kind in ("person", "organisation", "country") and mention.key != speaker.key:
                about.setdefault(mention.key, mention)
        if len(about) < 2:
            return []  # a bilateral graph keeps what the author says of parties together, not every remark
        return [_claim(document, facts, speaker, " ".join(text.split()), list(about.values())[:4], 0.6)]

    def affiliations(self, document: Document, facts: SentenceFacts, posts: list[Mention]) -> list[Candidate]:
        """A person belongs to an organisation the phrase naming them attaches with "of", "at" or "from" ("Him
        Sarun of the Secretariat of Civil Aviation", "Kim, a teacher at the Korean Language Centre", "Kim, who
        works at the Centre"), when no post is stated (a post says more)."""
        with_post = {post.key for post in posts}
        found = []
        for person in facts.mentions:
            if person.kind != "person" or person.key in with_post:
                continue
            root = facts.root(person)
            if root is None:
                continue
            holders = [root] + [c for c in root.children if c.dep_ == "appos"]
            # "X, who is a teacher at Y", "X, who works at Y"
            clauses = [c for c in root.children if c.dep_ == "relcl" and self.realis(c, governing=False)]
            holders += [c for clause in clauses for c in (clause, *clause.children) if c is clause and c.pos_ == "VERB"
                        or c.dep_ == "attr"]
            for holder in holders:
                for preposition in (c for c in holder.children
                                    if c.dep_ == "prep" and c.lower_ in ("of", "at", "from")):
                    for each in (g for g in preposition.children if g.dep_ == "pobj"):
                        organisation = facts.by_token.get(each.i)
                        if organisation is None or organisation.kind != "organisation":
                            continue
                        found.append(self._affiliation(document, facts, person, organisation))
        return found + self._parts(document, facts)

    def _parts(self, document: Document, facts: SentenceFacts) -> list[Candidate]:
        """An organisation another organisation has, in the possessive ("the University's Department of Media"),
        or an institution a state has ("Cambodia's Senate", "Korea's Plant Quarantine Agency"): it belongs to its
        possessor."""
        found = []
        text, offset = facts.sentence.text, facts.sentence.start
        for possessor in facts.mentions:
            mark = re.match(r"[’']s?\s+(?:own\s+)?", text[possessor.end - offset:])
            part = next((m for m in facts.mentions if mark and m.start == possessor.end + mark.end()), None)
            if part is None or part.kind != "organisation" or possessor.kind not in ("country", "organisation") \
                    or possessor.detail("demonym") or part.key == possessor.key:
                continue
            if possessor.kind == "country" and not self._is_state_institution(part):
                # "Korea's Hyundai Corporation" is a Korean company, not a part of the state
                found.append(self._nationality(document, facts, part, possessor))
                continue
            found.append(self._affiliation(document, facts, part, possessor))
        for demonym in (m for m in facts.mentions if m.kind == "country" and m.detail("demonym")):
            # "the Cambodian Foreign Ministry": an institution every state has, of the state its demonym names
            part = next((m for m in facts.mentions if m.start == demonym.end + 1 and m.kind == "organisation"), None)
            if part is not None and text[demonym.end - offset] == " " and self._is_state_institution(part) and \
                    not part.known:
                found.append(self._affiliation(document, facts, part, demonym))
        for office in (m for m in facts.mentions if m.kind == "organisation" and m.detail("unit_of")):
            # "KOICA Cambodia Office": the organisation's office in that country
            key, label = office.detail("unit_of")
            found.append(self._affiliation(document, facts, office, replace(
                office, label=label, key=key, known=True, details=())))
        for part in (m for m in facts.mentions if m.kind == "organisation"):
            # "Shinhan Bank Cambodia, a subsidiary of Shinhan Financial Group": a unit of the other
            root = facts.root(part)
            for noun in (c for c in (root.children if root is not None else ()) if c.dep_ == "appos"
                         and c.pos_ == "NOUN" and c.text.islower() and c.lemma_ in self.rules.part_nouns):
                for whole in (facts.by_token.get(g.i) for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                              for g in p.children if g.dep_ == "pobj"):
                    if whole is not None and whole.kind == "organisation" and whole.key != part.key:
                        found.append(self._affiliation(document, facts, part, whole))
        for part in (m for m in facts.mentions if m.kind == "organisation"):
            # "the Department of Foreign Affairs and Trade (DFAT) of Australia": the state's, after its acronym
            of = re.match(r"\s*\([^)]*\)\s+of\s+(?:the\s+)?", text[part.end - offset:])
            state = of and next((m for m in facts.mentions if m.kind == "country" and not m.detail("demonym")
                                 and m.start == part.end + of.end()), None)
            if state:
                found.append(self._affiliation(document, facts, part, state) if self._is_state_institution(part)
                             else self._nationality(document, facts, part, state))
        return found

    def _is_state_institution(self, organisation: Mention) -> bool:
        """"Senate", "Ministry of Labour", "armed forces": a state's own institution, by its head words."""
        return bool({word.strip(",").capitalize() for word in organisation.label.split()}
                    & self.rules.state_institutions)

    @staticmethod
    def _affiliation(document: Document, facts: SentenceFacts, member: Mention, organisation: Mention) -> Candidate:
        return _pair(document, facts, "Affiliation", f"{member.label} — {organisation.label}",
                     ("member", member), ("member_of", organisation))

    def nationalities(self, document: Document, facts: SentenceFacts) -> list[Candidate]:
        """The country a person or an organisation is of, when a common noun in apposition or before the name
        says it with a demonym: "X, the South Korean photographer", "X, a Korean national", "Thai lender X",
        "the Thai bank, X"; and the country of a group of nationals ("Korean students"). A title's demonym
        ("South Korean Ambassador X") is a post in that state (posts), and a demonym elsewhere in the sentence
        says nothing of the name."""
        found = []
        offset = facts.sentence.start
        for mention in facts.mentions:
            root = facts.root(mention) if mention.kind in ("person", "organisation") else None
            if root is None:
                continue
            first = min(t.i for t in root.subtree if facts.by_token.get(t.i) is mention)
            nouns = [c for c in root.children if c.pos_ == "NOUN" and (
                c.dep_ == "appos" or c.dep_ == "compound" and c.i == first - 1)]
            if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < root.i:
                nouns.append(root.head)
            for noun in nouns:
                if facts.by_token.get(noun.i) is not None or self.rules.title_pattern.search(noun.text):
                    continue
                between = facts.sentence.text[facts.sentence.offset(noun) + len(noun.text) - offset:
                                              mention.start - offset] if noun.i < root.i else ""
                if not re.fullmatch(r"\s*(?:,\s*)?", between):
                    continue  # "… vehicle donation | VOA Khmer": a noun set off from the name is not its own
                for modifier in (c for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i):
                    state = facts.by_token.get(modifier.i)
                    if state is None or state.kind != "country" or not (
                            state.detail("demonym") or state.text in self.rules.demonyms):
                        continue
                    found.append(self._nationality(document, facts, mention, state))
        for group in (m for m in facts.mentions if m.kind == "group"):  # "South Korean men" are of South Korea
            found.append(self._nationality(document, facts, group, group.detail("state")))
        return found

    def locations(self, document: Document, facts: SentenceFacts) -> list[Candidate]:
        """A place or an organisation the text sets in a place: by an apposition ("Gyeongju, the capital of the
        Silla Kingdom", "Kep, a town in Cambodia") or by the possessive of a place ("Phnom Penh's Sen Sok
        district")."""
        found = []
        text, offset = facts.sentence.text, facts.sentence.start
        for mention in (m for m in facts.mentions if m.kind in ("place", "organisation")):
            wheres = []
            root = facts.root(mention)
            for noun in (c for c in (root.children if root is not None else ()) if c.dep_ == "appos"
                         and c.pos_ == "NOUN" and c.lemma_.lower() in self.rules.place_nouns):
                wheres += [facts.by_token.get(g.i) for c in noun.children if c.dep_ == "prep"
                           and c.lower_ in ("of", "in") for g in c.children if g.dep_ == "pobj"]
            if mention.kind == "place" and re.search(r"[’']s\s+$", text[:mention.start - offset]):
                before = text[:mention.start - offset].rstrip()
                wheres.append(next((m for m in facts.mentions if m.kind in ("place", "country")
                                    and m.end - offset == len(before) - 2), None))
            for where in wheres:
                if where is None or where.kind not in ("place", "country") or where.key == mention.key:
                    continue
                found.append(_pair(document, facts, "Location", f"{mention.label} is in {where.label}",
                                   ("located", mention), ("location", where)))
        return found

    @staticmethod
    def _nationality(document: Document, facts: SentenceFacts, national: Mention, state: Mention) -> Candidate:
        return _pair(document, facts, "Nationality", f"{national.label} — {state.label}", ("national", national),
                     ("country", state))

    def _owned_name(self, facts: SentenceFacts, noun) -> Mention | None:
        """What "the owner of" names when the model saw no name or only part of one ("Angkor Tours Seoul
        Garden", of which it took "Angkor Tours" for a person): the proper name whole, an organisation — what
        one owns and is named is a business — unless a word of it is a known place or state."""
        words = [t for t in noun.subtree if t.i <= noun.i and t.dep_ != "det"]
        if len(words) < 2 or any(t.pos_ != "PROPN" for t in words) or words[-1].i - words[0].i + 1 != len(words):
            return None
        if any((m := facts.by_token.get(t.i)) is not None and m.kind in ("country", "place") for t in words):
            return None
        start = facts.sentence.offset(words[0])
        text = facts.sentence.text[start - facts.sentence.start:facts.sentence.offset(noun) + len(noun.text)
                                   - facts.sentence.start]
        return Mention(start, start + len(text), text, "organisation", text, slugify(text), False)

    def ownerships(self, document: Document, facts: SentenceFacts) -> list[Candidate]:
        """Who owns what, when the text says so: "X, the owner of Y", "Y, owned by X", "Y is a joint venture
        between A and B" (both own it), "the Korean-owned Y" (then only the owners' nationality, not the state as
        owner)."""
        found = []
        for token in facts.sentence.span:
            owners: list[Mention] = []
            owned = None
            nationality = False
            if token.lemma_.lower() in ("owner", "proprietor") and token.dep_ == "appos":
                owners = [self.party(facts, token.head)]
                of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                objects = [g for g in (of.children if of is not None else []) if g.dep_ == "pobj"]
                owned = next((facts.by_token.get(g.i) for g in objects), None) or \
                    next(filter(None, (self._owned_name(facts, g) for g in objects)), None)
            elif token.lower_ == "owned" and token.dep_ in ("acl", "amod", "advcl"):
                owned = facts.by_token.get(token.head.i)
                agent = next((c for c in token.children if c.dep_ == "agent"), None)
                by = [g for g in agent.children if g.dep_ == "pobj"] if agent is not None else []
                owners = self.parties(facts, by)[:1]
                if not owners:  # "Korean-owned": the owners' nationality
                    previous = token.nbor(-1) if token.i > 0 and token.nbor(-1).text == "-" else None
                    demonym = facts.by_token.get(previous.nbor(-1).i) if previous is not None else None
                    if demonym is not None and demonym.detail("demonym"):
                        owners, nationality = [demonym], True
            elif token.lemma_.lower() == "venture" and any(c.lower_ == "joint" for c in token.children):
                # "X is a joint venture between A and B", "X, a joint venture of A and B"
                subject = token.head if token.dep_ == "appos" else next(
                    (c for c in token.head.children if c.dep_ == "nsubj"), None) if token.dep_ == "attr" else None
                owned = self.party(facts, subject) if subject is not None else None
                # the partners: every organisation the "between" phrase names, however the parser nests them, and
                # a name it hung elsewhere after its noun ("and local company X")
                phrases = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("between", "of", "by")]
                owners = [m for c in phrases for m in facts.within(c)] + self.parties(
                    facts, [g for c in phrases for g in c.subtree if g.dep_ in ("pobj", "conj")])
                owners = [m for index, m in enumerate(owners) if m.kind == "organisation"
                          and all(m.key != other.key for other in owners[:index])]
            for owner in owners:
                if owner is None or owned is None or owned.kind != "organisation" or owner.key == owned.key:
                    continue
                label = f"{owned.label} is owned by {'people of ' if nationality else ''}{owner.label}"
                found.append(Candidate(f"ownership-{stable_id(document.id, 'ownership', owner.key, owned.key)}",
                                       document.id, "ownership", "Ownership", label, facts.sentence.start,
                                       facts.sentence.end, facts.sentence.text, 0.7,
                                       (("owner", owner.key), ("owned", owned.key), ("nationality", nationality)),
                                       (owner, owned)))
        return found

    def figures(self, document: Document, facts: SentenceFacts, used: set[int]) -> list[Candidate]:
        """An observation for each figure no event has taken as its amount: about the entity that owns what is
        measured ("X's exports", "exports of X", "X posted a profit of N", "Kim, 45,"), dated by a date of its
        own clause. An entity that is merely near (a place after "in", a nationality of another noun) is not
        what a figure is about."""
        found = []
        for mention in facts.mentions:
            if mention.kind not in FIGURE_KINDS or mention.start in used:
                continue
            token = next((t for t in facts.sentence.span if facts.by_token.get(t.i) is mention), None)
            # "exports will probably be less than 10 tonnes": a figure the text expects, marked as such
            expected = token is not None and not self.realis(clause_head(token), governing=False) and not any(
                c.dep_ == "relcl" and self.realis(c, governing=False)
                for c in (facts.root(mention) or token).head.children)
            # "… on top of the roughly 5,500 workers that have already relocated": its own clause states it
            about, date = (self._owner(facts, token, mention), self._own_date(facts, token)) if token is not None \
                else (None, None)
            unit = mention.detail("unit") if mention.kind == "count" else ""
            before, after = _measured_phrase(facts.sentence, token, mention, self.rules) \
                if token is not None else ("", "")
            if mention.detail("bare") and not before:
                continue  # a number the sentence does not say is a count of anything
            label = " ".join(filter(None, (before, mention.text + (f" {unit}" if unit and unit not in mention.text
                                                                    else ""), after)))
            if about and about.label not in label and len(f"{label} ({about.label})".split()) <= LABEL_WORDS:
                label += f" ({about.label})"  # a label stays short; the owner is linked either way
            label += " (expected)" if expected else ""
            details = tuple(mention.details) + (("about", about.key if about else ""), ("expected", expected))
            found.append(Candidate(f"figure-{stable_id(document.id, 'figure', str(mention.start), mention.text)}",
                                   document.id, "figure", "Observation", label, facts.sentence.start,
                                   facts.sentence.end, facts.sentence.text, 0.6 if expected else 0.7, details,
                                   tuple(m for m in (mention, about, date) if m)))
        return found

    def _owner(self, facts: SentenceFacts, token, mention: Mention) -> Mention | None:
        counted = next((m for m in facts.mentions if m.kind == "group" and mention.start <= m.start
                        <= mention.end + 1 and m.end >= mention.end), None) if mention.kind == "count" else None
        if counted is not None:  # "64 South Koreans": a count of that group
            return counted
        if mention.kind == "age":  # "Kim, 45," or "the 45-year-old Kim"
            holder = token.head if token.dep_ in ("appos", "amod", "npadvmod", "nummod") else None
            owner = facts.by_token.get(holder.i) if holder is not None else None
            if owner is None or owner.kind != "person" or any(
                    m.kind == "person" and owner.end <= m.start and m.end <= mention.start for m in facts.mentions):
                # "Lee, 34, Park, 29, and Choi, 41": the parser hangs every age on the first name; an age
                # right after a name and its comma is that name's
                text = facts.sentence.text
                return next((m for m in facts.mentions if m.kind == "person" and m.end <= mention.start and
                             text[m.end - facts.sentence.start:mention.start - facts.sentence.start] == ", "), None)
            return owner
        # Up from the number to the noun it measures ("profit" in "a profit of N", "exports" in "exports of N").
        measured = token
        while measured.head.i != measured.i and measured.dep_ in ("nummod", "quantmod", "compound", "pobj", "prep",
                                                                    "npadvmod", "appos", "nmod"):
            measured = measured.head
        for child in measured.children:  # "Korea's exports", "exports of Korea"
            if child.dep_ == "poss":
                owner = self.party(facts, child)
                if owner:
                    return owner
            if child.dep_ == "prep" and child.lower_ == "of":
                for grandchild in child.children:
                    owner = self.party(facts, grandchild) if grandchild.dep_ == "pobj" else None
                    if owner:
                        return owner
        # (a duration measures a time, not the subject: "Seoul and Phnom Penh mark 30 years of ties")
        if measured.dep_ in ("dobj", "attr", "oprd") and measured.head.pos_ in ("VERB", "AUX") and \
                mention.kind != "duration":
            subjects = [c for c in measured.head.children if c.dep_ == "nsubj"]
            owners = self.parties(facts, subjects)
            return owners[0] if len(owners) == 1 else None
        return None

    def _own_date(self, facts: SentenceFacts, token) -> Mention | None:
        clause = clause_head(token)
        return next((m for m in facts.within(clause) if m.kind == "date"
                     and not self._in_clause_below(clause, facts, m)), None)

    def agreements(self, document: Document, facts: SentenceFacts, events: list[Candidate],
                   posts: list[Mention]) -> list[Candidate]:
        """An agreement for each signing whose object is an agreement ("signed a memorandum of understanding on
        …"), with its signatories, and as parties the states or organisations that sign or whose post a
        signatory holds ("Korean Ambassador Choi Young-sam" signs for the Republic of Korea)."""
        represented = {post.key: post.detail("organisation_key") for post in posts if post.detail("organisation_key")}
        found = []
        for event in events:
            if event.cls != "Signing":
                continue
            verb = next(t for t in facts.sentence.span if t.text == event.detail("trigger"))
            things = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
            if verb.dep_ == "acl":  # "agreements signed by X and Y"
                things.append(verb.head)
            for thing in things:
                for each in (thing, *thing.conjuncts):
                    if each.lemma_.lower() not in AGREEMENT_NOUNS:
                        continue
                    topic = _topic(facts.sentence, each)
                    signatories = tuple(m for m in event.mentions if m.kind == "person")
                    parties = tuple(m.key for m in event.mentions if m.kind in ("country", "organisation"))
                    parties += tuple(sorted({represented[m.key] for m in signatories if m.key in represented}
                                            - set(parties)))
                    date = next((m for m in event.mentions if m.kind == "date"), None)
                    mou = each.lemma_.lower() in ("memorandum", "mou")
                    details = (("agreement", "mou" if mou else "agreement"), ("topic", topic),
                               ("parties", parties),
                               ("signatories", tuple(m.key for m in signatories)))
                    # "a $150 million loan agreement": the words that say what kind of agreement it is
                    kind = []
                    for word in reversed(list(each.lefts)):
                        if word.i != each.i - len(kind) - 1 or word.dep_ not in ("compound", "amod") or \
                                word.pos_ not in ("NOUN", "ADJ") or word.ent_type_ == "ORDINAL" or \
                                word.lower_ in ("new", "latest", "another", "other", "further", "separate"):
                            break  # ("a second deal", "a new agreement": which one, not what kind)
                        kind.insert(0, word.lower_)
                    if not kind and not topic and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                                      for c in each.children):
                        continue  # "the deal was signed by …": one the text named before, not another one
                    name = "memorandum of understanding" if mou else " ".join([*kind, each.lemma_.lower()])
                    label = name[0].upper() + name[1:] + (f" on {topic}" if topic else "")
                    found.append(Candidate(f"agreement-{stable_id(document.id, 'agreement', label.lower())}",
                                           document.id, "agreement", "Agreement", label[:120], facts.sentence.start,
                                           facts.sentence.end, facts.sentence.text, 0.7, details,
                                           signatories + ((date,) if date else ())))
        return found

    def named(self, document: Document, facts: SentenceFacts, mention: Mention) -> Candidate:
        """An agreement, a project, an instrument (a law, a plan) or an event the text names ("the Free Trade
        Agreement", "the Rural Development Project", "the Criminal Code", "the Mekong Summit"), labelled by its
        name. Its parties, funders and signatories are what other sentences say of it, not guessed from the name.
        An agreement or law that "took effect" or "enters into force" on a date the same clause gives starts
        then."""
        participants, took_part = self._participants(facts, mention) if mention.kind == "event" else ([], False)
        status, happened = self._event_status(facts, mention) if mention.kind == "event" else ("", False)
        planned = ()
        if participants and not took_part and self._plans_to_take_part(facts, mention):
            status, planned = "planned", tuple(m.key for m in participants)
        details = {"agreement": (("agreement", "agreement"), ("topic", ""), ("parties", ()), ("signatories", ())),
                   "event": (("plover", ""), ("symmetric", bool(participants)), ("actors", ()), ("targets", ()),
                             ("actor", ""), ("target", ""), ("named", True), ("status", status),
                             ("happened", happened or took_part), ("planned", planned))}.get(mention.kind, ())
        cls = mention.detail("class") or mention.kind.capitalize()
        label = mention.label + (f" ({status})" if status else "")
        start = self._in_force(facts, mention) if mention.kind in ("agreement", "instrument") else None
        if start is not None:
            details += (("in_force", True),)
        sentence = facts.sentence
        return Candidate(named_id(document, mention), document.id, mention.kind, cls, label, sentence.start,
                         sentence.end, sentence.text, 0.8, details,
                         (mention, start, *participants) if start else (mention, *participants))

    def _plans_to_take_part(self, facts: SentenceFacts, mention: Mention) -> bool:
        root = facts.root(mention)
        while root is not None and root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        governor = root.head.head if root is not None and root.dep_ == "pobj" and root.head.dep_ == "prep" \
            else root.head if root is not None else None
        return governor is not None and self.modality(governor) == "planned"

    def _event_status(self, facts: SentenceFacts, mention: Mention) -> tuple[str, bool]:
        """What the sentence says of a named event's taking place: "planned" when it will ("The X Expo will be
        held in May", "… is planned for November"); and whether it says it took place ("was held", "ended").
        A sentence that only names it says neither."""
        root = facts.root(mention)
        if root is None or root.dep_ not in ("nsubj", "nsubjpass") or root.head.pos_ not in ("VERB", "AUX"):
            return "", False
        verb = root.head
        if self.modality(verb) == "planned" or verb.lemma_.lower() in self.rules.future_words:
            return "planned", False
        return "", self.modality(verb) == "" and (verb.tag_ == "VBD" or verb.tag_ == "VBN" and any(
            c.dep_ == "auxpass" and c.tag_ == "VBD" for c in verb.children))

    def _participants(self, facts: SentenceFacts, mention: Mention) -> tuple[list[Mention], bool]:
        """Who takes part in a named event, as this sentence states it: the subject of a verb of taking part
        whose object it is ("X attended the Y Summit", "X and Z co-chaired …", "X took part in …"), or the agent of
        such a participle set on it ("the Y Expo, cohosted by X and Z"). "will attend" is a participation in an
        event still to come (the event is then planned); a negated or possible one is none. A place is where an
        event is (schema:location), so a province that hosts is left out rather than written as the event's
        place. Second, whether the sentence says the event took place (a participation in the past tense:
        "attended", not "cohosted by" of an event still to come)."""
        root = facts.root(mention)
        if root is None:
            return [], False
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head  # "attended the X Summit and the Y Summit": both
        def takes_part(verb) -> bool:  # the lemmatiser reads "cohosted" as "cohoste": the inflected form too
            return verb.lemma_.lower() in self.rules.participation_verbs or \
                re.sub(r"(?:ed|ing|s)$", "", verb.lower_) in self.rules.participation_verbs

        governor = root.head.head if root.dep_ == "pobj" and root.head.dep_ == "prep" else root.head
        if root.dep_ in ("dobj", "pobj") and governor.pos_ == "VERB" and takes_part(governor) \
                and self.modality(governor) is not None:
            subjects = [c for c in governor.children if c.dep_ in ACTOR_DEPS]
            if not subjects and governor.dep_ in ("xcomp", "advcl", "conj") and governor.head.pos_ == "VERB":
                # "X will lead a delegation to attend the Y Summit": the subject of the verb it completes
                subjects = [c for c in governor.head.children if c.dep_ in ACTOR_DEPS]
            return [m for m in self.parties(facts, subjects) if m.kind != "place"], \
                governor.tag_ == "VBD" and self.realis(governor)
        for participle in (c for c in root.children if c.dep_ == "acl" and c.tag_ == "VBN"):
            if takes_part(participle):
                agents = [g for c in participle.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
                return [m for m in self.parties(facts, agents) if m.kind != "place"], False
        return [], False

    @staticmethod
    def _in_force(facts: SentenceFacts, mention: Mention) -> Mention | None:
        """The date from which a named agreement applies: the verb it is the subject of (or that a relative
        clause on it has) says "take effect" or "enter into force", and that clause gives the date."""
        token = facts.root(mention)
        if token is None:
            return None
        verbs = ([token.head] if token.dep_ in ("nsubj", "nsubjpass") else []) + \
            [c for c in token.children if c.dep_ == "relcl"] + \
            [c for a in token.children if a.dep_ == "appos" for c in a.children if c.dep_ == "relcl"]
        for verb in verbs:
            if verb.lemma_.lower() in ("take", "enter", "come", "go") and any(
                    t.lower_ in ("effect", "force") for t in verb.subtree):
                return _most_precise([m for m in facts.within(verb) if m.kind == "date"])
        return None


def _claim(document: Document, facts: SentenceFacts, claimant: Mention, content: str, about: list[Mention],
           confidence: float) -> Candidate:
    """A claim of ``claimant`` in these words about these parties, one per claimant and content per document."""
    label = f"{claimant.label}: {content}"
    return Candidate(f"claim-{stable_id(document.id, 'claim', claimant.key, content.lower())}", document.id,
                     "claim", "Claim", label if len(label) <= 90 else label[:88] + "…", facts.sentence.start,
                     facts.sentence.end, facts.sentence.text, confidence,
                     (("claimant", claimant.key), ("content", content), ("about", tuple(m.key for m in about))),
                     (claimant, *about))


def named_id(document: Document, mention: Mention) -> str:
    """The candidate id of the agreement, project, law or event a mention names: one per name per document."""
    return f"{mention.kind}-{stable_id(document.id, mention.kind, 'named', mention.key)}"


def _pair(document: Document, facts: SentenceFacts, cls: str, label: str, first: tuple[str, Mention],
          second: tuple[str, Mention]) -> Candidate:
    """A fact that relates two entities (an affiliation, a nationality, a location), one per pair per document:
    its kind is its class in lower case, its details name each entity by its role."""
    (first_role, one), (second_role, other) = first, second
    kind = cls.lower()
    return Candidate(f"{kind}-{stable_id(document.id, kind, f'{one.key}|{other.key}')}", document.id, kind, cls,
                     label, facts.sentence.start, facts.sentence.end, facts.sentence.text, 0.7,
                     ((first_role, one.key), (second_role, other.key)), (one, other))


def _topic(sentence: Sentence, noun) -> str:
    """What an agreement is about: the phrase after "on", "for", "concerning" or "about" that completes its noun
    ("a memorandum of understanding on the Employment Permit System"), without a place or date after it."""
    walker = noun
    while True:
        of = next((c for c in walker.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None or not any(g.lower_ == "understanding" for g in of.children):
            break
        walker = next(g for g in of.children if g.lower_ == "understanding")
    about = next((c for c in walker.children if c.dep_ == "prep" and c.lower_ in ("on", "for", "concerning", "about")),
                 None)
    objects = [g for g in about.children if g.dep_ == "pobj"] if about is not None else []
    if not objects:
        return ""
    head = objects[0]
    cut = min((t.i for child in head.children if child.dep_ == "prep" and child.lower_ in ("in", "at")
               for t in child.subtree), default=None)
    tokens = [t for t in head.subtree if cut is None or t.i < cut]
    first, last = tokens[0], tokens[-1]
    begin, end = sentence.offset(first) - sentence.start, sentence.offset(last) + len(last.text) - sentence.start
    return sentence.text[begin:end].strip(" ,")


def _measured_phrase(sentence: Sentence, token, mention: Mention, rules: Rules) -> tuple[str, str]:
    """The words naming what a figure measures, for its label, as the words before the number and the words
    after it: a noun the number modifies ("a 33 percent decline in visitors"), a noun whose "of" it completes
    ("a net profit of 90.7 billion won", "a fine of almost $2,500"), the subject of a verb of amounting ("the
    volume of goods amounted to $376 million", "exports, standing at $40 million"), or the verb the amount is
    the subject of ("$28.9 million was shipped in June"), what was spent, paid or earned and what for ("spent
    $2,500 on fees"); what a share is a share of ("12 percent of its exports"); the period of a rate ("$300 a
    month"). A count's noun is already its unit ("3,500 workers")."""
    if mention.kind == "count" and not mention.detail("bare"):
        return "", ""
    walker = token
    while walker.head.i != walker.i and mention.start <= sentence.offset(walker.head) < mention.end:
        walker = walker.head  # the number's own head word inside the mention ("percent" of "33 percent")
    before, after = _measured_by(sentence, walker, mention, rules)
    return before, " ".join(filter(None, (_rate(walker, mention), after or _share_of(walker, mention))))


def _rate(inside, mention: Mention) -> str:
    """ "per month" or "a year" after an amount of money: what it is paid or earned in, part of what it means."""
    if mention.kind != "money":
        return ""
    for child in inside.children:
        if child.i < inside.i:
            continue
        if child.dep_ == "prep" and child.lower_ == "per":
            period = next((g for g in child.children if g.dep_ == "pobj" and g.pos_ == "NOUN"), None)
            if period is not None:
                return f"per {period.text}"
        if child.dep_ == "npadvmod" and child.pos_ == "NOUN" and \
                any(d.dep_ == "det" and d.lower_ in ("a", "an", "each", "every") for d in child.children):
            return " ".join(t.text for t in child.subtree)
    return ""


def _share_of(inside, mention: Mention) -> str:
    """ "of its GDP" after "40 percent": the whole a percentage is a share of, when the text names it."""
    if mention.kind != "percent":
        return ""
    attached = next((c for c in inside.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > inside.i), None)
    whole = next((g for g in attached.children if g.dep_ == "pobj"), None) if attached is not None else None
    if whole is None or whole.pos_ != "NOUN":
        return ""  # "of that", "of which": what it refers to is in another clause; "of Laos": of what of Laos?
    return " ".join([attached.text, *[t.text for t in whole.subtree if t.dep_ not in ("punct", "acl", "relcl", "prep")
                                      and t.i <= whole.i]])


def _measured_by(sentence: Sentence, inside, mention: Mention, rules: Rules) -> tuple[str, str]:
    walker = inside
    while walker.head.i != walker.i and walker.dep_ in ("nummod", "quantmod", "compound", "amod", "npadvmod") \
            and sentence.offset(walker.head) >= mention.end:
        walker = walker.head
    if walker.i != inside.i and walker.pos_ == "NOUN" and sentence.offset(walker) >= mention.end:
        words = [walker.text]
        attached = next((c for c in walker.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "for")), None)
        objects = [g for g in attached.children if g.dep_ == "pobj"] if attached is not None else []
        if objects and objects[0].pos_ in ("NOUN", "PROPN"):
            words += [attached.text, *[t.text for t in objects[0].subtree if t.dep_ != "punct"][:4]]
        return "", " ".join(words)
    holder = inside.head
    if inside.dep_ in ("prep", "appos") and holder.pos_ == "NOUN" and holder.i < inside.i and \
            sentence.offset(holder) < mention.start:
        return _noun_phrase(holder), ""  # "higher monthly salaries – between $800 and $1,500"
    if inside.dep_ == "pobj" and holder.lower_ == "at" and holder.head.pos_ == "NOUN":
        return f"{_noun_phrase(holder.head, complement=True)} at", ""  # "return on equity … at 29.4 percent"
    if inside.dep_ == "npadvmod" and holder.lower_ == "worth" and holder.head.pos_ == "NOUN":
        # "exported goods worth $512 million": the thing it is the value of, and what was done with it
        thing = holder.head
        verb = thing.head.text if thing.dep_ in ("dobj", "nsubjpass") and thing.head.pos_ == "VERB" else ""
        return " ".join(filter(None, (verb, _noun_phrase(thing), "worth"))), ""
    # "of" right after its noun: across a dash or a bracket the parser often hangs it on the wrong noun
    # and not a figure's own unit ("16 percent of the 900 tonnes": the tonnes are not a measure of percent)
    if inside.dep_ == "pobj" and holder.lower_ == "of" and holder.head.pos_ == "NOUN" and \
            holder.i == holder.head.i + 1 and not any(c.dep_ == "nummod" for c in holder.head.children):
        return f"{_noun_phrase(holder.head)} of", ""
    if inside.dep_ == "pobj" and holder.lower_ == "of":  # "a trade deficit – the gap between … – of $90 million"
        noun = _before_aside(sentence, holder)
        if noun is not None:
            return f"{_noun_phrase(noun)} of", ""
    # "… amounted to $376 million" (the amount after a preposition) or "… reached $40 million" (its object);
    # a share "accounts for" its percentage
    verb = holder.head if inside.dep_ == "pobj" and (holder.lower_ in ("to", "at", "by") or (
        holder.lower_ == "for" and mention.kind == "percent")) \
        else holder if inside.dep_ in ("dobj", "attr") else None  # not "from five", "in two years"
    if verb is not None and verb.pos_ == "VERB" and verb.lemma_.lower() in rules.amounting_verbs:
        subject = _amounting_subject(verb)
        if subject is not None:
            return " ".join((_noun_phrase(subject, complement=True), verb.text) +
                            ((holder.text,) if inside.dep_ == "pobj" else ())), ""
    first = inside
    while first.dep_ == "conj" and first.head.pos_ != "VERB":  # "spent $300 on fees and up to $2,500 on …"
        first = first.head
    verb = first.head  # a second object is often read as a conjunct of the verb itself
    if mention.kind == "money" and first.dep_ in ("dobj", "conj") and verb.pos_ == "VERB" and \
            verb.lemma_.lower() in rules.spending_verbs:  # "victims spent up to $2,500 on fees"
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
        purpose = next((c for c in (*inside.children, *verb.children) if c.dep_ == "prep"
                        and c.lower_ in ("for", "on", "in") and c.i > inside.i), None)
        thing = next((g for g in purpose.children if g.dep_ == "pobj" and g.pos_ == "NOUN"), None) \
            if purpose is not None else None
        return (" ".join(filter(None, (_noun_phrase(subject) if subject is not None else "", verb.text))),
                f"{purpose.text} {_noun_phrase(thing, complement=True)}" if thing is not None else "")
    if mention.kind == "money" and inside.dep_ in ("nsubj", "nsubjpass") and inside.head.pos_ == "VERB" \
            and inside.head.lower_ != mention.text.split()[-1].lower():  # "won", the currency, misread as a verb
        verb = inside.head
        place = next((c for c in verb.children if c.dep_ == "prep" and c.i > verb.i), None)
        objects = [g for g in place.children if g.dep_ == "pobj"] if place is not None else []
        return "", " ".join([verb.text] + ([place.text, *[t.text for t in objects[0].subtree][:3]] if objects else []))
    return "", ""


def _amounting_subject(verb):
    """The thing a verb of amounting measures: its subject, or, for a participle without one, the subject of the
    clause it hangs on ("exports rose, standing at …") or the noun it describes ("an industry accounting for …").
    A thing, not who has it: a person or a state is the owner, not what is measured."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ == "advcl" and verb.tag_ == "VBG":
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    elif not subjects and verb.dep_ == "acl" and verb.tag_ == "VBG":
        subjects = [verb.head]
    return next((s for s in subjects if s.pos_ in ("NOUN", "PROPN") and s.ent_type_ not in ("PERSON", "GPE")), None)


def _before_aside(sentence: Sentence, preposition):
    """The noun right before an aside set off by dashes or brackets that ``preposition`` follows ("a deficit –
    the amount by which … – of"), which the parser tends to take for the aside's last noun's complement."""
    closing = sentence.span.doc[preposition.i - 1] if preposition.i > sentence.span.start else None
    pairs = {"–": "–", "—": "—", "-": "-", ")": "("}
    if closing is None or closing.text not in pairs:
        return None
    opening = next((t for t in reversed(sentence.span.doc[sentence.span.start:closing.i])
                    if t.text == pairs[closing.text]), None)
    noun = sentence.span.doc[opening.i - 1] if opening is not None and opening.i > sentence.span.start else None
    return noun if noun is not None and noun.pos_ == "NOUN" else None


def _noun_phrase(noun, complement: bool = False) -> str:
    """A noun with the words that qualify it before it ("net profit", "trade deficit") and, when asked, a short
    "of" or "on" phrase after it ("volume of goods", "return on equity")."""
    words = [w.text for t in noun.lefts if t.dep_ in ("amod", "compound") for w in t.subtree] + [noun.text]
    attached = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "on")), None) \
        if complement else None
    objects = [g for g in attached.children if g.dep_ == "pobj"] if attached is not None else []
    if objects and objects[0].pos_ in ("NOUN", "PROPN"):
        words += [attached.text, *[t.text for t in objects[0].subtree if t.dep_ not in ("punct", "acl", "relcl")
                                   and t.i <= objects[0].i]]
    return " ".join(words)


def _unnamed(noun) -> str:
    """The words of a noun phrase naming no entity, with its numbers ("more than 3,000 people")."""
    words = [w for t in noun.lefts if t.dep_ in ("det", "amod", "compound", "nummod", "quantmod") for w in t.subtree]
    first = min((w.i for w in words), default=noun.i)
    text = noun.doc[first:noun.i + 1].text  # as written ("a 25-year power purchase agreement")
    # (but "A memorandum …" at a sentence's start is "a memorandum" inside a label)
    return text[0].lower() + text[1:] if noun.doc[first].dep_ == "det" else text


def _most_precise(dates: list[Mention]) -> Mention | None:
    """The date of an event from the dates of its clause: the most precise, and a day without a year completed
    by the one year the same clause states ("their first meeting of 2024 on January 25" → 2024-01-25)."""
    if not dates:
        return None
    rank = {"day": 0, "month": 1, "year": 2}
    best = min(dates, key=lambda m: rank.get(m.detail("precision"), 3))
    years = {m.detail("value") for m in dates if m.detail("precision") == "year"}
    if str(best.detail("value", "")).startswith("--") and len(years) == 1:
        value = f"{next(iter(years))}{best.detail('value')[1:]}"
        return replace(best, details=(("value", value), ("precision", best.detail("precision")),
                                      ("note", "year stated in the same clause")))
    return best


def clause_head(token):
    """The verb heading the clause a token is in (the sentence's root at the top)."""
    walker = token
    while walker.head.i != walker.i and walker.pos_ not in ("VERB", "AUX"):
        walker = walker.head
    return walker


def present(lemma: str) -> str:
    """Third person singular present of a verb lemma, particles kept ("call on" → "calls on")."""
    verb, _, rest = lemma.partition(" ")
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        verb += "es"
    elif verb.endswith("y") and verb[-2:-1] not in "aeiou":
        verb = verb[:-1] + "ies"
    else:
        verb += "s"
    return f"{verb} {rest}".strip()
