"""A small Python API for notebooks: the built graph, SPARQL into pandas, networkx views, the inline network,
and an entity's facts with their quotes.

    from graph.api import Graph
    kg = Graph.load("out")                    # the build's on-disk store (run `bilat build` first)
    df = kg.query("SELECT ...")               # a pandas DataFrame
    kg.facts_about("hun-sen")                 # every fact naming Hun Sen, with quote and document
    g = kg.to_networkx(classes={"person", "organisation", "country"})
    kg.show()                                 # the interactive network, inline in Jupyter
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.namespaces import DEFAULT_BASE, shorten, sparql_prologue


@dataclass
class Graph:
    """The built graph of one output folder."""

    store: object  # pyoxigraph.Store
    out: Path

    @classmethod
    def load(cls, out: Path | str = "out") -> Graph:
        from graph.store import open_store

        return cls(store=open_store(Path(out)), out=Path(out))

    def query(self, sparql: str, short: bool = True):
        """A SELECT query as a pandas DataFrame; IRIs shortened to prefixed names unless ``short`` is False;
        numbers stay strings (as the graph stores them) — convert with ``pd.to_numeric`` where you need to."""
        import pandas as pd

        results = self.store.query(sparql_prologue() + sparql)
        names = [variable.value for variable in results.variables]
        rows = []
        for row in results:
            rows.append({name: _value(row[name], short) for name in names})
        return pd.DataFrame(rows, columns=names)


    def question(self, name: str):
        """A competency question (see `bilat query --list`) as a DataFrame."""
        from graph.build import QUERIES_DIR

        return self.query((QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8"))

    def rdflib(self):
        """The graph as an rdflib Dataset on this graph's Oxigraph store (oxrdflib): rdflib's API, Oxigraph's speed.
        Its default graph is the store's: the merge of the named graphs, each triple once."""
        import rdflib
        from oxrdflib.store import OxigraphStore

        return rdflib.Dataset(store=OxigraphStore(store=self.store))

    def facts_about(self, slug: str):
        """Every fact that names the entity ``slug`` (any property), with its class, label, quote and document."""
        return self.query(f"""SELECT ?fact ?class ?label ?quote ?document WHERE {{
            ?fact ?p <{DEFAULT_BASE}{slug}> ; a ?class ; bo:evidence ?ev .
            ?class rdfs:subClassOf* bo:Fact .
            OPTIONAL {{ ?fact skos:prefLabel ?label }}
            ?ev oa:hasSelector/oa:exact ?quote ; oa:hasSource/dcterms:title ?document .
        }} ORDER BY ?document ?fact""")

    def to_networkx(self, classes: set[str] | None = None, properties: set[str] | None = None):
        """A networkx MultiDiGraph of the network the HTML page shows, restricted to node ``classes`` (legend
        names such as "person", "event") and edge ``properties`` (labels such as "participant") when given."""
        import networkx as nx

        from graph.render import network_data

        data = network_data(self._quads())
        graph = nx.MultiDiGraph()
        for node in data["nodes"]:
            if classes is None or node["class"] in classes:
                graph.add_node(shorten(node["id"]), label=node["label"], cls=node["class"],
                               years=node.get("years", []), documents=node.get("documents", []))
        for edge in data["edges"]:
            source, target = shorten(edge["from"]), shorten(edge["to"])
            if source in graph and target in graph and (properties is None or edge["label"] in properties):
                graph.add_edge(source, target, label=edge["label"])
        return graph

    def show(self, height: int = 600):
        """The interactive network (the same page as out/graph.html) inline in Jupyter, in a sandboxed iframe."""
        import html

        from IPython.display import HTML

        page = (self.out / "graph.html").read_text(encoding="utf-8")
        return HTML(f'<iframe sandbox="allow-scripts" style="width:100%;height:{height}px;border:0" '
                    f'srcdoc="{html.escape(page, quote=True)}"></iframe>')

    def _quads(self):
        """The named graphs' quads; the default graph only repeats them (graph.store.add_union)."""
        import pyoxigraph as ox

        return [quad for quad in self.store if not isinstance(quad.graph_name, ox.DefaultGraph)]


def _value(term, short: bool):
    from graph.query import short as shortened

    if term is None:
        return None
    return shortened(term) if short else term.value
