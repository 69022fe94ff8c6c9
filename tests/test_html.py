"""The explorer page in a real browser: Debian's Chromium driven by Playwright, every network request blocked,
the page opened from disk. Also the page's data (graph.render) without a browser."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest
from conftest import DATA, invoke

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
ID = "https://bilat.example/id/"
HUN_SEN, YOON, CAMBODIA, ROK = (ID + slug for slug in ("hun-sen", "yoon-suk-yeol", "cambodia", "republic-of-korea"))
MEETING_2024 = ID + "meeting-2024-09-11-hun-sen-yoon"
CRACKDOWN = ID + "crackdown-2014-01-02-garment-workers"


def test_page_references_no_external_url(built):
    html = (built / "graph.html").read_text(encoding="utf-8")
    assert re.findall(r'(?:src|href)="https?://', html) == []
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_render_command_writes_the_page(built, tmp_path, runner):
    result = invoke(runner, "render", "--graph", built / "graph.trig", "--output", tmp_path / "page.html")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "page.html").read_bytes() == (built / "graph.html").read_bytes()


def test_layout_is_seeded_spread_evenly_and_leaves_igraph_as_it_was():
    """The same positions every time, on a disc of radius SPACING × √n, as many nodes in its inner half-area as
    in its outer; and igraph draws from Python's random module again afterwards (its default), not from the
    layout's fixed seed."""
    import random

    import igraph

    from graph.render import SPACING, _layout

    nodes = [{"id": f"n{i}"} for i in range(400)]
    data = {"nodes": nodes, "edges": [{"from": f"n{i}", "to": f"n{(i * 7 + 1) % 400}"} for i in range(400)]}
    first, second = _layout(data), _layout(data)
    assert first == second and set(first) == {node["id"] for node in nodes}
    radius = SPACING * 400 ** 0.5
    distances = sorted((x * x + y * y) ** 0.5 for x, y in first.values())
    assert distances[-1] == pytest.approx(radius, abs=0.2)
    assert sum(d <= radius / 2 ** 0.5 for d in distances) == pytest.approx(200, abs=2)
    ring = igraph.Graph.Ring(20)
    random.seed(3)
    after_seed = ring.layout_fruchterman_reingold(niter=10).coords
    random.seed(3)
    assert ring.layout_fruchterman_reingold(niter=10).coords == after_seed


def test_partial_dates_are_placed_by_the_document_or_left_undated():
    from graph.render import _span

    assert _span("2014-01-02", "") == ("2014-01-02", "2014-01-02")
    assert _span("2023-02", "") == ("2023-02-01", "2023-02-29")
    assert _span("1997", "") == ("1997-01-01", "1997-12-31")
    assert _span("--06", "2025") == ("2025-06-01", "2025-06-30")
    assert _span("--06-14", "2025") == ("2025-06-14", "2025-06-14")
    assert _span("--06", "") is None and _span("soon", "2025") is None


def test_facts_between_entities_are_links_and_the_rest_are_counted(built):
    from graph.rdf_files import read_graph
    from graph.render import explorer_data

    data = explorer_data(read_graph(built / "graph.trig"))
    classes = {entity["class"] for entity in data["entities"].values()}
    assert {"person", "organisation", "country", "agreement", "project"} <= classes
    pairs = {(link["from"], link["to"]): link for link in data["links"]}
    meeting = pairs[tuple(sorted((HUN_SEN, YOON)))]
    assert MEETING_2024 in meeting["facts"]
    request = ID + "request-2024-09-11-comprehensive-strategic-partnership"
    assert request in meeting[("forward" if HUN_SEN < YOON else "back")]  # Hun Sen asked Yoon: a direction
    assert pairs[tuple(sorted((CAMBODIA, ROK)))]["facts"]
    assert data["facts"][MEETING_2024]["from"] == "2024-09-11" and data["facts"][MEETING_2024]["origin"] == "curated"
    alone = [f for f in data["facts"].values() if len({a[0] for a in f.get("args", ())}) == 1]
    assert alone and all(f["id"] in data["entities"][f["args"][0][0]]["facts"] for f in alone)
    assert data["range"][0] <= 1970 and data["range"][1] >= 2024


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (tests/setup.sh installs it)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield instance
        instance.close()


