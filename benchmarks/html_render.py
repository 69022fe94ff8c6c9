"""How fast the explorer page (graph/render.py) is built and opened, at 100, 1,000 and 5,000 entities.

Run from the repository root:

    python benchmarks/html_render.py                       # 100, 1,000, 5,000 entities; plain-text table
    python benchmarks/html_render.py --markdown            # the same table in Markdown
    python benchmarks/html_render.py --sizes 100,2000 --runs 5

For each size a seeded generator (``--seed``) writes pyoxigraph Quads in the shape of ``out/graph.trig``: the real
ontology (``ontology/bilat.ttl``, parsed with pyoxigraph) in ``:graph-ontology`` so that the page's class paths
work; countries, places, organisations (``org:FormalOrganization``, with ``bo:country``) and people
(``schema:Person``) in ``:graph-curated-entities`` — exactly the requested number of entities; documents
(``bo:Document`` with ``dcterms:identifier``, ``dcterms:title`` and ``schema:datePublished``) in
``:graph-documents``; and on top of the entities one event per entity (``bo:Meeting``, ``bo:Visit``, ``bo:Summit``…
— subclasses of ``bo:Event`` ⊂ ``bo:Fact``) in one named graph per document, each with ``skos:prefLabel``,
``schema:startDate``, two people as ``bo:participant`` (and an organisation in 30 % of them), in 40 % a
``schema:location``, and one or two ``bo:evidence`` → ``oa:SpecificResource`` (``oa:hasSource`` the document,
``oa:hasSelector`` a ``oa:TextQuoteSelector`` with ``oa:exact`` and a ``oa:TextPositionSelector`` with
``oa:start``). The page's entity count (``window.bilat.total``) is checked against the requested size (±1 %).
Generation is not timed.

Measured:

* **render** — ``render_html(quads)`` in this process, one run, wall time; split into ``explorer_data`` (the
  SPARQL queries and the links), the igraph layout and the rest (template, JSON).
* **HTML** — the size of the page in bytes (vis-network inline, ~0.5 MB of it; all data but the first view's
  is deflated, in base64).
* **browser** — Debian's Chromium, headless, driven by Playwright; every non-``file:`` request aborted; the page
  written to a temporary file and opened from its ``file://`` URL in a fresh page (new browser context) per run.
  An init script records ``performance.now()`` (milliseconds since navigation start) at the moment the page sets
  ``window.bilat.drawn`` (first ``afterDrawing`` of the view the page opens on: at most graph.render.FIRST_VIEW
  entities); also recorded: ``domContentLoadedEventStart`` (HTML parsed, the packed data included, and the
  inline scripts run: the first view's JSON, DataSets, the ``vis.Network`` constructor, the first pass and fit).
  The layout is computed in Python and physics is off, so the first drawing is the final one. Median of
  ``--runs`` (3) runs each; "nodes drawn" and "links drawn" are what that view shows.
* **search** — on each run's page, as soon as ``drawn`` is set: ``page.fill('#search', term)`` until
  ``#results li`` exists (Python wall time, including Playwright's round trips), with a term that matches many
  names (the commonest family name; the page lists at most 30); median over the runs. This first search also
  inflates and parses the packed data (everything but the quotes).
* **filter** — after that search, in the page, the milliseconds one class checkbox takes (unchecking "place":
  every fact and link re-evaluated, the network updated and the view fitted), measured with ``performance.now()``
  around the click.

Target: **5,000 entities with their links interactive within 3 s of opening** — PASS when the 5,000-entity page's
median time from navigation start to DOM ready (the page's script has finished: it answers input) and to
``drawn`` are both under 3 s. The default run takes about a minute and a half on 2 cores, most of it in the browser.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from graph import render  # noqa: E402

ONTOLOGY_FILE = ROOT / "ontology" / "bilat.ttl"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TARGET_NODES = 5_000
TARGET_SECONDS = 3.0

ID = "https://bilat.example/id/"
BO = "https://bilat.example/ontology#"
SCHEMA = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
OA = "http://www.w3.org/ns/oa#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"

# --- graph generator ------------------------------------------------------------------------------------------

COUNTRIES = [("cambodia", "Cambodia", "កម្ពុជា"), ("rok", "Republic of Korea", "대한민국"),
             ("japan", "Japan", "日本"), ("china", "China", "中国"), ("vietnam", "Vietnam", "Việt Nam"),
             ("thailand", "Thailand", "ประเทศไทย"), ("laos", "Laos", "ລາວ"), ("usa", "United States", None),
             ("dprk", "Democratic People's Republic of Korea", "조선"), ("singapore", "Singapore", None),
             ("malaysia", "Malaysia", None), ("philippines", "Philippines", None)]
FAMILY = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Yoon", "Han", "Seo", "Hong", "Sok", "Chea", "Heng", "Keo",
          "Meas", "Pich", "Ouk", "Prak", "Seng", "Tep", "Nhem", "Vong", "Chhun", "Khieu"]
GIVEN_1 = ["Min", "Ji", "Hyun", "Woo", "Soo", "Tae", "Sung", "Hye", "Chan", "So", "Va", "Ra", "Pi", "Bo", "Sam",
           "Vi", "Sre", "Pha", "Ka", "Ro"]
GIVEN_2 = ["jun", "won", "yeon", "hoon", "bin", "kyung", "seok", "jin", "young", "ho", "phal", "rith", "vy", "nak",
           "thy", "rak", "leng", "mony", "dara", "sokha"]
ORG_KINDS = ["Ministry of Foreign Affairs", "Ministry of Commerce", "Chamber of Commerce", "Development Bank",
             "Investment Agency", "Garment Association", "Trade Union", "Construction Group", "Energy Company",
             "Export–Import Bank", "Council for Development", "Broadcasting Corporation"]
PLACE_KINDS = ["Province", "District", "City", "Port", "Special Economic Zone", "Airport"]
PLACE_ROOTS = ["Kampong", "Siem", "Battam", "Kandal", "Takeo", "Kampot", "Busan", "Incheon", "Daegu", "Gwangju",
               "Ulsan", "Suwon", "Sihanouk", "Preah", "Svay", "Koh", "Ratana", "Mondul", "Stung", "Banteay"]
EVENTS = [("Meeting", "meets"), ("Visit", "visits"), ("Summit", "attends summit with"), ("Forum", "joins forum with"),
          ("Ceremony", "holds ceremony with"), ("Signing", "signs with"), ("Communication", "calls")]
WORDS = ["the", "minister", "said", "cooperation", "between", "the", "two", "countries", "would", "deepen", "after",
         "talks", "on", "trade", "investment", "infrastructure", "and", "labour", "with", "officials", "from",
         "both", "sides", "during", "the", "visit", "to", "the", "capital"]


def plan(entities: int) -> dict[str, int]:
    """How many entities of each class, summing to ``entities``; and as many events on top."""
    countries = min(len(COUNTRIES), max(3, entities // 100))
    rest = entities - countries
    orgs, places = round(rest * 0.2), round(rest * 0.15)
    return {"countries": countries, "people": rest - orgs - places, "orgs": orgs, "places": places,
            "events": entities}


class Generator:
    def __init__(self, nodes: int, seed: int, ontology: list):
        self.random = random.Random(seed * 1_000_003 + nodes)
        self.counts = plan(nodes)
        self.quads: list[ox.Quad] = list(ontology)

    def add(self, s: str, p: str, o, g: str) -> None:
        obj = o if isinstance(o, (ox.NamedNode, ox.Literal, ox.BlankNode)) else ox.NamedNode(o)
        self.quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), obj, ox.NamedNode(g)))

    def label(self, s: str, text: str, g: str, lang: str = "en", predicate: str = "prefLabel") -> None:
        self.add(s, SKOS + predicate, ox.Literal(text, language=lang), g)

    def sentence(self, n: int) -> str:
        return " ".join(self.random.choice(WORDS) for _ in range(n))

    def build(self) -> tuple[list[ox.Quad], str]:
        """The quads, and a search term that matches many names."""
        r, c = self.random, self.counts
        entities, documents = ID + "graph-curated-entities", ID + "graph-documents"
        countries = []
        for key, english, local in COUNTRIES[:c["countries"]]:
            iri = ID + key
            countries.append(iri)
            self.add(iri, RDF_TYPE, SCHEMA + "Country", entities)
            self.label(iri, english, entities)
            if local:
                self.label(iri, local, entities, lang="und", predicate="altLabel")
        places = []
        for n in range(c["places"]):
            iri = ID + f"place-{n}"
            places.append(iri)
            self.add(iri, RDF_TYPE, SCHEMA + "Place", entities)
            self.label(iri, f"{r.choice(PLACE_ROOTS)} {r.choice(PLACE_KINDS)} {n}", entities)
            self.add(iri, BO + "country", r.choice(countries), entities)
        orgs = []
        for n in range(c["orgs"]):
            iri = ID + f"org-{n}"
            orgs.append(iri)
            country = r.choice(countries)
            self.add(iri, RDF_TYPE, ORG + "FormalOrganization", entities)
            self.label(iri, f"{r.choice(ORG_KINDS)} {n} ({country.rsplit('/', 1)[1]})", entities)
            self.add(iri, BO + "country", country, entities)
        people, seen = [], set()
        for n in range(c["people"]):
            while True:
                name = f"{r.choice(FAMILY)} {r.choice(GIVEN_1)}{r.choice(GIVEN_2)}"
                name = name if name not in seen else f"{name} {n}"
                if name not in seen:
                    break
            seen.add(name)
            iri = ID + f"person-{n}"
            people.append((iri, name))
            self.add(iri, RDF_TYPE, SCHEMA + "Person", entities)
            self.label(iri, name, entities)
            if r.random() < 0.3:
                self.label(iri, name.replace(" ", "-"), entities, predicate="altLabel")
        docs = []
        for n in range(max(3, c["events"] // 8)):
            iri, identifier = ID + f"doc-{n:05d}", f"doc-{n:05d}"
            docs.append((iri, identifier))
            self.add(iri, RDF_TYPE, BO + "Document", documents)
            self.add(iri, DCTERMS + "identifier", ox.Literal(identifier), documents)
            self.add(iri, DCTERMS + "title", ox.Literal(f"Synthetic article {n}: {self.sentence(6)}"), documents)
            published = f"{r.randint(1993, 2025)}-{r.randint(1, 12):02d}"
            self.add(iri, SCHEMA + "datePublished", ox.Literal(published, datatype=ox.NamedNode(XSD + "gYearMonth")),
                     documents)
        for n in range(c["events"]):
            kind, verb = EVENTS[n % len(EVENTS)]
            doc, doc_id = r.choice(docs)
            g = ID + f"graph-{doc_id}"
            year = r.randint(1993, 2025)
            date = f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
            iri = ID + f"{kind.lower()}-{date}-{n}"
            first, second = r.sample(people, 2)
            self.add(iri, RDF_TYPE, BO + kind, g)
            self.add(iri, SCHEMA + "startDate", ox.Literal(date, datatype=ox.NamedNode(XSD + "date")), g)
            self.add(iri, BO + "participant", first[0], g)
            self.add(iri, BO + "participant", second[0], g)
            if r.random() < 0.3:
                self.add(iri, BO + "participant", r.choice(orgs), g)
            where = ""
            if r.random() < 0.4:
                place = r.choice(places)
                self.add(iri, SCHEMA + "location", place, g)
                where = f" in {place.rsplit('-', 1)[1]}"
            self.label(iri, f"{first[1]} {verb} {second[1]}{where}", g)
            self.add(iri, PROV + "wasDerivedFrom", doc, g)
            for k in range(1 if r.random() < 0.7 else 2):
                ev, quote, position = f"{iri}-ev{k}", f"{ID}{kind.lower()}-{n}-q{k}", f"{ID}{kind.lower()}-{n}-p{k}"
                self.add(iri, BO + "evidence", ev, g)
                self.add(ev, RDF_TYPE, OA + "SpecificResource", g)
                self.add(ev, OA + "hasSource", doc, g)
                self.add(ev, OA + "hasSelector", quote, g)
                self.add(ev, OA + "hasSelector", position, g)
                self.add(quote, RDF_TYPE, OA + "TextQuoteSelector", g)
                self.add(quote, OA + "exact", ox.Literal(f"{first[1]} {verb} {second[1]}: {self.sentence(12)}"), g)
                self.add(position, RDF_TYPE, OA + "TextPositionSelector", g)
                start = r.randint(0, 5000)
                self.add(position, OA + "start", ox.Literal(str(start), datatype=ox.NamedNode(XSD + "integer")), g)
                self.add(position, OA + "end", ox.Literal(str(start + 80), datatype=ox.NamedNode(XSD + "integer")), g)
        family = statistics.mode(name.split(" ")[0] for _, name in people)
        return self.quads, family


def load_ontology() -> list[ox.Quad]:
    graph = ox.NamedNode(ID + "graph-ontology")
    return [ox.Quad(t.subject, t.predicate, t.object, graph)
            for t in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)]


# --- Python render --------------------------------------------------------------------------------------------

def timed_render(quads) -> tuple[bytes, dict[str, float]]:
    """render_html with its stages timed (module functions wrapped for the one call)."""
    spent = {"data": 0.0, "layout": 0.0}
    originals = {"explorer_data": render.explorer_data, "_layout": render._layout}

    def wrap(name, key):
        def inner(*args, **kwargs):
            begin = time.perf_counter()
            try:
                return originals[name](*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - begin
        return inner

    render.explorer_data, render._layout = wrap("explorer_data", "data"), wrap("_layout", "layout")
    try:
        begin = time.perf_counter()
        html = render.render_html(quads)
        spent["total"] = time.perf_counter() - begin
    finally:
        render.explorer_data, render._layout = originals["explorer_data"], originals["_layout"]
    return html, spent


# --- browser --------------------------------------------------------------------------------------------------

# Runs before the page's own scripts: records performance.now() (ms since navigation start) when the page sets
# window.bilat.drawn, without changing what the page sees.
MARKS = """
(() => {
  const marks = window.__bench = {};
  let bilat;
  const watch = (object, key) => {
    let value = object[key];
    if (value && !(key in marks)) marks[key] = performance.now();
    Object.defineProperty(object, key, {configurable: true, enumerable: true, get: () => value,
      set: v => { value = v; if (v && !(key in marks)) marks[key] = performance.now(); }});
  };
  Object.defineProperty(window, "bilat", {configurable: true, get: () => bilat,
    set: v => { bilat = v; if (v && typeof v === "object") watch(v, "drawn"); }});
})();
"""


class Browser:
    def __init__(self):
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def close(self) -> None:
        self.browser.close()
        self.playwright.stop()

    def open(self, path: Path, timeout_ms: float = 120_000):
        """A fresh context and page, network blocked, opened from ``path``; returns (page, context, timings)."""
        context = self.browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                problems.append("request: " + r.request.url)
                r.abort()

        page.route("**/*", route)
        page.add_init_script(MARKS)
        page.goto(path.resolve().as_uri(), wait_until="commit", timeout=timeout_ms)
        page.wait_for_function("() => window.__bench && 'drawn' in window.__bench && document.readyState !== 'loading'",
                               timeout=timeout_ms)
        timings = page.evaluate("""() => {
            const nav = performance.getEntriesByType('navigation')[0];
            return {drawn: window.__bench.drawn, dom: nav ? nav.domContentLoadedEventStart : null,
                    nodes: window.bilat.total,
                    links: window.bilat.visibleLinks.length, shown: window.bilat.visible.size};
        }""")
        timings["problems"] = problems
        return page, context, timings


def filter_time(page) -> float:
    """Milliseconds, measured in the page, that unchecking one class takes: every fact and link re-evaluated,
    the network updated and the view fitted (the click's change handler runs all of it synchronously)."""
    return page.evaluate("""() => { const box = document.querySelector("#classes input[data-class='place']");
        const begin = performance.now(); box.click(); return performance.now() - begin; }""")


def search_time(page, term: str) -> tuple[float, int]:
    """Seconds from ``page.fill('#search', term)`` until a result is listed, on a page just loaded; and the
    number of results."""
    begin = time.perf_counter()
    page.fill("#search", term)
    page.wait_for_selector("#results li", timeout=30_000)
    seconds = time.perf_counter() - begin
    return seconds, page.evaluate("document.querySelectorAll('#results li').length")


# --- report ---------------------------------------------------------------------------------------------------

def table(headers: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:  # every column is numeric: all right-aligned
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" for _ in headers) + "|"]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(c) for c in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        return "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True))
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(row) for row in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,5000", help="Entity counts, comma-separated.")
    parser.add_argument("--runs", type=int, default=3, help="Browser runs per size (median reported).")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--markdown", action="store_true", help="Print the table in Markdown.")
    parser.add_argument("--keep", type=Path, default=None, help="Also write each page here (ENTITIES.html).")
    args = parser.parse_args(argv)
    sizes = sorted({int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s.strip()})
    say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731 - progress, not results
    wall = time.perf_counter()
    ontology = load_ontology()
    rows, results, notes = [], {}, []
    browser = Browser()
    try:
        with tempfile.TemporaryDirectory(prefix="bilat-html-") as tmp:
            for size in sizes:
                quads, term = Generator(size, args.seed, ontology).build()
                say(f"{size:,} entities: {len(quads):,} quads; rendering…")
                html, spent = timed_render(quads)
                path = Path(tmp) / f"graph-{size}.html"
                path.write_bytes(html)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"{size}.html").write_bytes(html)
                say(f"  render {spent['total']:.2f} s, {len(html) / 1e6:.1f} MB; opening in Chromium ×{args.runs}…")
                runs, searches, filters = [], [], []
                for n in range(args.runs):
                    page, context, timings = browser.open(path)
                    try:
                        seconds, found = search_time(page, term)
                        filters.append(filter_time(page))
                    finally:
                        context.close()
                    runs.append(timings)
                    searches.append(seconds)
                    if timings["problems"]:
                        notes.append(f"{size:,} entities, run {n + 1}: " + "; ".join(timings["problems"][:3]))
                search = statistics.median(searches)
                shown = runs[-1]["nodes"]
                ok = abs(shown - size) <= size * 0.01
                if not ok:
                    notes.append(f"{size:,} entities: the page shows {shown:,}, not {size:,} ± 1 %")
                med = {key: statistics.median(r[key] for r in runs) / 1000 for key in ("dom", "drawn")}
                results[size] = med
                rows.append([f"{size:,}", f"{shown:,}" + ("" if ok else " ✗"), f"{runs[-1]['shown']:,}",
                             f"{runs[-1]['links']:,}", f"{len(quads):,}", f"{spent['total']:.2f}",
                             f"{spent['data']:.2f}", f"{spent['layout']:.2f}", f"{len(html) / 1e6:.2f}",
                             f"{med['dom']:.2f}", f"{med['drawn']:.2f}", f"{statistics.median(filters):.0f}",
                             f"{search * 1000:.0f} ({found})"])
                say(f"  DOM ready {med['dom']:.2f} s, drawn {med['drawn']:.2f} s, filter "
                    f"{statistics.median(filters):.0f} ms, search {search * 1000:.0f} ms")
    finally:
        browser.close()
    headers = ["entities", "on page", "nodes drawn", "links drawn", "quads", "render s", "data s", "layout s",
               "HTML MB", "DOM ready s", "drawn s", "filter ms", "search ms (hits)"]
    print(table(headers, rows, args.markdown))
    print()
    print(f"Browser times: median of {args.runs} fresh page loads, seconds from navigation start. The layout is "
          f"computed in Python and physics is off: the first drawing is the final one.")
    if TARGET_NODES in results:
        drawn, dom = (results[TARGET_NODES][key] for key in ("drawn", "dom"))
        verdict = "PASS" if max(drawn, dom) < TARGET_SECONDS else "FAIL"
        print(f"Target: {TARGET_NODES:,} entities interactive within {TARGET_SECONDS:g} s of opening: {verdict} "
              f"(DOM ready {dom:.2f} s, drawn {drawn:.2f} s)")
    else:
        print(f"Target: {TARGET_NODES:,} entities interactive within {TARGET_SECONDS:g} s of opening: not measured "
              f"(add {TARGET_NODES} to --sizes)")
    for note in notes:
        print("Note: " + note)
    say(f"total wall time {time.perf_counter() - wall:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
