"""The interactive network in a real browser: Debian's Chromium driven by Playwright, every network request
blocked, the page opened from disk."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from conftest import DATA, invoke

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"


def test_page_references_no_external_url(built):
    html = (built / "graph.html").read_text(encoding="utf-8")
    assert re.findall(r'(?:src|href)="https?://', html) == []
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_render_command_writes_the_page(built, tmp_path, runner):
    result = invoke(runner, "render", "--graph", built / "graph.trig", "--output", tmp_path / "page.html")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "page.html").read_bytes() == (built / "graph.html").read_bytes()


def test_layout_is_seeded_centred_and_leaves_igraph_as_it_was():
    """Positions above PHYSICS_LIMIT: the same every time, centred, scaled with the node count; and igraph draws
    from Python's random module again afterwards (its default), not from the layout's fixed seed."""
    import random

    import igraph

    from graph.render import _layout

    nodes = [{"id": f"n{i}"} for i in range(400)]
    data = {"nodes": nodes, "edges": [{"from": f"n{i}", "to": f"n{(i * 7 + 1) % 400}"} for i in range(400)]}
    first, second = _layout(data), _layout(data)
    assert first == second and set(first) == {node["id"] for node in nodes}
    xs, ys = [x for x, _ in first.values()], [y for _, y in first.values()]
    assert abs(sum(xs) / len(xs)) < 1 and abs(sum(ys) / len(ys)) < 1
    assert max(map(abs, xs + ys)) == pytest.approx(40 * 400 ** 0.5, abs=0.1)
    ring = igraph.Graph.Ring(20)
    random.seed(3)
    after_seed = ring.layout_fruchterman_reingold(niter=10).coords
    random.seed(3)
    assert ring.layout_fruchterman_reingold(niter=10).coords == after_seed


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

    def __init__(self, browser, path: Path):
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.errors.append("dialog: " + dialog.message), dialog.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.bilat && window.bilat.drawn", timeout=30_000)

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def visible(self) -> set[str]:
        return set(self.js("[...window.bilat.visible]"))

    def search(self, term: str) -> list[str]:
        self.page.fill("#search", term)
        return [item.strip() for item in self.page.inner_text("#results").splitlines() if item.strip()]

    def click_node(self, iri: str) -> str:
        """Click the node where it is drawn, as a user would after narrowing the view to its neighbourhood
        (in a dense graph another node's disc can cover it), and return the side panel's text."""
        self.page.wait_for_function("window.bilat.settled === true", timeout=30_000)
        self.js("window.bilat.network.stopSimulation()")
        self.search(self.js(f"window.bilat.details.nodes[{iri!r}].names[0]"))
        self.page.click(f"#results li[data-id={json.dumps(iri)}]")
        self.page.click("#focus")
        self.js("document.getElementById('panel').replaceChildren()")  # what follows must come from the click
        self.js(f"window.bilat.network.focus({iri!r}, {{scale: 2, animation: false}})")
        point = self.js(f"window.bilat.network.canvasToDOM(window.bilat.network.getPosition({iri!r}))")
        assert self.js(f"window.bilat.network.getNodeAt({point})") == iri
        box = self.page.locator("#network").bounding_box()
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        text = self.page.inner_text("#panel")
        self.page.click("#reset")
        return text


@pytest.fixture(scope="module")
def seeds_page(browser, built):
    page = Page(browser, built / "graph.html")
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "graph.png"))
    page.page.close()


def test_network_draws_every_node_offline(seeds_page, built):
    expected = seeds_page.js("Object.keys(window.bilat.details.nodes).length")
    assert seeds_page.js("window.bilat.nodes.length") == expected > 300
    assert len(seeds_page.visible()) == expected
    assert seeds_page.requests == [] and seeds_page.errors == []


def test_search_finds_a_node_by_alias(seeds_page):
    assert seeds_page.search("RoK")[0] == "Republic of Korea"
    assert seeds_page.search("Kim Jung-un")[0] == "Kim Jong-un"


def test_class_filter_hides_and_shows(seeds_page):
    people = set(seeds_page.js("Object.values(window.bilat.details.nodes).filter(n => n.class === 'person')"
                               ".map(n => n.id)"))
    assert people
    checkbox = seeds_page.page.locator("#classes input[data-class='person']")
    checkbox.uncheck()
    assert not (seeds_page.visible() & people)
    checkbox.check()
    assert people <= seeds_page.visible()


def test_year_range_shows_only_facts_of_those_years(seeds_page):
    seeds_page.page.fill("#year-from", "2024")
    seeds_page.page.fill("#year-to", "2024")
    visible = seeds_page.visible()
    details = seeds_page.js("window.bilat.details.nodes")
    dated = {iri: node["years"] for iri, node in details.items() if node.get("years")}
    assert "https://bilat.example/id/meeting-2024-09-11-hun-sen-yoon" in visible
    assert all(any(year == 2024 for year in dated[iri]) for iri in visible if iri in dated)
    assert not any(iri in visible for iri, years in dated.items() if 2024 not in years)
    seeds_page.page.click("#reset")
    assert len(seeds_page.visible()) == len(details)


def test_clicking_a_node_shows_its_quotes(seeds_page):
    panel = seeds_page.click_node("https://bilat.example/id/meeting-2024-09-11-hun-sen-yoon")
    assert "He made the remarks during a meeting with Yoon on September 11" in panel
    assert "startDate: 2024-09-11" in panel
    assert seeds_page.errors == []


def test_focus_shows_the_neighbourhood(seeds_page):
    seeds_page.search("Hun Sen meets Yoon")
    seeds_page.page.click("#results li >> nth=0")
    seeds_page.page.click("#focus")
    visible = seeds_page.visible()
    assert "https://bilat.example/id/hun-sen" in visible and len(visible) < 20
    seeds_page.page.click("#reset")


def test_hangul_label_is_found(browser, mini, runner):
    result = invoke(runner, "build", "--seeds", mini["seeds"], "--curated", mini["curated"], "--out", mini["out"])
    assert result.exit_code == 0, result.output
    page = Page(browser, mini["out"] / "graph.html")
    assert page.search("서울")[0].startswith("Seoul")
    assert page.errors == []


def test_hostile_document_is_shown_as_text(browser, tmp_path, runner):
    out = tmp_path / "out"
    result = invoke(runner, "build", "--docs", DATA / "unseen" / "hostile.txt", "--out", out,
                    "--decisions", tmp_path / "none.ttl")
    assert result.exit_code == 0, result.output
    page = Page(browser, out / "graph.html")
    assert "Sok Chenda" in page.search("Sok Chenda")[0]
    iri = page.js("Object.values(window.bilat.details.nodes).find(n => n.class === 'event' && "
                  "(n.quotes || []).some(q => q.quote.includes('onerror'))).id")
    panel = page.click_node(iri)
    assert "<img src=x onerror=alert(1)>" in panel and 'href="javascript:alert(1)"' in panel
    titles = page.page.inner_text("#document")
    assert 'Minister <script>alert("x")</script> Visit' in titles
    assert page.js("document.querySelectorAll('img, #panel script, #document script').length") == 0
    assert page.errors == [] and page.requests == []