class Page:
    """A page opened from disk with all network requests blocked, collecting console errors and dialogs."""

    def __init__(self, browser, path: Path, width: int = 1400, height: int = 900, fragment: str = ""):
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.errors.append("dialog: " + dialog.message), dialog.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri() + fragment)
        # A function, not an expression: polling an expression evaluates a string, which the page's CSP forbids.
        self.page.wait_for_function("() => window.bilat && window.bilat.drawn", timeout=30_000)

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def js(self, expression: str, argument=None):
        return self.page.evaluate(expression, argument)

    def visible(self) -> set[str]:
        return set(self.js("[...window.bilat.visible]"))

    def linked(self, a: str, b: str) -> bool:
        """Whether a shown edge joins a and b."""
        return self.js("""([a, b]) => window.bilat.visibleLinks.some(id => { const e = window.bilat.edges.get(id);
                          return !e.hidden && ((e.from === a && e.to === b) || (e.from === b && e.to === a)); })""",
                       [a, b])

    def outside(self) -> list[str]:
        """Shown nodes whose centre is outside the network's box."""
        return self.js("""() => { const n = window.bilat.network, ids = [...window.bilat.visible];
            const box = document.getElementById('network').getBoundingClientRect(), at = n.getPositions(ids);
            return ids.filter(id => { const p = n.canvasToDOM(at[id]);
                                      return p.x < 0 || p.y < 0 || p.x > box.width || p.y > box.height; }); }""")

    def click_node(self, iri: str) -> str:
        """Click the node where it is drawn, zoomed in on it as a user would, and return the card's text."""
        self.js("document.getElementById('panel').replaceChildren()")  # what follows must come from the click
        self.js("iri => window.bilat.network.focus(iri, {scale: 2, animation: false})", iri)
        point = self.js("iri => window.bilat.network.canvasToDOM(window.bilat.network.getPosition(iri))", iri)
        assert self.js("p => window.bilat.network.getNodeAt(p)", point) == iri
        box = self.page.locator("#network").bounding_box()
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        return self.page.inner_text("#panel")

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name))

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def seeds_page(browser, built):
    page = Page(browser, built / "graph.html")
    yield page
    page.close()


@pytest.fixture
def fresh(seeds_page):
    """The seeds page with all its data read, and every filter, the selection and the view back as they were at
    opening."""
    seeds_page.js("window.bilat.load()")
    seeds_page.js("window.bilat.reset()")
    yield seeds_page
    assert seeds_page.errors == [] and seeds_page.requests == []


def test_default_view_shows_entities_linked_by_their_facts(fresh):
    visible = fresh.visible()
    entities = set(fresh.js("Object.keys(window.bilat.data.entities)"))
    ends = set(fresh.js("window.bilat.visibleLinks.flatMap(id => [window.bilat.edges.get(id).from, "
                        "window.bilat.edges.get(id).to])"))
    assert visible == ends and visible <= entities and len(visible) > 100  # only entities, each with a link
    assert fresh.linked(HUN_SEN, CAMBODIA) and fresh.linked(HUN_SEN, ROK) and fresh.linked(CAMBODIA, ROK)
    assert fresh.outside() == []
    labels = fresh.js("window.bilat.nodes.get({filter: n => !n.hidden && n.label}).map(n => n.label)")
    assert {"Hun Sen", "Cambodia", "Republic of Korea"} <= set(labels)
    fresh.screenshot("default-view.png")


def test_removing_classes_keeps_the_links_among_the_rest(fresh):
    for box in fresh.page.locator("#classes input").all():
        if box.get_attribute("data-class") != "person":
            box.uncheck()
    people = set(fresh.js("Object.values(window.bilat.data.entities).filter(e => e.class === 'person').map(e => e.id)"))
    assert {HUN_SEN, YOON} <= fresh.visible() <= people
    assert fresh.linked(HUN_SEN, YOON)
    assert fresh.outside() == []  # the view was fitted to what is left
    assert "classes=person" in fresh.js("location.hash")
    fresh.page.check("#unlinked")  # and people who met no one shown are there too, on request
    assert fresh.visible() == people and fresh.outside() == []


def test_entity_card_lists_posts_and_whom_he_met(fresh):
    card = fresh.click_node(HUN_SEN)
    assert card.startswith("Hun Sen")
    posts = card[card.index("Posts"):]
    assert "Prime Minister of Cambodia" in posts and "President of the Senate of Cambodia" in posts
    meetings = card[card.index("Meeting ("):]
    assert "2024-09-11" in meetings and "Yoon Suk Yeol" in meetings
    assert "He made the remarks during a meeting with Yoon on September 11" in meetings
    assert "Hun Sen asks Yoon to consider a comprehensive strategic partnership" in meetings  # the document
    assert "curated" in meetings
    fresh.js("iri => window.bilat.select(iri, true)", HUN_SEN)  # the view a search would give: him and his links
    fresh.screenshot("entity-card.png")


