"""Candidate facts as RDF: the extractor's output in the same shapes as curated facts, each with evidence that
names the extractor (and its version) and a confidence below 1."""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from graph.assemble import RDF_TYPE, bo, document_node, evidence_triples, literal, node, term
from graph.corpus import Document
from graph.extraction.model import Candidate, Mention
from graph.extraction.rules import slugify
from graph.kinds import entity_kinds, kind_of

DATE_TYPES = {10: "date", 7: "gYearMonth", 4: "gYear"}
CLAIM_KINDS = {"ACCUSE": "claim-accusation", "REJECT": "claim-denial"}


@cache
def _entity_class(candidate_class: str) -> str:
    """The ontology class of an entity candidate's class ("Person" → "schema:Person"; the registry of kinds)."""
    return next(kind.cls for kind in entity_kinds() if kind.candidate == candidate_class)


def agent_slug(version: str) -> str:
    return f"agent-bilat-extractor-{slugify(version)}"


def agent_triples(version: str) -> list[ox.Triple]:
    agent = node(agent_slug(version))
    return [ox.Triple(agent, RDF_TYPE, term("prov:SoftwareAgent")),
            ox.Triple(agent, term("skos:prefLabel"), literal(f"bilat extractor {version}", language="en"))]


def fact_node(candidate: Candidate | str) -> ox.NamedNode:
    """The node of a candidate's fact (or of the candidate with this id)."""
    return node(f"x-{candidate if isinstance(candidate, str) else candidate.id}")


def candidate_triples(candidate: Candidate, document: Document, known: set[str], version: str) -> list[ox.Triple]:
    """Triples of one candidate. Entities the graph already knows (``known`` slugs) only gain a mention."""
    writer = {"entity": _entity, "role": _role, "figure": _figure, "event": _event,
              "agreement": _agreement, "quotation": _quotation,
              "affiliation": _pair("Affiliation", ("bo:member", "member"), ("bo:memberOf", "member_of")),
              "nationality": _pair("Nationality", ("bo:national", "national"), ("bo:country", "country")),
              "location": _pair("Location", ("bo:located", "located"), ("schema:location", "location")),
              "claim": _statement, "ownership": _ownership, "project": _named("Project"),
              "instrument": _named("Instrument")}[candidate.kind]
    subject, triples = writer(candidate, known)
    if subject is None:
        return []
    source = document_node(document)
    triples.append(ox.Triple(subject, term("prov:wasDerivedFrom"), source))
    # The first statement, then each restatement (a headline and the body saying the same), each its evidence.
    for number, (start, end) in enumerate(((candidate.start, candidate.end), *candidate.evidence)):
        evidence = node(f"doc-{document.id}-xev-{candidate.id}" + (f"-{number}" if number else ""))
        triples.append(ox.Triple(subject, bo("evidence"), evidence))
        triples += evidence_triples(evidence, source, document, start, end, agent=agent_slug(version),
                                    confidence=str(candidate.confidence))
    if candidate.kind != "entity":
        triples += [ox.Triple(subject, bo("candidateId"), literal(candidate.id)),
                    ox.Triple(subject, term("skos:prefLabel"), literal(candidate.label, language="en"))]
    return triples


def _entity(candidate: Candidate, known: set[str]):
    slug = candidate.detail("slug")
    subject = node(slug)
    if slug in known:
        return subject, []
    return subject, [ox.Triple(subject, RDF_TYPE, term(_entity_class(candidate.cls))),
                     ox.Triple(subject, term("skos:prefLabel"), literal(candidate.label, language="en"))]


def _role(candidate: Candidate, known: set[str]):
    person = candidate.mentions[0]
    title, organisation = candidate.detail("title"), candidate.detail("organisation")
    # the post is the organisation's, by its identifier: two documents' "Ministry of Foreign Affairs" may be two
    # states' ministries with one name (see graph.extraction.linking)
    where = candidate.detail("organisation_key") or slugify(organisation or "")
    post = node("post-" + slugify(title + (" " + where if where else "")))
    subject = fact_node(candidate)
    triples = [ox.Triple(subject, RDF_TYPE, bo("PostHolding")),
               ox.Triple(subject, term("org:member"), node(person.key)),
               ox.Triple(subject, bo("post"), post)]
    if post.value.removeprefix(node("").value) not in known:
        label = title[0].upper() + title[1:] + (f", {organisation}" if organisation else "")
        triples += [ox.Triple(post, RDF_TYPE, term("org:Post")),
                    ox.Triple(post, term("skos:prefLabel"), literal(label, language="en")),
                    ox.Triple(post, term("org:role"), bo("role-" + candidate.detail("role")))]
        if candidate.detail("organisation_key"):
            triples.append(ox.Triple(post, term("org:postIn"), node(candidate.detail("organisation_key"))))
    if candidate.detail("organisation_key"):
        # The membership names its organisation too (org:Membership's own link), so "who works where" is one hop.
        triples.append(ox.Triple(subject, term("org:organization"), node(candidate.detail("organisation_key"))))
    return subject, triples


