"""Every notebook runs headlessly on a build that includes extracted documents, draws its charts inline, and is
stored without outputs so diffs stay readable; the readings and API calls they rest on are checked here too."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from conftest import DATA, invoke
from nbclient import NotebookClient

from graph.readings import Amount, year

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
DRAWING = {"02-timeline-and-money", "03-network-analysis"}
# The kernel's own inline backend: charts become image/png outputs, and no display is needed.
INLINE = "module://matplotlib_inline.backend_inline"


@pytest.fixture(scope="session")
def built_with_articles(tmp_path_factory, runner) -> Path:
    """One build of the seeds with the project's own test articles, which have no curated file and so are
    extracted: partial dates, bounds and candidates pending review, as a build of new documents has them."""
    out = tmp_path_factory.mktemp("out-articles")
    result = invoke(runner, "build", "--out", out, "--docs", DATA / "unseen", "--docs", DATA / "quality")
    assert result.exit_code == 0, result.output
    return out


def test_the_four_notebooks_are_there():
    assert [path.stem for path in NOTEBOOKS] == ["01-tour", "02-timeline-and-money", "03-network-analysis",
                                                 "04-extract-and-review"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") and not cell.get("execution_count")
               for cell in notebook.cells if cell.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_runs_and_draws(path, built_with_articles, monkeypatch):
    monkeypatch.setenv("BILAT_OUT", str(built_with_articles))
    monkeypatch.setenv("MPLBACKEND", INLINE)
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert [output for output in outputs if output.get("output_type") == "error"] == []
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    if path.stem in DRAWING:
        assert images, f"{path.name} drew no inline chart"


def test_notebooks_leave_the_backend_to_jupyter():
    """Setting a backend in a notebook (matplotlib.use("Agg")) silently loses every inline chart."""
    for path in NOTEBOOKS:
        sources = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
        assert "matplotlib.use(" not in sources, path.name


@pytest.mark.parametrize(("value", "document_date", "expected"), [
    ("2024-05-03", None, 2024), ("2024-05", None, 2024), ("2024", None, 2024), ("2024-05-03+07:00", None, 2024),
    ("--06", "2025-10-02", 2025), ("--06-14", "2020", 2020), ("--06", None, None), ("--06", "--02", None),
    (None, "2020", None), (float("nan"), None, None), ("soon", "2020", None),
])
def test_a_date_is_placed_on_its_year_or_left_out(value, document_date, expected):
    assert year(value, document_date) == expected


@pytest.mark.parametrize(("amount", "text", "low", "high"), [
    (Amount.of(None, "300000000", None, "bo:more-than", "USD"), "> 300 million USD", 3e8, None),
    (Amount.of(None, "30000000", "40000000", "bo:range", "USD"), "30–40 million USD", 3e7, 4e7),
    (Amount.of("200000000", None, None, "bo:about-value", "USD"), "≈ 200 million USD", 2e8, 2e8),
    (Amount.of(None, None, "10000", "bo:less-than"), "< 10,000", 0, 1e4),
    (Amount.of("1500000000", float("nan"), float("nan"), None, "USD"), "1.5 billion USD", 1.5e9, 1.5e9),
])
def test_an_amount_keeps_its_bounds(amount, text, low, high):
    assert (amount.text(), amount.low, amount.high) == (text, low, high)


def test_the_actor_network_has_entities_only(built_with_articles):
    from graph.api import ACTOR_CLASSES, Graph

    actors = Graph.load(built_with_articles).actors()
    assert {cls for _, cls in actors.nodes(data="cls")} <= set(ACTOR_CLASSES.values())
    assert actors.has_edge(":hun-sen", ":yoon-suk-yeol") and actors.has_edge(":hun-sen", ":cambodia")
    assert "Meeting" in actors.edges[":hun-sen", ":yoon-suk-yeol"]["kinds"]


def test_a_card_tells_curated_from_extracted(built_with_articles):
    from graph.api import Graph

    kg = Graph.load(built_with_articles)
    hun_sen, hun_manet = kg.card("hun-sen"), kg.card("hun-manet")
    assert "Prime Minister of Cambodia" in set(hun_sen.posts["post"])
    assert set(hun_sen.facts["origin"]) >= {"curated"} and set(hun_manet.facts["origin"]) == {"curated", "extracted"}
    assert set(hun_manet.facts.loc[hun_manet.facts["origin"] == "extracted", "review"]) == {"pending"}
    assert hun_manet.facts["quote"].notna().all() and hun_manet.facts["document"].notna().all()