def test_timeline_range_keeps_only_those_years(fresh):
    """Dragging the brush over 2013–2014 shows the crackdown of January 2014 and hides the meeting of 2024."""
    canvas = fresh.page.locator("#timeline").bounding_box()
    start, end = (fresh.js(f"window.bilat.timeline.x({year})") for year in (2013, 2014))
    y = canvas["y"] + canvas["height"] / 2
    fresh.page.mouse.move(canvas["x"] + start, y)
    fresh.page.mouse.down()
    fresh.page.mouse.move(canvas["x"] + end, y, steps=4)
    fresh.page.mouse.up()
    assert fresh.js("window.bilat.state.range") == [2013, 2014]
    assert fresh.js("window.bilat.state.undated") is False
    crackdown = fresh.js(f"window.bilat.data.facts[{CRACKDOWN!r}].args.map(a => a[0])")
    assert set(crackdown) <= fresh.visible()
    assert fresh.linked(ID + "cambodian-authorities", ID + "garment-workers-cambodia")
    assert not fresh.linked(HUN_SEN, YOON)
    assert fresh.outside() == []
    assert "years=2013-2014" in fresh.js("location.hash")
    fresh.screenshot("timeline-range.png")


def test_keyboard_search_selects_a_result(fresh):
    search = fresh.page.locator("#search")
    search.fill("zzzz-nothing")
    assert fresh.page.inner_text("#search-count") == "no match"
    search.fill("Yoon")
    assert re.match(r"\d+ match", fresh.page.inner_text("#search-count"))
    search.press("ArrowDown")
    search.press("Enter")
    assert fresh.js("window.bilat.state.selected") == YOON
    assert fresh.page.inner_text("#panel").startswith("Yoon Suk Yeol")
    assert fresh.js("window.bilat.network.getSelectedNodes()") == [YOON]
    search.fill("Hun")
    search.press("Escape")
    assert search.input_value() == "" and fresh.page.locator("#results li").count() == 0


def test_search_finds_aliases(fresh):
    fresh.page.fill("#search", "RoK")
    assert fresh.page.locator("#results li").first.get_attribute("data-id") == ROK
    fresh.page.fill("#search", "Kim Jung-un")
    assert fresh.page.locator("#results li").first.get_attribute("data-id") == ID + "kim-jong-un"


