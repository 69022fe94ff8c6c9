"""Throughput of the extractor (graph/extraction/) on a synthetic news corpus.

Run from the repository root:

    python benchmarks/extraction_throughput.py                # 1,000 documents, plain-text table
    python benchmarks/extraction_throughput.py --markdown     # the same table in Markdown
    python benchmarks/extraction_throughput.py --docs 200 --profile   # smaller, plus spaCy's CPU share, cProfile top 10

A seeded generator writes news-like articles about Cambodia–Korea relations (headline, dateline, titled people,
organisations, places, dates, money, counts, percentages, event verbs). Every name is built from syllable lists,
so nothing is copied from seeds/. The corpus is generated before any clock starts.

Two runs, each in a fresh (spawned) process so that its peak memory is its own:

* single process — one Extractor extracts every document; peak RSS is that process's own
  ``getrusage(RUSAGE_SELF).ru_maxrss`` (corpus + spaCy + extraction);
* N processes — a ``multiprocessing`` pool of ``os.cpu_count()`` workers, each building its Extractor once in
  its initializer; the corpus is split into chunks sent to the workers, which return only counts (candidates are
  not pickled back). Peak RSS is ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` of the process that owns the pool,
  read after the workers are joined: on Linux that is the peak of the largest single worker, not a sum; the sum
  of the workers' own peaks is printed below the table.

Extractor construction (the verified spaCy pipeline + rules) and one small warm-up document (regular expressions
compiled on first use, the rapidfuzz import) are outside the timed part and reported separately; the pool's timer
starts once every worker has built and warmed up its Extractor. Words are the whitespace-separated tokens of
each document's text. The target is 2,000 words/s per process (words/s ÷ processes).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.corpus import Document  # noqa: E402

TARGET_PER_PROCESS = 2_000  # words per second per process (issue 11: a parsing extractor)

# --- corpus generator ---------------------------------------------------------------------------------------
# Names are assembled from syllables; institutions and places are generic (ministries, provinces, cities).

KOREAN_FAMILY = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo",
                 "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong", "Jeon", "Baek", "Nam", "Noh"]
KOREAN_GIVEN_1 = ["Min", "Ji", "Seo", "Hyun", "Woo", "Soo", "Da", "Ha", "Ye", "Eun", "Do", "Tae", "Sung", "Hye",
                  "Yu", "Na", "Chan", "Gyu", "Bo", "Ga", "Si", "Joo"]
KOREAN_GIVEN_2 = ["jun", "won", "yeon", "hoon", "bin", "ah", "kyung", "seok", "min", "jin", "rin", "young", "ho",
                  "woo", "mi", "hee", "sik", "su", "chul", "hwan"]
KHMER_FAMILY = ["Sok", "Chea", "Heng", "Keo", "Chan", "Meas", "Pich", "Ouk", "Prak", "Seng", "Tep", "Ly", "Nhem",
                "Hem", "Long", "Vong", "Yim", "Chhun", "Pen", "Sor", "Khieu", "Phan", "Sam", "Touch"]
KHMER_GIVEN_1 = ["So", "Va", "Da", "Ra", "Pi", "Bo", "Sam", "Vi", "Ma", "Sre", "Cha", "Pha", "Ka", "Ro", "Si",
                 "Mo", "Ky", "Na", "Sop", "Chan"]
KHMER_GIVEN_2 = ["phal", "nna", "ra", "tha", "seth", "pha", "thy", "reth", "kol", "nak", "rith", "vy", "leng",
                 "dy", "vann", "ny", "ron", "sak", "mony", "dara"]
BRAND_1 = ["Han", "Dae", "Sam", "Kuk", "Il", "Shin", "Mi", "Se", "Yong", "Hyo", "Ang", "Preah", "Chak", "Sra",
           "Kam", "Bo", "Neak", "Sang", "Tae", "Mekh"]
BRAND_2 = ["seong", "yang", "il", "do", "jin", "hwa", "bong", "won", "san", "gang", "kor", "dak", "rong", "thom",
           "veng", "ra", "lay", "chey", "mool", "nara"]

CAMBODIAN_PLACES = ["Phnom Penh", "Siem Reap", "Sihanoukville", "Battambang", "Kampot", "Kandal", "Takeo",
                    "Koh Kong", "Kampong Cham"]
KOREAN_PLACES = ["Seoul", "Busan", "Incheon"]
OTHER_COUNTRIES = ["China", "Japan", "Vietnam", "Thailand", "the United States", "Australia", "Singapore"]
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

CAMBODIAN_MINISTRIES = ["Commerce", "Economy and Finance", "Public Works and Transport",
                        "Labour and Vocational Training", "Health", "Rural Development", "Environment", "Tourism",
                        "Water Resources and Meteorology", "Mines and Energy", "Post and Telecommunications",
                        "Foreign Affairs and International Cooperation", "Education, Youth and Sport"]
KOREAN_MINISTRIES = ["Trade, Industry and Energy", "Foreign Affairs", "Employment and Labor", "Land, Infrastructure "
                     "and Transport", "Economy and Finance", "Health and Welfare", "Science and ICT"]
FIELDS = ["Investment", "Water Supply", "Road Safety", "Export Promotion", "Skills Development", "Rural Credit",
          "Digital Economy", "Energy", "Trade", "Tourism", "Agriculture", "Housing"]
SECTORS = ["trade", "infrastructure", "labour migration", "the digital economy", "agriculture", "health care",
           "clean water", "vocational training", "rural roads", "renewable energy", "mine clearance", "tourism",
           "higher education", "garment exports", "e-government", "flood control"]
PROJECT_KINDS = ["ring road", "water treatment plant", "irrigation scheme", "bridge", "sewerage network",
                 "vocational training centre", "hospital wing", "solar farm", "port expansion", "rural roads programme",
                 "smart-city pilot", "drainage project"]
PEOPLE_NOUNS = ["workers", "students", "trainees", "volunteers", "migrant workers", "garment workers", "nurses",
                "engineers", "farmers", "teachers", "Cambodian workers", "young people"]
THING_NOUNS = ["projects", "scholarships", "houses", "factories", "companies", "kilometres of road", "health centres",
               "classrooms", "memoranda of understanding", "loan agreements", "water wells", "bridges"]
ADJECTIVES = ["welcome", "overdue", "ambitious", "modest", "significant", "unprecedented", "risky", "pragmatic"]
QUOTES = [
    "This partnership will deliver real benefits for ordinary families",
    "We want every loan to be spent where people can see it",
    "Our workers deserve the same protection as anyone else",
    "The relationship has never been stronger than it is today",
    "We cannot accept these claims, which are not supported by any evidence",
    "The new road will cut travel times in half",
    "We will keep our promises to the people of both countries",
    "Debt is manageable as long as it funds productive investment",
    "There is still a great deal of work to do on labour rights",
    "Korean companies are ready to invest more if the rules are clear",
]
REPORTING = ["said", "told reporters", "said in a statement", "told a press conference", "added", "noted"]


def syllable_name(first: list[str], second: list[str], rng: random.Random) -> str:
    return rng.choice(first) + rng.choice(second)


class Article:
    """One document: a cast of people and organisations, then sentences filled from templates."""

    def __init__(self, rng: random.Random, year: int):
        self.rng = rng
        self.year = year
        self.month = rng.randrange(1, 13)
        self.day = rng.randrange(1, 29)
        self.introduced: dict[str, str] = {}  # full name → short reference
        self.orgs: list[str] = []

    # people -------------------------------------------------------------------------------------------------
    def korean_name(self) -> str:
        r = self.rng
        return f"{r.choice(KOREAN_FAMILY)} {r.choice(KOREAN_GIVEN_1)}-{r.choice(KOREAN_GIVEN_2)}"

    def khmer_name(self) -> str:
        r = self.rng
        return f"{r.choice(KHMER_FAMILY)} {syllable_name(KHMER_GIVEN_1, KHMER_GIVEN_2, r).capitalize()}"

    def new_person(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            name = self.korean_name()
            title = r.choice(["Ambassador", "Korean Ambassador", f"Vice Minister of {r.choice(KOREAN_MINISTRIES)}",
                              f"Deputy Minister of {r.choice(KOREAN_MINISTRIES)}", "Foreign Minister",
                              "KOICA country director", "Eximbank Director-General", "Counsellor", "Consul",
                              "Senator", "lawmaker"])
            short = name.split()[0]
        else:
            name = self.khmer_name()
            title = r.choice([f"Minister of {r.choice(CAMBODIAN_MINISTRIES)}", "Deputy Prime Minister",
                              "Senior Minister", "Secretary of State for Labour", f"Governor of {self.cplace()}",
                              "government spokesman", "Labour Ministry spokeswoman", "opposition leader",
                              "Chairman", "Director-General"])
            short = name
        if name in self.introduced:
            return self.introduced[name]
        self.introduced[name] = short
        return f"{title} {name}"

    def expert(self) -> str:
        """An apposition: 'Sok Dara, a lecturer at the Hanseong University,'."""
        r = self.rng
        name = self.khmer_name() if r.random() < 0.6 else self.korean_name()
        self.introduced[name] = name if name.split()[0] in KHMER_FAMILY else name.split()[0]
        where = r.choice([f"the {self.brand()} University", f"the {self.brand()} Institute for {r.choice(FIELDS)} "
                          "Studies", f"{self.brand()} University", f"the {self.brand()} {r.choice(FIELDS)} Council"])
        role = r.choice(["a lecturer at", "a senior researcher at", "an analyst with", "a professor at",
                         "a policy analyst at", "an adviser to"])
        return f"{name}, {role} {where},"

    def person(self) -> str:
        if self.introduced and self.rng.random() < 0.55:
            return self.rng.choice(list(self.introduced.values()))
        return self.new_person()

    # organisations, places ----------------------------------------------------------------------------------
    def brand(self) -> str:
        return syllable_name(BRAND_1, BRAND_2, self.rng)

    def org(self) -> str:
        r = self.rng
        if len(self.orgs) > 1 and r.random() < 0.35:
            name = r.choice(self.orgs[:-1])  # not the one just named
            self.orgs.append(self.orgs.pop(self.orgs.index(name)))
            return name
        name = r.choice([
            f"Ministry of {r.choice(CAMBODIAN_MINISTRIES)}", f"Ministry of {r.choice(KOREAN_MINISTRIES)}",
            f"{self.brand()} Development Bank", f"{self.brand()} Commercial Bank", f"{self.brand()} Bank",
            f"National {r.choice(FIELDS)} Agency", f"{self.brand()} {r.choice(FIELDS)} Agency",
            f"Cambodia-Korea {r.choice(FIELDS)} Council", f"{self.brand()} Business Council",
            f"{self.brand()} Construction Corporation", f"{self.brand()} Engineering Company",
            f"{self.brand()} Garment Workers Union", f"{self.brand()} Chamber of Commerce",
            "Korea International Cooperation Agency", "Export-Import Bank of Korea", "Asian Development Bank",
            "Council for the Development of Cambodia", "KOICA", "Korea Eximbank",
        ])
        self.orgs.append(name)
        return name

    def the_org(self) -> str:
        name = self.org()
        return name if name.isupper() else f"the {name}"

    def cplace(self) -> str:
        return self.rng.choice(CAMBODIAN_PLACES)

    def kplace(self) -> str:
        return self.rng.choice(KOREAN_PLACES)

    def place(self) -> str:
        return self.cplace() if self.rng.random() < 0.7 else self.kplace()

    def country(self) -> str:
        return self.rng.choice(["Cambodia", "South Korea", "Korea", "the Republic of Korea", "Seoul", "Phnom Penh"])

    def other_country(self) -> str:
        return self.rng.choice(OTHER_COUNTRIES)

    def project(self) -> str:
        r = self.rng
        return r.choice([f"the {self.cplace()} {r.choice(PROJECT_KINDS)}", f"a {r.choice(PROJECT_KINDS)} in "
                         f"{self.cplace()}", f"the {self.brand()} {r.choice(PROJECT_KINDS)}"])

    # dates, figures -----------------------------------------------------------------------------------------
    def date(self) -> str:
        r = self.rng
        month, day = MONTH_NAMES[r.randrange(12)], r.randrange(1, 29)
        return r.choice([f"on {month} {day}, {self.year}", f"on {month} {day}", f"on {day} {month} {self.year}",
                         f"on {r.choice(WEEKDAYS)}", f"on {month} {day}, {self.year - r.randrange(1, 4)}"])

    def month_phrase(self) -> str:
        r = self.rng
        return r.choice([f"in {MONTH_NAMES[r.randrange(12)]}", f"in {MONTH_NAMES[r.randrange(12)]} {self.year}",
                         f"last {MONTH_NAMES[r.randrange(12)]}", f"in {self.year - r.randrange(0, 6)}"])

    def span(self) -> str:
        r = self.rng
        first = r.randrange(2010, self.year)
        last = r.randrange(first + 1, self.year + 4)
        return r.choice([f"from {first} to {last}", f"between {first} and {last}", f"in {first}-{last}",
                         f"from {first} through {last}"])

    def year_any(self) -> str:
        return str(self.rng.randrange(2008, self.year + 1))

    def money(self) -> str:
        r = self.rng
        qual = r.choice(["", "", "", "over ", "about ", "nearly ", "more than ", "up to ", "some "])
        n = r.choice([r.randrange(2, 999), round(r.uniform(1, 9.9), 2), r.randrange(1, 60)])
        return qual + r.choice([f"${n} million", f"${n}bn", f"{n} million USD", f"KRW {n} billion",
                                f"US${n} million", f"{n} billion won", f"${n}m", f"{n} million dollars",
                                f"KHR {r.randrange(10, 900)} billion", f"${r.randrange(100, 99_000) * 1000:,}"])

    def pct(self) -> str:
        r = self.rng
        qual = r.choice(["", "", "about ", "nearly ", "over ", "less than "])
        n = r.choice([r.randrange(1, 95), round(r.uniform(0.5, 40), 1)])
        return qual + r.choice([f"{n}%", f"{n} percent", f"{n} per cent"])

    def _count(self, nouns: list[str]) -> str:
        r = self.rng
        qual = r.choice(["", "", "", "some ", "about ", "more than ", "at least ", "nearly "])
        n = r.choice([r.randrange(2, 60), r.randrange(100, 999), r.randrange(1000, 60000)])
        return f"{qual}{n:,} {r.choice(nouns)}"

    def people(self) -> str:
        return self._count(PEOPLE_NOUNS)

    def things(self) -> str:
        return self._count(THING_NOUNS)

    # text ---------------------------------------------------------------------------------------------------
    def fill(self, template: str) -> str:
        out, i = [], 0
        while True:
            j = template.find("{", i)
            if j < 0:
                out.append(template[i:])
                break
            k = template.index("}", j)
            out.append(template[i:j])
            out.append(getattr(self, template[j + 1:k])())
            i = k + 1
        text = "".join(out)
        return text[0].upper() + text[1:]

    def sector(self) -> str:
        return self.rng.choice(SECTORS)

    def adjective(self) -> str:
        return self.rng.choice(ADJECTIVES)

    def quote(self) -> str:
        return self.rng.choice(QUOTES)

    def reporting(self) -> str:
        return self.rng.choice(REPORTING)


HEADLINES = [
    "Cambodia and Korea sign {money} deal on {sector}",
    "Korea to lend Cambodia {money} for {project}",
    "{country} pledges {money} in aid as ministers meet in {place}",
    "Workers protest at {org} over unpaid wages",
    "Korean investment in Cambodia up {pct} {month_phrase}",
    "{org} denies accusations over {project}",
    "Envoy visits {place} as ties with Seoul deepen",
    "Cambodia seeks more jobs in Korea for {people}",
]

SENTENCES = [
    "{new_person} met {new_person} in {place} {date} to discuss {sector} and {sector}.",
    "During the talks, {person} said {country} would provide {money} in grants for {project}.",
    "The {org} signed an agreement with {the_org} {date}, under which {money} will be lent for {project} {span}.",
    "{person} visited {place} {month_phrase}, touring {project} financed by {the_org}.",
    "Exports from Cambodia to South Korea rose {pct} in {year_any} to {money}, according to {the_org}.",
    "{people} are now employed in Korea under the Employment Permit System, {person} {reporting}.",
    "“{quote},” {person} {reporting}.",
    "{expert} said the deal was {adjective} but warned that public debt could reach {pct} of output by {year_any}.",
    "Labour groups accused {the_org} of ignoring complaints, and {people} protested outside {the_org} in {place}.",
    "The ministry denied the allegations and said {things} had been inspected since {year_any}.",
    "Both sides agreed to expand cooperation in {sector} and to hold the next round of talks in {place} "
    "{month_phrase}.",
    "{person} thanked {country} for {money} in assistance provided {span}.",
    "Since {year_any}, Korea has lent Cambodia {money} through {the_org}, {person} said, with another {money} "
    "pledged for the coming years.",
    "{the_org} said {people} would receive training {month_phrase}, with {money} earmarked for the programme.",
    "Korean investment in Cambodia reached {money} in {year_any}, up {pct} from a year earlier, {the_org} reported.",
    "{person} urged {the_org} to speed up disbursement of the {money} loan for {project}.",
    "Police arrested {people} in {place} {date} after a protest at a Korean-owned garment factory turned violent.",
    "Tourist arrivals from Korea fell {pct} to {people} {span}, {the_org} said.",
    "{person} hosted a courtesy call by {new_person} at the {org} in {place} {date}.",
    "The two governments signed {things} worth {money}, covering {sector} and {sector}.",
    "Critics said the projects lacked transparency, but {person} rejected the claims as politically motivated.",
    "{the_org} has financed {things} worth {money} in Cambodia since {year_any}, or {pct} of its portfolio.",
    "Trade between the two countries was worth {money} {span}, with Korean imports accounting for {pct}.",
    "{expert} said {other_country} remained the largest lender, while Korea's share had grown to {pct}.",
    "{person} said the government had requested {money} from {the_org} to build {project}.",
    "The union said {people} had lost their jobs {month_phrase} and threatened a strike if {the_org} refused to "
    "negotiate.",
    "{person} welcomed the decision, calling it a milestone in relations that were elevated to a strategic "
    "partnership {month_phrase}.",
    "The loan carries an interest rate of {pct} and a grace period of ten years, {the_org} said in {place}.",
    "Officials from {other_country} and {country} also attended the forum, which drew {people} from {place}.",
    "{person} declined to comment on the figures, which could not be independently verified.",
    "In {place}, {people} lined the streets as the delegation arrived {date}.",
    "The project, due to be completed {span}, is expected to create jobs for {people} and raise incomes by {pct}.",
]


def make_document(index: int, seed: int) -> Document:
    rng = random.Random(seed * 1_000_003 + index)
    year = rng.randrange(2016, 2026)
    article = Article(rng, year)
    headline = article.fill(rng.choice(HEADLINES))
    dateline_place = rng.choice(CAMBODIAN_PLACES[:3] + KOREAN_PLACES[:1]).upper()
    dateline = f"{dateline_place}, {MONTH_NAMES[article.month - 1]} {article.day}, {year} –"
    target = rng.randrange(300, 601)
    paragraphs: list[str] = []
    words = len(headline.split())
    while words < target:
        sentences = [article.fill(rng.choice(SENTENCES)) for _ in range(rng.randrange(2, 5))]
        paragraph = " ".join(sentences)
        if not paragraphs:
            paragraph = f"{dateline} {paragraph}"
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    text = headline + "\n\n" + "\n\n".join(paragraphs) + "\n"
    doc_id = f"bench-{index:05d}"
    metadata = {"title": headline, "kind": "news", "language": "en", "publisher": "benchmark",
                "date": f"{year}-{article.month:02d}-{article.day:02d}"}
    return Document(id=doc_id, path=Path(f"benchmarks/generated/{doc_id}.txt"), text=text, metadata=metadata,
                    boilerplate=())


def make_corpus(n: int, seed: int) -> list[Document]:
    return [make_document(i, seed) for i in range(n)]


# --- measurement --------------------------------------------------------------------------------------------

WARM_UP = Document(
    id="warm-up", path=Path("warm-up.txt"), metadata={"date": "2025-01-01"},
    text="Ambassador Kim Ha-jin met Minister of Commerce Sok Dara in Phnom Penh on March 3, 2025.\n\n"
         "Keo Vira, a lecturer at the Sample University, said Korea lent over $12 million, about 5% of 300 loans.\n")


def build_extractor():
    """The Extractor, then one small warm-up document: regular expressions compiled on first use and rapidfuzz's
    import are one-off costs, kept out of the timed part like the construction itself."""
    t = time.perf_counter()
    from graph.extraction.extractor import Extractor

    extractor = Extractor()
    construct = time.perf_counter() - t
    t = time.perf_counter()
    extractor.extract(WARM_UP)
    return extractor, construct, time.perf_counter() - t


def _maxrss_bytes(who: int) -> int:
    rss = resource.getrusage(who).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports KiB, macOS bytes


def _single_run(docs: int, seed: int, conn) -> None:
    """In a fresh process: generate (untimed), build the Extractor (timed apart), extract everything (timed)."""
    corpus = make_corpus(docs, seed)
    extractor, construct, warm_up = build_extractor()
    t = time.perf_counter()
    candidates = sum(len(extractor.extract(document)) for document in corpus)
    wall = time.perf_counter() - t
    conn.send({"wall": wall, "candidates": candidates, "construct": [construct], "warm_up": [warm_up],
               "rss": _maxrss_bytes(resource.RUSAGE_SELF), "rss_sum": None})
    conn.close()


_EXTRACTOR = None
_TIMES = (0.0, 0.0)
_BARRIER = None


def _init_worker(barrier) -> None:
    global _EXTRACTOR, _TIMES, _BARRIER
    _EXTRACTOR, *times = build_extractor()
    _TIMES = tuple(times)
    _BARRIER = barrier


def _ready(_: int) -> tuple[float, float]:
    _BARRIER.wait(timeout=300)  # one task per worker: all have their Extractor before the clock starts
    return _TIMES


def _extract_chunk(chunk: list[Document]) -> tuple[int, int, int]:
    candidates = sum(len(_EXTRACTOR.extract(document)) for document in chunk)
    return os.getpid(), candidates, _maxrss_bytes(resource.RUSAGE_SELF)


def _pool_run(docs: int, seed: int, processes: int, chunk_size: int, conn) -> None:
    """In a fresh process that owns the pool, so that RUSAGE_CHILDREN covers the pool's workers only."""
    corpus = make_corpus(docs, seed)
    chunks = [corpus[i:i + chunk_size] for i in range(0, len(corpus), chunk_size)]
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(processes)
    t = time.perf_counter()
    pool = ctx.Pool(processes, initializer=_init_worker, initargs=(barrier,))
    ready = pool.map(_ready, range(processes), chunksize=1)
    startup = time.perf_counter() - t
    t = time.perf_counter()
    results = list(pool.imap_unordered(_extract_chunk, chunks))
    wall = time.perf_counter() - t
    pool.close()
    pool.join()
    peaks: dict[int, int] = {}
    for pid, _, rss in results:
        peaks[pid] = max(peaks.get(pid, 0), rss)
    conn.send({"wall": wall, "candidates": sum(c for _, c, _ in results), "construct": [c for c, _ in ready],
               "warm_up": [w for _, w in ready],
               "startup": startup, "rss": _maxrss_bytes(resource.RUSAGE_CHILDREN),
               "rss_sum": sum(peaks.values()), "workers_used": len(peaks)})
    conn.close()


