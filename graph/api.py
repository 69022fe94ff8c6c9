"""A small Python API for notebooks: the built graph, SPARQL into pandas, networkx views, the inline network,
and an entity's facts with their quotes.

    from graph.api import Graph
    kg = Graph.load("out")                    # the build's on-disk store (run `bilat build` first)
    df = kg.query("SELECT ...")               # a pandas DataFrame
    kg.facts_about("hun-sen")                 # every fact naming Hun Sen, with quote and document
    g = kg.to_networkx(classes={"person", "organisation", "country"})
    kg.actors()                               # people, organisations, countries, groups linked by shared facts
    kg.card("hun-sen")                        # an entity's names, posts and facts, as the page's card shows them
    kg.show()                                 # the interactive network, inline in Jupyter
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.namespaces import DEFAULT_BASE, shorten, sparql_prologue

# The classes of entities that act (meet, sign, lend, accuse…), with the names tables and charts give them.
ACTOR_CLASSES = {"schema:Person": "person", "org:FormalOrganization": "organisation",
                 "org:Organization": "organisation", "org:OrganizationalUnit": "organisation",
                 "schema:Country": "country", "bo:Group": "group"}


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

    def actors(self):
        """The actors' network: people, organisations, countries and groups (never facts), two of them linked
        when a fact names both (a post holding names its post's organisation too). Each link has ``weight``, the
        number of such facts, their ``kinds`` and ``facts`` (labels); each actor its ``label`` and ``cls``."""
        import networkx as nx

        types = " ".join(ACTOR_CLASSES)
        rows = self.query(f"""SELECT DISTINCT ?fact ?kind ?fact_label ?actor ?type ?label WHERE {{
            ?fact a ?class . ?class rdfs:subClassOf* bo:Fact ; rdfs:label ?kind .
            FILTER NOT EXISTS {{ ?fact a ?narrower . ?narrower rdfs:subClassOf+ ?class }}
            OPTIONAL {{ ?fact skos:prefLabel ?fact_label }}
            {{ ?fact ?p ?actor }} UNION {{ ?fact bo:post/org:postIn ?actor }}
            ?actor a ?type ; skos:prefLabel ?label . VALUES ?type {{ {types} }}
            FILTER(LANG(?label) IN ("", "en"))
        }} ORDER BY ?fact ?actor""")
        graph = nx.Graph()
        for row in rows.drop_duplicates("actor").itertuples():
            graph.add_node(row.actor, label=row.label, cls=ACTOR_CLASSES[row.type])
        for fact, named in rows.groupby("fact", sort=True):
            actors = sorted(set(named["actor"]))
            kind, label = named["kind"].iloc[0], named["fact_label"].iloc[0]
            label = label if isinstance(label, str) else fact
            for i, first in enumerate(actors):
                for second in actors[i + 1:]:
                    if not graph.has_edge(first, second):
                        graph.add_edge(first, second, weight=0, kinds=set(), facts=[])
                    link = graph.edges[first, second]
                    link["weight"] += 1
                    link["kinds"].add(kind)
                    link["facts"].append(label)
        return graph

    def card(self, slug: str) -> Card:
        """What the page's card shows for the entity ``slug``: its names, its posts with dates, and every fact
        that names it with date, quote, document (title, date, publisher) and origin — curated, or extracted with
        its confidence and review status (pending, or accepted into the decisions file)."""
        entity = f"<{DEFAULT_BASE}{slug}>"
        names = self.query(f"""SELECT DISTINCT ?name ?kind WHERE {{
            VALUES (?property ?kind) {{ (skos:prefLabel "label") (skos:altLabel "alias")
                                       (skos:hiddenLabel "spelling in a source") }}
            {entity} ?property ?name }} ORDER BY ?kind ?name""")
        posts = self.query(f"""SELECT ?post ?start ?end ?validAt WHERE {{
            ?holding a bo:PostHolding ; org:member {entity} ; bo:post/skos:prefLabel ?post .
            OPTIONAL {{ ?holding schema:startDate ?start }} OPTIONAL {{ ?holding schema:endDate ?end }}
            OPTIONAL {{ ?holding bo:validAt ?validAt }}
        }} ORDER BY ?start ?validAt ?post""")
        facts = self.query(f"""SELECT ?fact ?kind ?label ?date ?quote ?document ?published ?publisher ?origin
                                      ?confidence ?review WHERE {{
            {{ SELECT DISTINCT ?fact ?kind WHERE {{  # the facts first: joined later, this took seconds
                ?fact ?p {entity} ; a ?class . ?class rdfs:subClassOf* bo:Fact ; rdfs:label ?kind .
                FILTER NOT EXISTS {{ ?fact a ?narrower . ?narrower rdfs:subClassOf+ ?class }} }} }}
            ?fact bo:evidence ?ev ; prov:wasDerivedFrom ?doc .
            OPTIONAL {{ ?fact skos:prefLabel ?label }}
            OPTIONAL {{ ?fact schema:startDate|schema:dateCreated|bo:validAt|schema:observationDate|bo:asOf ?date }}
            ?ev oa:hasSelector/oa:exact ?quote ; oa:hasSelector/oa:start ?offset .
            OPTIONAL {{ ?ev bo:confidence ?confidence }}
            ?doc dcterms:title ?document .
            OPTIONAL {{ ?doc schema:datePublished ?published }}
            OPTIONAL {{ ?doc schema:publisher/skos:prefLabel ?publisher }}
            OPTIONAL {{ ?fact bo:candidateId ?id .
                       OPTIONAL {{ ?decision bo:candidateId ?id ; bo:verdict bo:accepted }} }}
            BIND(IF(BOUND(?id), "extracted", "curated") AS ?origin)
            BIND(IF(BOUND(?decision), "accepted", IF(BOUND(?id), "pending", "")) AS ?review)
        }} ORDER BY ?fact xsd:integer(?offset)""")
        # A fact stated more than once (a headline and its body) is listed once, with its first quote; facts are
        # grouped by kind and dated ones come first in each group, by date.
        facts = facts.drop_duplicates("fact").sort_values(["kind", "date"], na_position="last", kind="stable")
        return Card(slug, names, posts, facts.reset_index(drop=True))

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


@dataclass
class Card:
    """An entity's card: ``names``, ``posts`` and ``facts`` as DataFrames; shown as three tables in Jupyter."""

    slug: str
    names: object
    posts: object
    facts: object

    def _repr_html_(self) -> str:
        import html

        parts = [f"<h4>{html.escape(self.slug)}</h4>"]
        for title, table in (("names", self.names), ("posts", self.posts), ("facts", self.facts)):
            parts.append(f"<h5>{title} ({len(table)})</h5>" + table.to_html(index=False, na_rep=""))
        return "".join(parts)


def _value(term, short: bool):
    from graph.query import short as shortened

    if term is None:
        return None
    return shortened(term) if short else term.value