def _amount_triples(subject: ox.NamedNode, mention: Mention) -> list[ox.Triple]:
    """Value or bounds, the approximation, and the words as stated: "over 300 million" is a lower bound, not
    300 million."""
    triples = []
    for detail, prop in (("value", "schema:value"), ("minimum", "schema:minValue"), ("maximum", "schema:maxValue")):
        if mention.detail(detail):
            triples.append(ox.Triple(subject, term(prop), literal(mention.detail(detail), "decimal")))
    return triples + [ox.Triple(subject, bo("approximation"), bo(mention.detail("approximation", "exact"))),
                      ox.Triple(subject, bo("asStated"), literal(mention.text))]


def _figure(candidate: Candidate, known: set[str]):
    figure = candidate.mentions[0]
    subject = fact_node(candidate)
    measure = {"money": "measure-money", "count": "measure-count", "percent": "measure-percentage",
               "age": "measure-age", "duration": "measure-duration", "measure": "measure-quantity"}[figure.kind]
    triples = [ox.Triple(subject, RDF_TYPE, bo("Observation")),
               ox.Triple(subject, term("schema:measuredProperty"), bo(measure)),
               ox.Triple(subject, term("schema:unitText"), literal(figure.detail("unit")))]
    triples += _amount_triples(subject, figure)
    if candidate.detail("expected"):  # a forecast or a planned figure, not an observed one
        triples.append(ox.Triple(subject, bo("status"), bo("status-expected")))
    for mention in candidate.mentions[1:]:
        if mention.kind == "date":
            triples += _dates(subject, mention, "schema:observationDate")
        else:
            triples.append(ox.Triple(subject, term("schema:observationAbout"), node(mention.key)))
    return subject, triples


def _dates(subject: ox.NamedNode, mention: Mention, prop: str) -> list[ox.Triple]:
    if mention.detail("start"):
        return [ox.Triple(subject, term("schema:startDate"), literal(mention.detail("start"), "gYear")),
                ox.Triple(subject, term("schema:endDate"), literal(mention.detail("end"), "gYear"))]
    value = mention.detail("value")
    datatype = "gMonthDay" if value.startswith("--") and len(value) == 7 else (
        "gMonth" if value.startswith("--") else DATE_TYPES[len(value)])
    triples = [ox.Triple(subject, term(prop), literal(value, datatype))]
    if mention.detail("note"):
        triples.append(ox.Triple(subject, bo("dateNote"), literal(mention.detail("note"))))
    return triples


def _event(candidate: Candidate, known: set[str]):
    subject = fact_node(candidate)
    actors, targets = candidate.detail("actors", ()), candidate.detail("targets", ())
    plover = candidate.detail("plover")
    cls = candidate.cls
    if cls == "Claim":
        return _claim(subject, candidate, actors, targets, plover)
    kind = kind_of(cls)  # which properties name its actors and targets, or its parties
    triples = [ox.Triple(subject, RDF_TYPE, bo(cls))]
    if cls == "Financing":
        triples.append(ox.Triple(subject, bo("financingKind"), bo("financing-assistance")))
    elif plover:
        triples.append(ox.Triple(subject, bo("ploverType"), term("plover:" + plover)))
    if cls == "DiplomaticMilestone":
        triples.append(ox.Triple(subject, bo("milestoneKind"), bo("milestone-elevated")))
    if not kind.directed:
        parties = sorted(set(actors) | set(targets))
        triples += [ox.Triple(subject, term(kind.parties[0]), node(key)) for key in parties]
    elif not candidate.detail("symmetric"):  # "X and Y met": participants, neither acts on the other
        triples += [ox.Triple(subject, term(kind.actors[0]), node(key)) for key in actors]
        triples += [ox.Triple(subject, term(kind.targets[0]), node(key)) for key in targets]
    for mention in candidate.mentions:
        triples += _event_argument(subject, mention, cls)
    if candidate.detail("project"):  # the named project of the same document the financing pays for
        triples.append(ox.Triple(subject, bo("financedProject"), fact_node(candidate.detail("project"))))
    if candidate.detail("status"):  # "will visit": the source says it is to happen, not that it happened
        triples.append(ox.Triple(subject, bo("status"), bo(f"status-{candidate.detail('status')}")))
    return subject, triples