def run_in_child(target, *args) -> dict:
    ctx = mp.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=target, args=(*args, send))
    process.start()
    send.close()
    result = receive.recv()
    process.join()
    if process.exitcode != 0:
        raise SystemExit(f"benchmark child failed with exit code {process.exitcode}")
    return result


# --- report -------------------------------------------------------------------------------------------------

TEXT_COLUMNS = {0, 8, 9}  # left-aligned: run, RSS measured as, target


def table(rows: list[list[str]], markdown: bool) -> str:
    header, body = rows[0], rows[1:]
    if markdown:
        lines = ["| " + " | ".join(header) + " |",
                 "|" + "|".join("---" if i in TEXT_COLUMNS else "---:" for i in range(len(header))) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]

    def line(row):
        return "  ".join(cell.ljust(w) if i in TEXT_COLUMNS else cell.rjust(w) for i, (cell, w) in
                         enumerate(zip(row, widths, strict=True))).rstrip()

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *[line(row) for row in body]])


def profile(corpus: list[Document]) -> None:
    import cProfile
    import pstats

    from graph.extraction.parsing import parse

    extractor, _, _ = build_extractor()
    # Where the CPU goes, without the profiler's overhead: spaCy's pipeline alone (parse), then the whole
    # extraction; the extractor's own code is the difference.
    started = time.process_time()
    for document in corpus:
        for _paragraph in parse(extractor.nlp, document):
            pass
    parsing = time.process_time() - started
    started = time.process_time()
    for document in corpus:
        extractor.extract(document)
    whole = time.process_time() - started
    print(f"\nCPU of the single-process extraction: {whole:.2f} s, of which spaCy's pipeline {parsing:.2f} s "
          f"({parsing / whole:.0%}) and the extractor's own code after parsing {whole - parsing:.2f} s")
    profiler = cProfile.Profile()
    profiler.enable()
    for document in corpus:
        extractor.extract(document)
    profiler.disable()
    print("\ncProfile of the single-process extraction, top 10 by own time:")
    pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("tottime").print_stats(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=20250314, help="seed of the corpus generator")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                        help="workers of the pool (default os.cpu_count())")
    parser.add_argument("--chunk-size", type=int, default=0, help="documents per pool task (default: about 8 "
                        "tasks per worker)")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    parser.add_argument("--profile", action="store_true", help="also print the CPU split between spaCy and the "
                        "extractor's own code, and a cProfile top 10 (single process)")
    args = parser.parse_args()
    processes = max(1, args.processes)
    chunk_size = args.chunk_size or max(1, -(-args.docs // (processes * 8)))

    t = time.perf_counter()
    corpus = make_corpus(args.docs, args.seed)
    generation = time.perf_counter() - t
    words = sum(len(d.text.split()) for d in corpus)
    lengths = sorted(len(d.text.split()) for d in corpus)

    single = run_in_child(_single_run, args.docs, args.seed)
    pooled = run_in_child(_pool_run, args.docs, args.seed, processes, chunk_size)

    rows = [["run", "procs", "wall s", "words/s", "words/s/proc", "docs/s", "candidates", "peak RSS MiB",
             "RSS measured as", "target"]]
    for name, n, result, rss_kind in (
            ("single process", 1, single, "RUSAGE_SELF"),
            (f"{processes} processes", processes, pooled, "RUSAGE_CHILDREN (max worker)")):
        rate = words / result["wall"]
        per_process = rate / n
        rows.append([name, str(n), f"{result['wall']:.2f}", f"{rate:,.0f}", f"{per_process:,.0f}",
                     f"{args.docs / result['wall']:,.1f}", f"{result['candidates']:,}",
                     f"{result['rss'] / 2**20:,.0f}", rss_kind,
                     "PASS" if per_process >= TARGET_PER_PROCESS else "FAIL"])

    print(f"corpus: {args.docs:,} documents, {words:,} words (median {lengths[len(lengths) // 2]}, "
          f"{lengths[0]}–{lengths[-1]} per document), seed {args.seed}; generated in {generation:.2f} s (not timed)")
    print()
    print(table(rows, args.markdown))
    print()
    print(f"target: >= {TARGET_PER_PROCESS:,} words/s per process (words/s ÷ processes)")
    construct, warm_up = pooled["construct"], pooled["warm_up"]
    print(f"not timed: Extractor construction (verified spaCy pipeline + rules) single "
          f"{single['construct'][0]:.2f} s, pool workers mean {sum(construct) / len(construct):.2f} s "
          f"(max {max(construct):.2f} s); first-document warm-up single {single['warm_up'][0]:.2f} s, workers max "
          f"{max(warm_up):.2f} s; pool start-up incl. spawn and imports {pooled['startup']:.2f} s")
    print(f"peak RSS: single = the whole benchmark process (corpus + spaCy + extraction); pool = RUSAGE_CHILDREN of "
          f"the pool's owner, i.e. the largest single worker; sum of the {pooled['workers_used']} workers' own peaks "
          f"{pooled['rss_sum'] / 2**20:,.0f} MiB")
    if single["candidates"] != pooled["candidates"]:
        print(f"warning: candidate counts differ (single {single['candidates']}, pool {pooled['candidates']})")
    if args.profile:
        profile(corpus)


if __name__ == "__main__":
    main()
