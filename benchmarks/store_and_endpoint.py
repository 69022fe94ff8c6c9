"""Store and endpoint benchmark: rdflib in memory against the on-disk Oxigraph store, and the read-only endpoint.

Run from the repository root:

    python benchmarks/store_and_endpoint.py                   # 10k, 100k and 1M triples; plain-text tables + PNG
    python benchmarks/store_and_endpoint.py --markdown        # the same tables in Markdown
    python benchmarks/store_and_endpoint.py --sizes 10000,100000 --duration 10    # a quick run

What it does, for each size (``--sizes``, default 10,000, 100,000 and 1,000,000 triples):

* **Synthetic graph.** A seeded generator (``--seed``) writes a graph in the shape ``bilat build`` produces
  (``out/graph.trig``): the real ontology (``ontology/bilat.ttl``) in ``:graph-ontology``; countries, places,
  people (``schema:Person`` + ``skos:prefLabel``), organisations and posts (``org:Post``) in
  ``:graph-curated-entities``; documents (``bo:Document``, ``dcterms:title``…) in ``:graph-documents``; and one
  named graph per document (``:graph-curated-<id>``) with its facts — post holdings (``org:member``, ``bo:post``,
  ``schema:startDate``), meetings, visits and communications (``bo:ploverType plover:X``, ``bo:participant``,
  ``schema:startDate``, ``schema:location``), financing (``bo:funder``, ``bo:recipient``, ``bo:amount`` →
  ``schema:MonetaryAmount`` with ``schema:value``, ``schema:currency "USD"``, ``bo:asStated``), projects,
  observations, claims, quotations, diplomatic milestones, agreements, crackdowns — and entity mentions. Every
  fact and mention has its provenance, as in the real graph: ``prov:wasDerivedFrom`` the document and
  ``bo:evidence`` → ``oa:SpecificResource`` (``oa:hasSource``; ``oa:hasSelector`` → ``oa:TextQuoteSelector``
  ``oa:exact`` and ``oa:TextPositionSelector`` ``oa:start``/``oa:end``). IRIs are those of the real graph
  (``https://bilat.example/id/``; the anchors the competency questions name — ``:hun-sen``,
  ``:post-president-rok``, ``:doc-003_30c4707a8c52a9b1``… — exist), so every question has answers that grow with
  the size. The graph is written as N-Quads to a temporary folder; generation is not timed.
* **rdflib** (in memory, in a fresh spawned process): ``rdflib.Dataset(default_union=True)``, ``parse(format=
  "nquads")`` timed; then each competency question (``ontology/queries/*.rq``) up to ``--reps`` times (once from
  1M triples up). The rdflib query series of one size may take at most ``--rdflib-budget`` seconds: each question
  gets an equal share of what is left, a run that overruns its share is interrupted and the question reported as
  "> share" (a lower bound). rdflib is skipped above ``--rdflib-max`` triples, or when the load projected from
  the previous size would exceed ``--rdflib-load-budget`` seconds.
* **Oxigraph** (on disk): ``pyoxigraph.Store(dir).bulk_load(N-Quads)`` timed; then each question ``--reps``
  times with ``use_default_graph_as_union=True``.
* Reported per engine: load time, median and p95 query latency over all runs of all questions, the slowest
  question (highest median), and the speed-up rdflib / Oxigraph for load and median query.

Then the **endpoint**: the store of the largest size is served by ``oxigraph serve-read-only --location DIR
--bind 127.0.0.1:PORT --union-default-graph --timeout-s 30`` (the binary next to ``sys.executable``, else on
PATH; a free loopback port), and ``--clients`` threads (16) send the competency questions round-robin as
``GET /query`` for ``--duration`` seconds (30), each over its own keep-alive connection: requests/s, p50/p99
latency and errors. The server is stopped by its PID at the end. Only loopback traffic.

Last, the targets with PASS/FAIL (at 1M triples, or the largest size run): Oxigraph ≥ 10× faster than rdflib
in memory for load and for the median query; every competency question's median < 100 ms on Oxigraph; no
endpoint errors. A PNG (``--plot``, default ``benchmarks/store_and_endpoint.png``) shows load time and median
query latency against size for both engines (needs matplotlib; without it the plot is skipped with a message).

The default run takes 6½–8 minutes on 2 cores; memory peaks at about 2.4 GB (rdflib at 1M triples).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import http.client
import itertools
import json
import math
import multiprocessing as mp
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "bilat.ttl"
QUERIES_DIR = ROOT / "ontology" / "queries"
DEFAULT_PLOT = ROOT / "benchmarks" / "store_and_endpoint.png"

TARGET_SPEEDUP = 10.0      # Oxigraph vs rdflib in memory, load and median query, at 1M triples
TARGET_QUESTION_MS = 100.0  # every competency question's median on Oxigraph at 1M triples
TARGET_SIZE = 1_000_000
LARGE = 1_000_000           # from this size rdflib runs each question once
SERVER_TIMEOUT = 30         # seconds, the endpoint's --timeout-s (as `bilat serve` defaults to)

# --- vocabulary -----------------------------------------------------------------------------------------------

ID = "https://bilat.example/id/"
BO = "https://bilat.example/ontology#"
PLOVER = "https://bilat.example/plover#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
DCT = "http://purl.org/dc/terms/"
CITO = "http://purl.org/spar/cito/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def i(local: str) -> str:
    """An IRI of the data (``:local``) as an N-Triples term."""
    return f"<{ID}{local}>"


def bo(local: str) -> str:
    return f"<{BO}{local}>"


A = f"<{RDF}type>"
PREF = f"<{SKOS}prefLabel>"
DERIVED = f"<{PROV}wasDerivedFrom>"
EVIDENCE = f"<{BO}evidence>"
START_DATE = f"<{SCHEMA}startDate>"
LOCATION = f"<{SCHEMA}location>"


def text(value: str, lang: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def typed(value, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


# --- synthetic graph ------------------------------------------------------------------------------------------

KOREAN_FAMILY = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo",
                 "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong"]
KOREAN_GIVEN = ["Min-jun", "Ji-won", "Seo-yeon", "Hyun-woo", "Soo-bin", "Da-eun", "Tae-hoon", "Sung-min",
                "Hye-jin", "Eun-ji", "Do-hyun", "Ye-rin", "Chan-ho", "Gyu-ri", "Joo-won"]
KHMER_FAMILY = ["Sok", "Chea", "Heng", "Keo", "Chan", "Meas", "Pich", "Ouk", "Prak", "Seng", "Tep", "Ly", "Nhem",
                "Hem", "Long", "Vong", "Yim", "Chhun", "Pen", "Sor"]
KHMER_GIVEN = ["Sophal", "Vanna", "Dara", "Rith", "Piseth", "Bopha", "Samnang", "Vichet", "Malis", "Sreymom",
               "Chanthy", "Phalla", "Kosal", "Rotha", "Sitha"]
ORG_KINDS = ["Ministry of Commerce", "Chamber of Commerce", "Development Institute", "Trade Association",
             "Garment Manufacturers Association", "Labour Union", "Investment Bank", "Construction Company",
             "University", "Research Centre", "Hospital", "Provincial Administration"]
PLACE_KINDS = ["Province", "District", "Industrial Park", "Special Economic Zone", "Port", "Commune"]
WORDS = ["cooperation", "investment", "workers", "trade", "road", "bridge", "training", "garment", "factory",
         "agreement", "development", "partnership", "assistance", "exports", "tourism", "security", "election",
         "protest", "wages", "loan", "grant", "embassy", "relations", "summit", "delegation", "friendship"]
CLAIM_FLAVOURS = ["flights between the two countries should resume", "visa rules should be eased",
                  "the embassy pressed the government", "wages must rise", "the loan terms are fair",
                  "the project will create jobs", "the workers were treated unfairly", "trade will double"]
COUNTRIES = ["cambodia", "republic-of-korea", "north-korea", "china", "japan", "laos", "vietnam", "thailand",
             "united-states", "australia"]
COUNTRY_LABELS = {"cambodia": "Cambodia", "republic-of-korea": "Republic of Korea", "north-korea": "North Korea",
                  "china": "China", "japan": "Japan", "laos": "Laos", "vietnam": "Vietnam", "thailand": "Thailand",
                  "united-states": "United States", "australia": "Australia"}
ANCHOR_PEOPLE = {"hun-sen": "Hun Sen", "hun-manet": "Hun Manet", "norodom-sihanouk": "Norodom Sihanouk",
                 "kim-dae-jung": "Kim Dae-jung", "roh-moo-hyun": "Roh Moo-hyun", "lee-myung-bak": "Lee Myung-bak",
                 "park-geun-hye": "Park Geun-hye", "moon-jae-in": "Moon Jae-in", "yoon-suk-yeol": "Yoon Suk Yeol",
                 "park-jung-wook": "Park Jung-wook", "kim-han-soo": "Kim Han-soo"}
ANCHOR_POSTS = {  # post: (label, role, country)
    "post-president-rok": ("President of the Republic of Korea", "role-president", "republic-of-korea"),
    "post-ambassador-rok-to-cambodia": ("Ambassador of the Republic of Korea to Cambodia", "role-ambassador",
                                        "republic-of-korea"),
    "post-prime-minister-cambodia": ("Prime Minister of Cambodia", "role-prime-minister", "cambodia"),
    "post-president-senate-cambodia": ("President of the Senate of Cambodia", "role-senate-president", "cambodia"),
}
PRESIDENTS_ROK = ["kim-dae-jung", "roh-moo-hyun", "lee-myung-bak", "park-geun-hye", "moon-jae-in", "yoon-suk-yeol"]
ANCHOR_HOLDERS = {"post-president-rok": PRESIDENTS_ROK,
                  "post-ambassador-rok-to-cambodia": ["park-jung-wook", "kim-han-soo"],
                  "post-prime-minister-cambodia": ["hun-sen", "hun-manet"],
                  "post-president-senate-cambodia": ["hun-sen"]}
ANCHOR_ORGS = {  # org: (label, country)
    "koica": ("Korea International Cooperation Agency", "republic-of-korea"),
    "rok-embassy-phnom-penh": ("Embassy of the Republic of Korea in Phnom Penh", "republic-of-korea"),
    "government-of-rok": ("Government of the Republic of Korea", "republic-of-korea"),
    "cambodian-embassy-seoul": ("Embassy of Cambodia in Seoul", "cambodia"),
    "senate-of-cambodia": ("Senate of Cambodia", "cambodia"),
}
ANCHOR_PLACES = {"phnom-penh": "Phnom Penh", "seoul": "Seoul", "busan": "Busan", "korean-peninsula":
                 "Korean Peninsula"}
REAL_DOCS = ["000_8c6f8f67fcea1ec2", "001_816237c7f02cad06", "002_9b6c54f6459096b6", "003_30c4707a8c52a9b1",
             "004_4a9a670ec49be455"]
ROLES = ["role-minister", "role-deputy-minister", "role-secretary-of-state", "role-ambassador", "role-diplomat",
         "role-spokesperson", "role-legislator", "role-director", "role-chair", "role-advisor", "role-counsellor"]
PLOVER_TYPES = ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT", "PROTEST"]
MEASURES_TRADE = ["measure-trade-volume", "measure-exports"]
MEASURES_PEOPLE = ["measure-workers", "measure-employers", "measure-married-couples", "measure-children",
                   "measure-weekly-flights", "measure-factories", "measure-companies"]
CLAIM_KINDS = ["claim-accusation", "claim-denial", "claim-position", "claim-assessment", "claim-recommendation",
               "claim-hope"]
CITO_LINKS = ["disputes", "disagreesWith", "agreesWith", "qualifies"]
CLAIM_TOPICS = ["crackdown-2014-01-02-garment-workers", "rok-embassy-phnom-penh", "government-of-rok",
                "north-korea", "korean-peninsula"]
# Kinds of fact in a document, with weights close to the built graph's mix (claims dominate, then events).
FACT_KINDS = [("claim", 30), ("event", 22), ("holding", 10), ("observation", 7), ("quotation", 6),
              ("financing", 5), ("project", 4), ("milestone", 4), ("agreement", 3), ("crackdown", 1)]


class Synth:
    """Writes a seeded synthetic graph of about ``size`` triples (N-Quads) in the shape of the built graph."""

    def __init__(self, size: int, seed: int):
        self.size = size
        self.rng = random.Random(f"{seed}:{size}")
        self.lines: list[str] = []
        self.count = 0
        self.cursor = 0
        self.claims: list[str] = []
        self.n_facts = 0

    # one quad
    def q(self, s: str, p: str, o: str, g: str) -> None:
        self.lines.append(f"{s} {p} {o} {g} .\n")

    def entity(self, slug: str, cls: str, label: str, g: str) -> None:
        """A typed entity with its English preferred label."""
        self.q(i(slug), A, cls, g)
        self.q(i(slug), PREF, text(label, "en"), g)

    def date(self, low: int = 1993, high: int = 2025) -> str:
        r = self.rng
        year = r.randint(low, high)
        if r.random() < 0.2:
            return typed(f"{year}-{r.randint(1, 12):02d}", "gYearMonth")
        return typed(f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", "date")

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def person_name(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            return f"{r.choice(KOREAN_FAMILY)} {r.choice(KOREAN_GIVEN)}"
        return f"{r.choice(KHMER_FAMILY)} {r.choice(KHMER_GIVEN)}"

    def write(self, path: Path) -> int:
        import pyoxigraph as ox

        r = self.rng
        size = self.size
        # The real ontology, so that the questions' class paths (rdfs:subClassOf* bo:Fact, rdfs:label) work.
        g_ontology = i("graph-ontology")
        for triple in ox.parse(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE):
            self.q(str(triple.subject), str(triple.predicate), str(triple.object), g_ontology)

        # Entities, in proportion to the size (the built graph has about one person per 400 triples).
        g = i("graph-curated-entities")
        self.q(i("agent-bilat-curators"), A, f"<{PROV}Agent>", g)
        self.q(i("agent-bilat-curators"), PREF, text("bilat curators", "en"), g)
        for country in COUNTRIES:
            self.entity(country, f"<{SCHEMA}Country>", COUNTRY_LABELS[country], g)
        self.places = list(ANCHOR_PLACES)
        for place, label in ANCHOR_PLACES.items():
            self.entity(place, f"<{SCHEMA}Place>", label, g)
        for n in range(max(10, size // 1000)):
            place = f"place-{n:06d}"
            self.places.append(place)
            self.entity(place, f"<{SCHEMA}Place>", f"{r.choice(KHMER_FAMILY)} {r.choice(PLACE_KINDS)} {n}", g)
            self.q(i(place), bo("country"), i(r.choice(COUNTRIES[:2])), g)
        self.people = list(ANCHOR_PEOPLE)
        for person, label in ANCHOR_PEOPLE.items():
            self.entity(person, f"<{SCHEMA}Person>", label, g)
        for n in range(max(20, size // 300)):
            person = f"person-{n:06d}"
            self.people.append(person)
            self.entity(person, f"<{SCHEMA}Person>", self.person_name(), g)
        self.orgs = list(ANCHOR_ORGS)
        self.korean_orgs = [org for org, (_, country) in ANCHOR_ORGS.items() if country == "republic-of-korea"]
        for org, (label, country) in ANCHOR_ORGS.items():
            self.entity(org, f"<{ORG}FormalOrganization>", label, g)
            self.q(i(org), bo("country"), i(country), g)
        for n in range(max(10, size // 1000)):
            org = f"org-{n:06d}"
            country = r.choice(COUNTRIES[:4])
            self.orgs.append(org)
            if country == "republic-of-korea":
                self.korean_orgs.append(org)
            self.entity(org, f"<{ORG}FormalOrganization>", f"{COUNTRY_LABELS[country]} {r.choice(ORG_KINDS)} {n}", g)
            self.q(i(org), bo("country"), i(country), g)
        self.posts = list(ANCHOR_POSTS)
        for post, (label, role, country) in ANCHOR_POSTS.items():
            self.entity(post, f"<{ORG}Post>", label, g)
            self.q(i(post), f"<{ORG}role>", bo(role), g)
            self.q(i(post), f"<{ORG}postIn>", i(country), g)
        for n in range(max(10, size // 1000)):
            post = f"post-{n:06d}"
            role, org = r.choice(ROLES), r.choice(self.orgs)
            self.posts.append(post)
            self.entity(post, f"<{ORG}Post>", f"{role[5:].replace('-', ' ').title()}, post {n}", g)
            self.q(i(post), f"<{ORG}role>", bo(role), g)
            self.q(i(post), f"<{ORG}postIn>", i(org), g)
        self.mentionable = self.people + self.orgs + self.places + COUNTRIES
        self.holders = {post: list(people) for post, people in ANCHOR_HOLDERS.items()}
        self.holders["post-ambassador-rok-to-cambodia"] += r.sample(self.people[len(ANCHOR_PEOPLE):], 10)

        # Documents, each with its named graph of facts, until the size is reached.
        n = 0
        with open(path, "w", encoding="utf-8") as out:
            while self.count + len(self.lines) + 650 < size:  # a document is about 1,300 quads
                self.document(n)
                n += 1
                if len(self.lines) > 50_000:
                    self.flush(out)
            self.flush(out)
        self.documents = n
        return self.count

    def flush(self, out) -> None:
        out.writelines(self.lines)
        self.count += len(self.lines)
        self.lines = []

    def evidence(self, subject: str, doc: str, doc_id: str, g: str, quote: str) -> None:
        """``subject`` prov:wasDerivedFrom the document; bo:evidence its span (source, quote, offsets)."""
        r = self.rng
        start = self.cursor
        end = start + len(quote)
        self.cursor = end + r.randint(20, 400)
        ev = f"doc-{doc_id}-ev-{start}-{end}"
        e, quote_selector, position = i(ev), i(ev + "-quote"), i(ev + "-position")
        q = self.q
        q(subject, DERIVED, doc, g)
        q(subject, EVIDENCE, e, g)
        q(e, A, f"<{OA}SpecificResource>", g)
        q(e, bo("confidence"), typed("1", "decimal"), g)
        q(e, f"<{PROV}wasAttributedTo>", i("agent-bilat-curators"), g)
        q(e, f"<{OA}hasSource>", doc, g)
        q(e, f"<{OA}hasSelector>", quote_selector, g)
        q(e, f"<{OA}hasSelector>", position, g)
        q(quote_selector, A, f"<{OA}TextQuoteSelector>", g)
        q(quote_selector, f"<{OA}exact>", text(quote), g)
        q(quote_selector, f"<{OA}prefix>", text(self.words(4)), g)
        q(quote_selector, f"<{OA}suffix>", text(self.words(4)), g)
        q(position, A, f"<{OA}TextPositionSelector>", g)
        q(position, f"<{OA}start>", typed(start, "integer"), g)
        q(position, f"<{OA}end>", typed(end, "integer"), g)

    def document(self, n: int) -> None:
        r = self.rng
        doc_id = REAL_DOCS[n] if n < len(REAL_DOCS) else f"{n:03d}_{r.getrandbits(64):016x}"
        doc = i(f"doc-{doc_id}")
        gd = i("graph-documents")
        g = i(f"graph-curated-{doc_id}")
        self.cursor = r.randint(0, 200)
        q = self.q
        speech = r.random() < 0.2
        q(doc, A, bo("Document"), gd)
        q(doc, f"<{DCT}title>", text(f"{self.words(6).capitalize()} ({n})"), gd)
        q(doc, f"<{DCT}identifier>", text(doc_id), gd)
        q(doc, f"<{DCT}language>", text("en"), gd)
        q(doc, f"<{SCHEMA}datePublished>", self.date(1995, 2025), gd)
        q(doc, bo("documentKind"), bo("speech" if speech else "news"), gd)
        q(doc, bo("sha256"), text(hashlib.sha256(doc_id.encode()).hexdigest()), gd)
        if speech:
            q(doc, f"<{SCHEMA}author>", i("hun-sen"), gd)
        kinds, weights = zip(*FACT_KINDS, strict=True)
        facts = r.randint(30, 60)
        for kind in r.choices(kinds, weights, k=facts):
            self.n_facts += 1
            getattr(self, kind)(f"{doc_id[:3]}-{self.n_facts}", doc, doc_id, g)
        # Mentions of entities (each at most once per document, as prov:wasDerivedFrom is one triple).
        for entity in r.sample(self.mentionable, min(len(self.mentionable), r.randint(10, 25))):
            self.evidence(i(entity), doc, doc_id, g, f"mention of {entity.replace('-', ' ')}")

    # --- kinds of fact; ``key`` makes the fact's IRI unique ---

    def holding(self, key, doc, doc_id, g):
        r, q = self.rng, self.q
        fact = i(f"holding-{key}")
        if r.random() < 0.25:  # the posts the questions ask about, held by the people who held them
            post = r.choice(list(ANCHOR_POSTS))
            person = r.choice(self.holders[post])
        else:
            post, person = r.choice(self.posts), r.choice(self.people)
        q(fact, A, bo("PostHolding"), g)
        q(fact, f"<{ORG}member>", i(person), g)
        q(fact, bo("post"), i(post), g)
        roll = r.random()
        if roll < 0.45:
            start = self.date()
            q(fact, START_DATE, start, g)
            q(fact, bo("validAt"), start, g)
        elif roll < 0.9:
            q(fact, bo("heldAtDocumentDate"), typed("true", "boolean"), g)
        else:
            q(fact, bo("dateNote"), text("The source gives no date for the post."), g)
        if r.random() < 0.1:
            q(fact, bo("former"), typed("true", "boolean"), g)
        self.evidence(fact, doc, doc_id, g, f"{person.replace('-', ' ')}, holder of {post}")

    def event(self, key, doc, doc_id, g):
        r, q = self.rng, self.q
        cls = r.choices(["Meeting", "Visit", "Communication", "Summit", "Ceremony"], [35, 20, 35, 5, 5])[0]
        fact = i(f"{cls.lower()}-{key}")
        a = "hun-sen" if r.random() < 0.2 else r.choice(self.people)
        b = r.choice(PRESIDENTS_ROK) if r.random() < 0.3 else r.choice(self.people)
        q(fact, A, bo(cls), g)
        q(fact, PREF, text(f"{cls} of {a} and {b} on {self.words(2)}", "en"), g)
        plover = "REQUEST" if cls == "Communication" and r.random() < 0.3 else r.choice(PLOVER_TYPES[:5])
        q(fact, bo("ploverType"), f"<{PLOVER}{plover}>", g)
        if cls in ("Meeting", "Summit", "Ceremony"):
            q(fact, bo("participant"), i(a), g)
            q(fact, bo("participant"), i(b), g)
        else:
            q(fact, bo("actor"), i(a), g)
            q(fact, bo("target"), i(b), g)
        if plover == "REQUEST":
            q(fact, bo("purpose"), text(f"to ask for {self.words(3)}"), g)
        if r.random() < 0.85:
            q(fact, START_DATE, self.date(), g)
        if cls != "Communication" or r.random() < 0.3:
            q(fact, LOCATION, i(r.choice(self.places)), g)
        if r.random() < 0.1:
            q(fact, bo("status"), bo(r.choice(["status-planned", "status-cancelled"])), g)
        self.evidence(fact, doc, doc_id, g, f"{a} and {b} {self.words(5)}")

    def financing(self, key, doc, doc_id, g):
        r, q = self.rng, self.q
        fact, amount = i(f"financing-{key}"), i(f"amount-{key}")
        roll = r.random()
        funder = "republic-of-korea" if roll < 0.45 else r.choice(self.korean_orgs) if roll < 0.8 else \
            r.choice(self.orgs)
        millions = r.randint(1, 900)
        q(fact, A, bo("Financing"), g)
        q(fact, PREF, text(f"{r.choice(['Grant', 'Loan', 'Credit line'])} for {self.words(2)}", "en"), g)
        q(fact, bo("financingKind"), bo(r.choice(["financing-grant", "financing-loan", "financing-credit-line",
                                                   "financing-oda"])), g)
        q(fact, bo("funder"), i(funder), g)
        q(fact, bo("recipient"), i("cambodia"), g)
        q(fact, bo("amount"), amount, g)
        q(fact, START_DATE, self.date(), g)
        if r.random() < 0.5:
            q(fact, f"<{SCHEMA}endDate>", self.date(), g)
        q(fact, bo("status"), bo(r.choice(["status-done", "status-ongoing", "status-planned"])), g)
        stated = f"{millions} million USD"
        q(amount, A, f"<{SCHEMA}MonetaryAmount>", g)
        q(amount, PREF, text(stated, "en"), g)
        q(amount, f"<{SCHEMA}value>", typed(millions * 1_000_000, "integer"), g)
        q(amount, f"<{SCHEMA}currency>", text("USD"), g)
        q(amount, bo("asStated"), text(stated), g)
        q(amount, bo("approximation"), bo("exact"), g)
        self.evidence(fact, doc, doc_id, g, f"{funder} provided {stated}")
        self.evidence(amount, doc, doc_id, g, stated)

    def project(self, key, doc, doc_id, g):
        r, q = self.rng, self.q
        fact = i(f"project-{key}")
        funder = "republic-of-korea" if r.random() < 0.5 else r.choice(self.korean_orgs + self.orgs[:20])
        q(fact, A, bo("Project"), g)
        q(fact, PREF, text(f"{r.choice(['Road', 'Bridge', 'Training', 'Hospital'])} project {key}", "en"), g)
        q(fact, bo("funder"), i(funder), g)
        q(fact, bo("projectKind"), bo(r.choice(["project-road", "project-bridge", "project-training",
                                                 "project-development"])), g)
        q(fact, bo("status"), bo(r.choice(["status-done", "status-ongoing", "status-planned"])), g)
        if r.random() < 0.6:
            q(fact, START_DATE, self.date(), g)
        self.evidence(fact, doc, doc_id, g, f"the {self.words(2)} project")

    def observation(self, key, doc, doc_id, g):
        r, q = self.rng, self.q
        fact = i(f"observation-{key}")
        trade = r.random() < 0.5
        measure = r.choice(MEASURES_TRADE if trade else MEASURES_PEOPLE)
        about, partner = r.sample(COUNTRIES[:2], 2) if trade else (r.choice(COUNTRIES[:2]), None)
        value = r.randint(10, 5_000_000)
        q(fact, A, bo("Observation"), g)
        q(fact, f"<{SCHEMA}measuredProperty>", bo(measure), g)
        q(fact, f"<{SCHEMA}observationAbout>", i(about), g)
        if partner or r.random() < 0.5:
            q(fact, bo("partner"), i(partner or "republic-of-korea"), g)
        q(fact, f"<{SCHEMA}value>", typed(value, "integer"), g)
        q(fact, f"<{SCHEMA}unitText>", text("USD" if trade else "people"), g)
        q(fact, bo("asStated"), text(f"some {value}"), g)
        q(fact, bo("approximation"), bo("exact"), g)
        q(fact, bo("reportedBy"), i(r.choice(self.orgs)), g)
        q(fact, f"<{SCHEMA}observationDate>", self.date(), g)
        self.evidence(fact, doc, doc_id, g, f"{measure[8:]} reached {value}")

    def claim(self, key, doc, doc_id, g):
        r, q = self.rng, self.q
        fact = i(f"claim-{key}")
        claimant = r.choice(self.people + self.orgs)
        q(fact, A, bo("Claim"), g)
        q(fact, bo("claimKind"), bo(r.choice(CLAIM_KINDS)), g)
        q(fact, bo("claimant"), i(claimant), g)
        about = r.choice(CLAIM_TOPICS) if r.random() < 0.2 else r.choice(self.mentionable)
        q(fact, bo("about"), i(about), g)
        content = f"{r.choice(CLAIM_FLAVOURS)}; {self.words(6)}"
        q(fact, bo("content"), text(content), g)
        if self.claims and r.random() < 0.25:
            q(fact, f"<{CITO}{r.choice(CITO_LINKS)}>", r.choice(self.claims[-200:]), g)
        self.claims.append(fact)
        self.evidence(fact, doc, doc_id, g, content)

    def quotation(self, key, doc, doc_id, g):
        r, q = self.rng, self.q
        fact = i(f"quotation-{key}")
        words = self.words(10)
        q(fact, A, bo("Quotation"), g)
        q(fact, bo("speaker"), i(r.choice(self.people)), g)
        q(fact, f"<{SCHEMA}text>", text(words), g)
        self.evidence(fact, doc, doc_id, g, words)

    def milestone(self, key, doc, doc_id, g):
        r, q = self.rng, self.q
        fact = i(f"milestone-{key}")
        q(fact, A, bo("DiplomaticMilestone"), g)
        q(fact, PREF, text(f"Relations {r.choice(['established', 'elevated', 'restored'])} ({key})", "en"), g)
        q(fact, bo("party"), i("cambodia"), g)
        q(fact, bo("party"), i(r.choice(["republic-of-korea", "republic-of-korea", "north-korea", "japan"])), g)
        q(fact, bo("milestoneKind"), bo(r.choice(["milestone-established", "milestone-elevated",
                                                   "milestone-restored", "milestone-proposed"])), g)
        q(fact, bo("relationLevel"), bo(r.choice(["level-full-diplomatic", "level-strategic-partnership",
                                                   "level-representative-office"])), g)
        q(fact, bo("ploverType"), f"<{PLOVER}AGREE>", g)
        if r.random() < 0.8:
            q(fact, START_DATE, self.date(1960, 2025), g)
        else:
            q(fact, bo("dateNote"), text("The source places it only relative to other events."), g)
        self.evidence(fact, doc, doc_id, g, f"relations {self.words(4)}")

    def agreement(self, key, doc, doc_id, g):
        r, q = self.rng, self.q
        fact = i(f"agreement-{key}")
        q(fact, A, bo("Agreement"), g)
        q(fact, PREF, text(f"MoU on {self.words(2)} ({key})", "en"), g)
        q(fact, bo("party"), i("cambodia"), g)
        q(fact, bo("party"), i("republic-of-korea"), g)
        q(fact, bo("agreementKind"), bo(r.choice(["agreement-mou", "agreement-labour"])), g)
        q(fact, bo("topic"), text(self.words(3)), g)
        roll = r.random()
        if roll < 0.5:
            q(fact, f"<{SCHEMA}dateCreated>", self.date(), g)
        elif roll < 0.75:
            signing = i(f"signing-{key}")
            q(signing, A, bo("Signing"), g)
            q(signing, bo("about"), fact, g)
            q(signing, START_DATE, self.date(), g)
            self.evidence(signing, doc, doc_id, g, f"signed the {self.words(2)} agreement")
        else:
            q(fact, bo("dateNote"), text("Undated in the source."), g)
        self.evidence(fact, doc, doc_id, g, f"memorandum on {self.words(3)}")

    def crackdown(self, key, doc, doc_id, g):
        r, q = self.rng, self.q
        first = not hasattr(self, "_crackdown")
        self._crackdown = True
        fact = i("crackdown-2014-01-02-garment-workers" if first else f"crackdown-{key}")
        q(fact, A, bo("Crackdown"), g)
        q(fact, PREF, text(f"Crackdown on protesters ({key})", "en"), g)
        q(fact, START_DATE, typed("2014-01-02", "date") if first or r.random() < 0.3 else self.date(), g)
        q(fact, LOCATION, i(r.choice(self.places)), g)
        self.evidence(fact, doc, doc_id, g, f"security forces {self.words(4)}")
        for part in range(r.randint(1, 3)):
            sub = i(f"crackdown-{key}-part-{part}")
            q(sub, A, bo("Event"), g)
            q(sub, PREF, text(f"Clash {part} of crackdown {key}", "en"), g)
            q(sub, f"<{SCHEMA}superEvent>", fact, g)
            q(sub, LOCATION, i(r.choice(self.places)), g)
            casualties = i(f"observation-{key}-casualties-{part}")
            q(sub, bo("casualties"), casualties, g)
            q(casualties, A, bo("Observation"), g)
            q(casualties, f"<{SCHEMA}measuredProperty>", bo(r.choice(["measure-deaths", "measure-injured"])), g)
            q(casualties, f"<{SCHEMA}value>", typed(r.randint(1, 40), "integer"), g)
            self.evidence(sub, doc, doc_id, g, f"clashes {self.words(4)}")


# --- measurements ---------------------------------------------------------------------------------------------

@dataclass
class Timing:
    """Runs of one question on one engine; ``over`` is a lower bound when a run was cut off (or never ran)."""
    runs: list[float] = field(default_factory=list)
    over: float | None = None
    rows: int | None = None

    @property
    def censored(self) -> bool:
        return self.over is not None and not self.runs

    @property
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else math.inf


@dataclass
class EngineResult:
    engine: str
    load_s: float | None = None
    load_note: str = ""       # why there is no load time
    questions: dict[str, Timing] = field(default_factory=dict)
    triples: int | None = None

    def pooled(self) -> tuple[list[float], list[float]]:
        """All runs with cut-off questions at their lower bound, and the same with them at infinity."""
        low, high = [], []
        for timing in self.questions.values():
            if timing.runs:
                low += timing.runs
                high += timing.runs
            else:
                low.append(timing.over or 0.0)
                high.append(math.inf)
        return low, high

    def stat(self, quantile: float) -> tuple[float, bool]:
        """A quantile of the pooled runs and whether it is exact (else it is a lower bound)."""
        low, high = self.pooled()
        if not low:
            return math.nan, True
        a, b = nearest_rank(low, quantile), nearest_rank(high, quantile)
        return a, a == b

    def slowest(self) -> tuple[str, Timing] | None:
        if not self.questions:
            return None
        return max(self.questions.items(), key=lambda item: (item[1].median if item[1].runs else
                                                             math.inf, item[1].over or 0))


def nearest_rank(values: list[float], quantile: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(quantile * len(ordered)) - 1)]


def load_questions() -> list[tuple[str, str]]:
    return [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(QUERIES_DIR.glob("*.rq"))]


class Interrupted(Exception):
    pass


def _alarm(signum, frame):
    raise Interrupted()


def rdflib_worker(conn, path: str, questions, reps: int, budget: float, load_cap: float) -> None:
    """In a spawned process: load ``path`` into an rdflib Dataset, then run the questions; results go to
    ``conn`` as they come, so that whatever was measured survives a crash or a kill."""
    import rdflib

    signal.signal(signal.SIGALRM, _alarm)
    dataset = rdflib.Dataset(default_union=True)
    signal.setitimer(signal.ITIMER_REAL, load_cap)
    start = time.perf_counter()
    try:
        dataset.parse(path, format="nquads")
    except Interrupted:
        conn.send(("load-over", load_cap))
        return
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    conn.send(("load", time.perf_counter() - start, len(dataset)))
    deadline = time.perf_counter() + budget
    for index, (name, query) in enumerate(questions):
        left = deadline - time.perf_counter()
        share = left / (len(questions) - index)
        if share <= 0.01:
            conn.send(("over", name, 0.0))
            continue
        series_end = time.perf_counter() + share
        runs, rows = [], None
        for _ in range(reps):
            remaining = series_end - time.perf_counter()
            if runs and runs[-1] > remaining:
                break  # another run would overrun this question's share of the budget
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001))
            begin = time.perf_counter()
            try:
                rows = len(list(dataset.query(query)))
            except Interrupted:
                break
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            runs.append(time.perf_counter() - begin)
        if runs:
            conn.send(("question", name, runs, rows))
        else:
            conn.send(("over", name, share))
    conn.send(("done",))


def run_rdflib(path: Path, questions, reps: int, budget: float, load_cap: float) -> EngineResult:
    result = EngineResult("rdflib")
    context = mp.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=rdflib_worker, args=(child, str(path), questions, reps, budget, load_cap))
    process.start()
    child.close()
    hard_deadline = time.perf_counter() + load_cap + budget + 60
    try:
        while True:
            left = hard_deadline - time.perf_counter()
            if left <= 0 or not parent.poll(min(left, 5)):
                if left <= 0 or not process.is_alive():
                    break
                continue
            try:
                message = parent.recv()
            except EOFError:
                break
            if message[0] == "load":
                result.load_s, result.triples = message[1], message[2]
            elif message[0] == "load-over":
                result.load_note = f"> {message[1]:.0f} s"
                break
            elif message[0] == "question":
                result.questions[message[1]] = Timing(runs=message[2], rows=message[3])
            elif message[0] == "over":
                result.questions[message[1]] = Timing(over=message[2])
            elif message[0] == "done":
                break
    finally:
        if process.is_alive():
            process.join(timeout=10)
        if process.is_alive():
            os.kill(process.pid, signal.SIGKILL)
            process.join()
    if result.load_s is None and not result.load_note:
        result.load_note = f"failed (exit code {process.exitcode})"
    for name, _ in questions:
        if result.load_s is not None and name not in result.questions:
            result.questions[name] = Timing(over=0.0)
    return result


def run_oxigraph(path: Path, location: Path, questions, reps: int) -> EngineResult:
    import pyoxigraph as ox

    result = EngineResult("oxigraph")
    store = ox.Store(str(location))
    start = time.perf_counter()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    store.flush()
    result.load_s = time.perf_counter() - start
    result.triples = len(store)
    for name, query in questions:
        timing = Timing()
        for _ in range(reps):
            begin = time.perf_counter()
            rows = len(list(store.query(query, use_default_graph_as_union=True)))
            timing.runs.append(time.perf_counter() - begin)
        timing.rows = rows
        result.questions[name] = timing
    del store
    gc.collect()
    return result


# --- endpoint -------------------------------------------------------------------------------------------------

def oxigraph_binary() -> str:
    from graph.errors import BilatError
    from graph.store import oxigraph_binary as installed

    try:
        return installed()
    except BilatError as error:
        raise SystemExit(str(error)) from None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Oxigraph server exited with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the Oxigraph server did not start listening")


@dataclass
class EndpointResult:
    triples: int
    clients: int
    duration: float
    ok: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    error_samples: list[tuple[str, str]] = field(default_factory=list)  # (question, what went wrong)

    @property
    def rate(self) -> float:
        return self.ok / self.duration if self.duration else 0.0


def run_endpoint(location: Path, triples: int, questions, clients: int, duration: float) -> EndpointResult:
    port = free_port()
    command = [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
               "--union-default-graph", "--timeout-s", str(SERVER_TIMEOUT)]
    log = open(location.parent / "server.log", "wb")  # noqa: SIM115 - closed in the finally below; a file, not
    # a pipe nobody reads (which could fill up and stall the server)
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    paths = [f"/query?{urllib.parse.urlencode({'query': query})}" for _, query in questions]
    headers = {"Accept": "application/sparql-results+json"}
    result = EndpointResult(triples, clients, duration)
    lock = threading.Lock()
    counter = itertools.count()
    try:
        wait_for_port(port, process)
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for path in paths:  # one untimed round: every question answers, caches are warm
            warm.request("GET", path, headers=headers)
            response = warm.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"the endpoint answered {response.status} to a competency question")
        warm.close()
        start = time.perf_counter()
        deadline = start + duration

        def client() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            latencies, ok, errors, samples = [], 0, 0, []
            while time.perf_counter() < deadline:
                index = next(counter) % len(paths)
                path, name = paths[index], short(questions[index][0])
                begin = time.perf_counter()
                try:
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    body = response.read()
                    elapsed = time.perf_counter() - begin
                    if response.status != 200:
                        errors += 1
                        samples.append((name, f"HTTP {response.status}"))
                    elif b"operation has been cancelled" in body[-200:]:
                        # The server has sent 200 and part of the results, then hit --timeout-s.
                        errors += 1
                        samples.append((name, f"cut off by the server's {SERVER_TIMEOUT} s timeout"))
                    elif "results" not in json.loads(body):  # a complete SPARQL JSON result
                        errors += 1
                        samples.append((name, "not a SPARQL result"))
                    else:
                        ok += 1
                        latencies.append(elapsed)
                except (OSError, http.client.HTTPException, ValueError) as error:
                    errors += 1
                    samples.append((name, type(error).__name__))
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.close()
            with lock:
                result.ok += ok
                result.errors += errors
                result.latencies += latencies
                result.error_samples += samples

        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result.duration = time.perf_counter() - start
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
    return result


# --- output ---------------------------------------------------------------------------------------------------

def fmt_ms(seconds: float, exact: bool = True) -> str:
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "–"
    if math.isinf(seconds):
        return "not run"
    ms = seconds * 1000
    value = f"{ms:,.0f} ms" if ms >= 100 else f"{ms:.1f} ms" if ms >= 1 else f"{ms:.2f} ms"
    if ms >= 10_000:
        value = f"{seconds:,.1f} s"
    return value if exact else f"> {value}"


def fmt_s(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def fmt_timing(timing: Timing | None) -> str:
    if timing is None:
        return "–"
    if timing.runs:
        return fmt_ms(timing.median)
    return f"> {fmt_ms(timing.over)}" if timing.over else "not run"


def speedup(slow: float | None, slow_exact: bool, fast: float | None) -> tuple[float | None, str]:
    if slow is None or fast is None or fast <= 0 or math.isnan(slow) or slow <= 0:
        return None, "–"
    ratio = slow / fast
    return ratio, f"{ratio:,.1f}×" if slow_exact else f"> {ratio:,.1f}×"


def table(headers: list[str], rows: list[list[str]], markdown: bool, right: set[int] | None = None) -> str:
    right = right if right is not None else set(range(1, len(headers)))
    if markdown:
        lines = ["| " + " | ".join(headers) + " |",
                 "|" + "|".join("---:" if n in right else "---" for n in range(len(headers))) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        return "  ".join(str(c).rjust(w) if n in right else str(c).ljust(w)
                         for n, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(row) for row in rows])


def short(name: str) -> str:
    return name.split("-", 1)[0]


def plot(results: dict[int, dict[str, EngineResult]], path: Path) -> str:
    try:
        import matplotlib
    except ImportError:
        return "matplotlib is not installed: no plot (pip install matplotlib)"
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    for engine, colour, marker in (("rdflib", "tab:orange", "o"), ("oxigraph", "tab:blue", "s")):
        xs, loads, medians, lower_x, lower_y = [], [], [], [], []
        for size, engines in sorted(results.items()):
            result = engines.get(engine)
            if result is None or result.load_s is None:
                continue
            triples = result.triples or size
            xs.append(triples)
            loads.append(result.load_s)
            median, exact = result.stat(0.5)
            medians.append(median * 1000)
            if not exact:
                lower_x.append(triples)
                lower_y.append(median * 1000)
        label = "rdflib (in memory)" if engine == "rdflib" else "Oxigraph (on disk)"
        left.plot(xs, loads, marker=marker, color=colour, label=label)
        right.plot(xs, medians, marker=marker, color=colour, label=label)
        if lower_x:
            right.plot(lower_x, lower_y, linestyle="none", marker="^", markersize=12, color=colour,
                       label=f"{engine}: lower bound (budget)")
    for axis, title, unit in ((left, "Load time", "seconds"), (right, "Median competency-question latency", "ms")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("triples")
        axis.set_ylabel(unit)
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    figure.suptitle("bilat: rdflib in memory vs Oxigraph on disk (synthetic graphs)")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return f"plot written to {path}"


# --- main -----------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="Triples per synthetic graph.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reps", type=int, default=5, help="Runs of each question per engine (rdflib: at most; "
                                                            "once from 1M triples up).")
    parser.add_argument("--rdflib-max", type=int, default=1_000_000, help="Largest size rdflib is run at.")
    parser.add_argument("--rdflib-budget", type=float, default=90.0,
                        help="Seconds the rdflib query series of one size may take (shared among the questions).")
    parser.add_argument("--rdflib-load-budget", type=float, default=150.0,
                        help="Skip rdflib when its projected load time exceeds this (and cut a load at it).")
    parser.add_argument("--clients", type=int, default=16, help="Concurrent endpoint clients.")
    parser.add_argument("--duration", type=float, default=30.0, help="Seconds of endpoint load.")
    parser.add_argument("--no-endpoint", action="store_true", help="Skip the endpoint throughput run.")
    parser.add_argument("--markdown", action="store_true", help="Print the tables in Markdown.")
    parser.add_argument("--plot", type=Path, default=DEFAULT_PLOT, help="Where to write the PNG plot.")
    parser.add_argument("--tmp", type=Path, default=None, help="Folder for the temporary graphs and stores.")
    args = parser.parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    questions = load_questions()
    wall = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="bilat-bench-", dir=args.tmp))
    say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731 - progress, not results
    results: dict[int, dict[str, EngineResult]] = {}
    generated: dict[int, tuple[int, int]] = {}
    endpoint: EndpointResult | None = None
    endpoint_failure = ""
    rdflib_rate: float | None = None  # seconds per triple of the last rdflib load
    try:
        for size in sizes:
            path = workdir / f"synthetic-{size}.nq"
            begin = time.perf_counter()
            synth = Synth(size, args.seed)
            triples = synth.write(path)
            generated[size] = (triples, synth.documents)
            say(f"[{size:,}] generated {triples:,} quads, {synth.documents:,} documents "
                f"in {time.perf_counter() - begin:.1f} s (not timed)")
            results[size] = {}
            # Oxigraph first: its store of the largest size is the one the endpoint serves.
            location = workdir / f"store-{size}"
            ox_result = run_oxigraph(path, location, questions, args.reps)
            results[size]["oxigraph"] = ox_result
            say(f"[{size:,}] oxigraph: load {ox_result.load_s:.2f} s, median {fmt_ms(ox_result.stat(0.5)[0])}")
            if size != sizes[-1] or args.no_endpoint:
                shutil.rmtree(location, ignore_errors=True)
            # rdflib
            projected = rdflib_rate * triples if rdflib_rate else None
            if size > args.rdflib_max:
                results[size]["rdflib"] = EngineResult("rdflib", load_note=f"skipped (> --rdflib-max "
                                                                            f"{args.rdflib_max:,})")
            elif projected and projected > args.rdflib_load_budget:
                results[size]["rdflib"] = EngineResult("rdflib", load_note=f"skipped (projected load "
                                                                            f"{projected:.0f} s)")
            else:
                reps = 1 if size >= LARGE else args.reps
                rd_result = run_rdflib(path, questions, reps, args.rdflib_budget, args.rdflib_load_budget)
                results[size]["rdflib"] = rd_result
                if rd_result.load_s:
                    rdflib_rate = rd_result.load_s / triples
                median, exact = rd_result.stat(0.5)
                say(f"[{size:,}] rdflib: load {fmt_s(rd_result.load_s) if rd_result.load_s else rd_result.load_note}"
                    f", median {fmt_ms(median, exact)}")
                gc.collect()
            path.unlink()
        if not args.no_endpoint:
            size = sizes[-1]
            say(f"[{size:,}] endpoint: {args.clients} clients for {args.duration:.0f} s")
            try:
                endpoint = run_endpoint(workdir / f"store-{size}", generated[size][0], questions, args.clients,
                                        args.duration)
            except (RuntimeError, OSError) as error:  # keep the tables; the target below says it failed
                endpoint_failure = str(error)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    # --- report
    md = args.markdown
    print(f"Store benchmark: rdflib {_version('rdflib')} in memory vs pyoxigraph {_version('pyoxigraph')} on disk; "
          f"{len(questions)} competency questions; {os.cpu_count()} CPUs")
    print()
    rows = []
    for size in sizes:
        triples, documents = generated[size]
        engines = results[size]
        ox_result, rd_result = engines["oxigraph"], engines["rdflib"]
        for engine in (rd_result, ox_result):
            name = "rdflib (memory)" if engine.engine == "rdflib" else "Oxigraph (disk)"
            if engine.load_s is None:
                rows.append([f"{triples:,}", name, engine.load_note, "", "", "", ""])
                continue
            median, median_exact = engine.stat(0.5)
            p95, p95_exact = engine.stat(0.95)
            slowest = engine.slowest()
            runs = sum(len(t.runs) for t in engine.questions.values())
            cut = sum(1 for t in engine.questions.values() if not t.runs)
            rows.append([f"{triples:,}", name, fmt_s(engine.load_s), fmt_ms(median, median_exact),
                         fmt_ms(p95, p95_exact),
                         f"{short(slowest[0])} ({fmt_timing(slowest[1])})" if slowest else "–",
                         f"{runs}" + (f" (+{cut} cut)" if cut else "")])
        load_x = speedup(rd_result.load_s, True, ox_result.load_s)[1]
        rd_median, rd_exact = rd_result.stat(0.5) if rd_result.load_s is not None else (None, True)
        query_x = speedup(rd_median, rd_exact, ox_result.stat(0.5)[0])[1]
        rows.append(["", "speed-up", load_x, query_x, "", "", ""])
    print(table(["triples", "engine", "load", "query median", "query p95", "slowest question (median)", "runs"],
                rows, md, right={0, 2, 3, 4, 6}))

    largest = sizes[-1]
    engines = results[largest]
    print()
    print(f"Per question at {generated[largest][0]:,} triples (median; rows returned by Oxigraph):")
    print()
    qrows = []
    for name, _ in questions:
        ox_t = engines["oxigraph"].questions.get(name)
        rd_t = engines["rdflib"].questions.get(name)
        x = speedup(rd_t.median if rd_t and rd_t.runs else (rd_t.over if rd_t and rd_t.over else None),
                    bool(rd_t and rd_t.runs), ox_t.median if ox_t else None)[1] if rd_t else "–"
        rows_cell = f"{ox_t.rows:,}" if ox_t and ox_t.rows is not None else "–"
        if rd_t and rd_t.rows is not None and ox_t and rd_t.rows != ox_t.rows:
            rows_cell += f" (rdflib {rd_t.rows:,})"  # the engines disagree: worth a look
        qrows.append([name[:48], rows_cell, fmt_timing(rd_t), fmt_timing(ox_t), x])
    print(table(["question", "rows", "rdflib", "Oxigraph", "speed-up"], qrows, md))

    if endpoint is not None:
        print()
        print(f"Endpoint (oxigraph serve-read-only, {endpoint.triples:,} triples, loopback): {endpoint.clients} "
              f"clients, questions round-robin, {endpoint.duration:.1f} s")
        print()
        lat = endpoint.latencies
        print(table(["requests", "requests/s", "p50", "p99", "errors"],
                    [[f"{endpoint.ok:,}", f"{endpoint.rate:,.1f}",
                      fmt_ms(nearest_rank(lat, 0.5)) if lat else "–", fmt_ms(nearest_rank(lat, 0.99)) if lat else "–",
                      f"{endpoint.errors}"]], md))
        if endpoint.error_samples:
            kinds: dict[tuple[str, str], int] = {}
            for sample in endpoint.error_samples:
                kinds[sample] = kinds.get(sample, 0) + 1
            print()
            print("errors: " + "; ".join(f"question {name} ×{count}: {what}"
                                         for (name, what), count in sorted(kinds.items())))

    # --- targets
    print()
    target_size = TARGET_SIZE if TARGET_SIZE in sizes else largest
    note = "" if target_size == TARGET_SIZE else f" (target is stated at 1M; measured at {target_size:,})"
    engines = results[target_size]
    ox_result, rd_result = engines["oxigraph"], engines["rdflib"]
    checks = []
    ratio, shown = speedup(rd_result.load_s, True, ox_result.load_s)
    checks.append((f"load: Oxigraph ≥ {TARGET_SPEEDUP:.0f}× faster than rdflib{note}", shown,
                   None if ratio is None else ratio >= TARGET_SPEEDUP))
    rd_median, rd_exact = rd_result.stat(0.5) if rd_result.load_s is not None else (None, True)
    ratio, shown = speedup(rd_median, rd_exact, ox_result.stat(0.5)[0])
    checks.append((f"median query: Oxigraph ≥ {TARGET_SPEEDUP:.0f}× faster than rdflib{note}", shown,
                   None if ratio is None else ratio >= TARGET_SPEEDUP))
    slow = [(name, t) for name, t in ox_result.questions.items() if t.median * 1000 >= TARGET_QUESTION_MS]
    slow.sort(key=lambda item: -item[1].median)
    checks.append((f"every question's median < {TARGET_QUESTION_MS:.0f} ms on Oxigraph{note}",
                   f"all {len(ox_result.questions)} under" if not slow else
                   f"{len(slow)} of {len(ox_result.questions)} over, worst: "
                   + ", ".join(f"{short(n)} ({fmt_timing(t)})" for n, t in slow[:3]),
                   not slow))
    if endpoint is not None:
        checks.append(("endpoint: zero errors", f"{endpoint.errors} errors", endpoint.errors == 0))
    elif endpoint_failure:
        checks.append(("endpoint: zero errors", f"the run failed: {endpoint_failure}", False))
    print(table(["target", "measured", "result"],
                [[label, shown, "SKIP" if ok is None else "PASS" if ok else "FAIL"] for label, shown, ok in checks],
                md, right=set()))
    print()
    print(plot(results, args.plot))
    print(f"wall time {time.perf_counter() - wall:.0f} s")
    return 0


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
