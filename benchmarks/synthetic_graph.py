"""A seeded generator of synthetic graphs in the shape ``bilat build`` produces, for the store benchmark.

``Synth(size, seed).write(path)`` writes about ``size`` quads as N-Quads: the real ontology, entities
(countries, places, people, organisations, posts), documents, and one named graph per document with its facts
and entity mentions, each with the provenance the real graph gives a fact (``prov:wasDerivedFrom`` and a
``bo:evidence`` span with quote and offsets). See ``store_and_endpoint.py`` for what is measured on it.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "bilat.ttl"

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