def _event_argument(subject: ox.NamedNode, mention: Mention, cls: str) -> list[ox.Triple]:
    if mention.kind in ("person", "organisation", "country"):
        return [] if cls == "Financing" else [ox.Triple(subject, bo("participant"), node(mention.key))]
    if mention.kind == "date":
        return _dates(subject, mention, "schema:startDate")
    if mention.kind == "place":
        return [ox.Triple(subject, term("schema:location"), node(mention.key))]
    if mention.kind == "money":
        amount = node(f"{subject.value.removeprefix(node('').value)}-amount")
        return [ox.Triple(subject, bo("amount"), amount), ox.Triple(amount, RDF_TYPE, term("schema:MonetaryAmount")),
                ox.Triple(amount, term("schema:currency"), literal(mention.detail("currency")))] + \
            _amount_triples(amount, mention)
    return []


def _claim(subject: ox.NamedNode, candidate: Candidate, claimants: tuple, about: tuple, plover: str):
    if not claimants:
        return None, []
    return subject, _claim_triples(subject, CLAIM_KINDS[plover], claimants, about, candidate.quote)


def _claim_triples(subject: ox.NamedNode, kind: str, claimants, about, content: str) -> list[ox.Triple]:
    """A claim: who claims it, of what kind, about what, in which words."""
    triples = [ox.Triple(subject, RDF_TYPE, bo("Claim")), ox.Triple(subject, bo("claimKind"), bo(kind)),
               ox.Triple(subject, bo("content"), literal(content))]
    triples += [ox.Triple(subject, bo("claimant"), node(key)) for key in claimants]
    return triples + [ox.Triple(subject, bo("about"), node(key)) for key in about]


def _quotation(candidate: Candidate, known: set[str]):
    subject = fact_node(candidate)
    return subject, [ox.Triple(subject, RDF_TYPE, bo("Quotation")),
                     ox.Triple(subject, bo("speaker"), node(candidate.detail("speaker"))),
                     ox.Triple(subject, term("schema:text"), literal(candidate.detail("text")))]


def _statement(candidate: Candidate, known: set[str]):
    """Reported speech: a position its claimant stated, in the reported clause's words."""
    subject = fact_node(candidate)
    return subject, _claim_triples(subject, "claim-position", (candidate.detail("claimant"),),
                                   candidate.detail("about"), candidate.detail("content"))


def _ownership(candidate: Candidate, known: set[str]):
    subject = fact_node(candidate)
    owner = "ownerNationality" if candidate.detail("nationality") else "owner"
    return subject, [ox.Triple(subject, RDF_TYPE, bo("Ownership")),
                     ox.Triple(subject, bo(owner), node(candidate.detail("owner"))),
                     ox.Triple(subject, bo("owned"), node(candidate.detail("owned")))]


def _pair(cls: str, first: tuple[str, str], second: tuple[str, str]):
    """The writer of a fact relating two entities: its class, and for each entity the property that names it
    and the detail that holds it."""
    def write(candidate: Candidate, known: set[str]):
        subject = fact_node(candidate)
        return subject, [ox.Triple(subject, RDF_TYPE, bo(cls))] + [
            ox.Triple(subject, term(prop), node(candidate.detail(detail))) for prop, detail in (first, second)]
    return write


def _named(cls: str):
    """The writer of a thing known by its name alone (a project, a law): its class, and the day it takes effect."""
    def write(candidate: Candidate, known: set[str]):
        subject = fact_node(candidate)
        triples = [ox.Triple(subject, RDF_TYPE, bo(cls))]
        for mention in candidate.mentions:
            if mention.kind == "date":
                triples += _dates(subject, mention, "schema:startDate")
        return subject, triples
    return write


def _agreement(candidate: Candidate, known: set[str]):
    subject = fact_node(candidate)
    kind = "agreement-mou" if candidate.detail("agreement") == "mou" else None
    triples = [ox.Triple(subject, RDF_TYPE, bo("Agreement"))]
    if kind:
        triples.append(ox.Triple(subject, bo("agreementKind"), bo(kind)))
    if candidate.detail("topic"):
        triples.append(ox.Triple(subject, bo("topic"), literal(candidate.detail("topic"))))
    triples += [ox.Triple(subject, bo("party"), node(key)) for key in candidate.detail("parties")]
    triples += [ox.Triple(subject, bo("participant"), node(key)) for key in candidate.detail("signatories")]
    for mention in candidate.mentions:
        if mention.kind == "date":  # the day it takes effect, or else the day it was made
            triples += _dates(subject, mention, "schema:startDate" if candidate.detail("in_force")
                              else "schema:dateCreated")
    return subject, triples