def test_csv_export_has_a_row_per_visible_link(fresh):
    fresh.page.locator("#classes input[data-class='place']").uncheck()
    with fresh.page.expect_download() as download:
        fresh.page.click("#export-csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    links = [row for row in rows if row["record"] == "link"]
    assert len(links) == len(fresh.js("window.bilat.visibleLinks")) > 0
    assert len([row for row in rows if row["record"] == "node"]) == len(fresh.visible())
    meeting = next(row for row in links if {row["source"], row["target"]} == {"Hun Sen", "Yoon Suk Yeol"})
    assert "2024-09-11" in meeting["dates"] and "Meeting" in meeting["class or kind"]
    with fresh.page.expect_download() as picture:
        fresh.page.click("#export-png")
    assert Path(picture.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_facts_can_be_shown_as_nodes(fresh):
    fresh.page.check("#show-facts")
    visible = fresh.visible()
    assert MEETING_2024 in visible and CRACKDOWN in visible
    assert fresh.outside() == []


def test_state_is_read_from_the_url_fragment(browser, built):
    page = Page(browser, built / "graph.html", fragment=f"#classes=person&years=2024-2024&selected={HUN_SEN}")
    try:
        assert page.js("window.bilat.state.range") == [2024, 2024]
        assert page.js("[...window.bilat.state.classes]") == ["person"]
        assert page.page.inner_text("#panel").startswith("Hun Sen")
        assert page.linked(HUN_SEN, YOON) and page.errors == []
    finally:
        page.close()


def test_small_screen_gives_the_network_half_the_width(browser, built):
    page = Page(browser, built / "graph.html", width=800, height=600)
    try:
        assert page.page.locator("#network").bounding_box()["width"] >= 400
        page.page.locator("#classes input[data-class='organisation']").uncheck()
        assert page.outside() == []
        page.page.fill("#search", "Hun Sen")
        page.page.press("#search", "Enter")  # pressed at once: chosen when the data is read
        page.page.wait_for_selector("#panel", state="visible")
        assert page.page.locator("#network").bounding_box()["width"] >= 400
        assert page.errors == []
    finally:
        page.close()


def test_hangul_label_is_found(browser, mini, runner):
    result = invoke(runner, "build", "--seeds", mini["seeds"], "--curated", mini["curated"], "--out", mini["out"])
    assert result.exit_code == 0, result.output
    page = Page(browser, mini["out"] / "graph.html")
    try:
        page.page.fill("#search", "서울")
        assert page.page.locator("#results li").first.inner_text().startswith("Seoul")
        assert page.errors == []
    finally:
        page.close()


def test_hostile_document_is_shown_as_text_and_extracted_facts_look_different(browser, tmp_path, runner):
    out = tmp_path / "out"
    result = invoke(runner, "build", "--docs", DATA / "unseen" / "hostile.txt", "--out", out,
                    "--decisions", tmp_path / "none.ttl")
    assert result.exit_code == 0, result.output
    page = Page(browser, out / "graph.html")
    try:
        page.js("window.bilat.load()")
        fact = page.js("Object.values(window.bilat.data.facts).find(f => (f.quotes || []).some(q => "
                       "q.quote.includes('onerror')) && (f.args || []).length > 1).id")
        page.js("id => window.bilat.select(id, true)", fact)
        card = page.page.inner_text("#panel")
        assert "<img src=x onerror=alert(1)>" in card and 'href="javascript:alert(1)"' in card
        assert "extracted · confidence" in card and "unreviewed" in card
        assert 'Minister <script>alert("x")</script> Visit' in page.page.inner_text("#document")
        assert page.js("document.querySelectorAll('img, #panel script, #document script, a[href]').length") == 0
        dashed = page.js("window.bilat.visibleLinks.filter(id => window.bilat.edges.get(id).dashes).length")
        assert dashed > 0
        page.page.uncheck("#extracted")
        assert page.js("window.bilat.visibleLinks.filter(id => window.bilat.edges.get(id).dashes).length") == 0
        assert page.errors == [] and page.requests == []
    finally:
        page.close()


def test_clicking_a_link_lists_the_facts_it_stands_for(fresh):
    fresh.js("iri => window.bilat.select(iri, true)", HUN_SEN)
    middle = fresh.js("""([a, b]) => { const n = window.bilat.network, p = n.getPosition(a), q = n.getPosition(b);
                         return n.canvasToDOM({x: (p.x + q.x) / 2, y: (p.y + q.y) / 2}); }""", [HUN_SEN, YOON])
    box = fresh.page.locator("#network").bounding_box()
    fresh.page.mouse.click(box["x"] + middle["x"], box["y"] + middle["y"])
    card = fresh.page.inner_text("#panel")
    assert card.startswith("Hun Sen — Yoon Suk Yeol") or card.startswith("Yoon Suk Yeol — Hun Sen")
    assert "Hun Sen meets Yoon Suk Yeol at the World Knowledge Forum" in card
    assert "Hun Sen asks Yoon to consider a comprehensive strategic partnership" in card


def test_document_filter_keeps_its_facts_and_fits_the_view(fresh):
    document = ID + "doc-004_4a9a670ec49be455"
    fresh.page.select_option("#document", document)
    links = fresh.js("window.bilat.visibleLinks")
    assert links and fresh.outside() == []
    facts = fresh.js("""doc => window.bilat.visibleLinks.flatMap(id => window.bilat.data.links[+id.slice(1)].facts)
                        .filter(f => window.bilat.data.facts[f].documents.includes(doc))""", document)
    assert CRACKDOWN in facts and MEETING_2024 not in facts


# --- a graph larger than the first view --------------------------------------------------------------------

def test_first_view_is_the_most_named_linked_entities_and_the_links_among_them():
    """The top of ``order`` among entities with a link (an unlinked one is passed over however many facts name
    it), the links with both ends among them, and an entity whose links all go outside the view is left out;
    the facts those links stand for keep only what the links' look needs."""
    from graph.render import first_view

    entity = lambda iri, n: {"id": iri, "label": iri.upper(), "class": "person", "x": 1.0, "y": 2.0, "n": n,  # noqa: E731
                             "names": [iri], "facts": []}
    entities = {iri: entity(iri, n) for iri, n in (("a", 9), ("b", 7), ("c", 7), ("d", 5), ("lonely", 20))}
    link = lambda a, b, *facts: {"from": a, "to": b, "facts": list(facts)}  # noqa: E731
    fact = {"id": "f1", "kind": "Meeting", "family": "event", "from": "2020-01-01", "to": "2020-01-01",
            "origin": "curated", "quotes": [{"quote": "long words", "document": "doc"}], "label": "a meets b"}
    everything = {"entities": entities, "facts": {"f1": fact, "f2": {**fact, "id": "f2"}},
                  "links": [link("a", "b", "f1"), link("a", "d", "f2"), link("b", "c")],
                  "order": ["lonely", "a", "b", "c", "d"]}
    view = first_view(everything, size=3)
    assert sorted(view["entities"]) == ["a", "b", "c"]  # d is fourth; lonely has no link
    assert view["entities"]["a"] == {"id": "a", "label": "A", "class": "person", "x": 1.0, "y": 2.0, "n": 9}
    assert [(lnk["id"], lnk["from"], lnk["to"]) for lnk in view["links"]] == [("l0", "a", "b"), ("l2", "b", "c")]
    assert view["limit"] == 3
    assert view["facts"] == {"f1": {key: fact[key] for key in ("kind", "family", "from", "to", "origin")}}
    view = first_view(everything, size=2)
    assert sorted(view["entities"]) == ["a", "b"] and len(view["links"]) == 1


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A generated graph of 1,200 entities (the HTML benchmark's generator: people, organisations, places and
    one event per entity), rendered twice."""
    import sys

    from graph.render import FIRST_VIEW, render_html

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        import html_render
    finally:
        sys.path.pop(0)
    quads, _ = html_render.Generator(1200, 7, html_render.load_ontology()).build()
    path = tmp_path_factory.mktemp("large") / "graph.html"
    path.write_bytes(render_html(quads))
    assert render_html(quads) == path.read_bytes()  # the same graph, the same bytes
    return {"path": path, "first": FIRST_VIEW}


def test_large_graph_opens_on_a_bounded_view_the_page_computes_alike(browser, large):
    page = Page(browser, large["path"])
    try:
        assert page.js("window.bilat.total") == 1200 and page.js("window.bilat.data.complete") is False
        first = page.js("Object.keys(window.bilat.data.entities).sort()")
        visible, links = page.visible(), sorted(page.js("window.bilat.visibleLinks"))
        assert 200 < len(visible) <= large["first"] and visible == set(first)
        assert page.js("window.bilat.nodes.length") == len(visible)  # nothing else was handed to vis-network
        timeline = page.page.inner_text("#range-info")
        page.js("window.bilat.load()")
        assert page.js("Object.keys(window.bilat.data.entities).length") == 1200
        page.js("window.bilat.reset()")  # the opening view again, now computed from all the data
        assert page.visible() == visible and sorted(page.js("window.bilat.visibleLinks")) == links
        assert page.page.inner_text("#range-info") == timeline
        page.page.select_option("#limit", "0")
        assert len(page.visible()) > 1000 and "limit=0" in page.js("location.hash")
        assert page.errors == [] and page.requests == []
    finally:
        page.close()


def test_search_reaches_an_entity_outside_the_first_view(browser, large):
    page = Page(browser, large["path"])
    try:
        first = page.visible()
        outside = page.js("""() => window.bilat.load().then(() => { const d = window.bilat.data;
            const linked = new Set(d.links.flatMap(l => [l.from, l.to]));
            return Object.values(d.entities).filter(e => !window.bilat.visible.has(e.id) && linked.has(e.id))
                         .sort((a, b) => a.id < b.id ? -1 : 1)[0]; })""")
        assert outside["id"] not in first
        page.close()
        page = Page(browser, large["path"])  # a fresh page: the search itself reads the data
        page.page.fill("#search", outside["label"])
        page.page.wait_for_selector(f"#results li[data-id='{outside['id']}']")
        page.page.locator(f"#results li[data-id='{outside['id']}']").click()
        page.page.wait_for_function("id => window.bilat.state.selected === id", arg=outside["id"])
        assert page.page.inner_text("#panel").startswith(outside["label"])
        neighbours = page.js("id => window.bilat.network.getConnectedNodes(id)", outside["id"])
        assert outside["id"] in page.visible() and neighbours and set(neighbours) <= page.visible()
        assert outside["id"] not in page.outside()  # the view was fitted to it and its links
        fragment = page.js("location.hash")
        assert "expand=" in fragment and "selected=" in fragment
        page.close()
        page = Page(browser, large["path"], fragment=fragment)  # the shared link opens the same view
        assert outside["id"] in page.visible() and page.page.inner_text("#panel").startswith(outside["label"])
        assert page.errors == [] and page.requests == []
    finally:
        page.close()
