"""Render stage: the graph as one self-contained, offline HTML page (vis-network from pyvis's own bundle).

pyvis builds the network (nodes, edges, options); the page is our own template, because pyvis's links Bootstrap
from a CDN and, as soon as any title contains "href", shows every tooltip through innerHTML. Here nothing from a
document becomes HTML: all data travels as JSON inside a ``<script type="application/json">`` block with ``<``,
``>`` and ``&`` escaped, and the page writes it into the DOM with ``textContent`` only. Node tooltips are not
used at all; a side panel shows a node's type, dates, amounts and quotes.
"""

from __future__ import annotations

import json
from pathlib import Path

from graph.namespaces import shorten
from graph.query import select as _select

TEMPLATE = Path(__file__).resolve().parent / "templates" / "network.html"
PHYSICS_LIMIT = 300  # above this many nodes, positions are computed in Python and physics is off

# class → (legend label, colour, shape); only shapes that draw the label outside, so nodes stay small
CLASSES = {
    "schema:Person": ("person", "#4e79a7", "dot"),
    "org:FormalOrganization": ("organisation", "#f28e2b", "square"),
    "bo:CooperationFramework": ("organisation", "#f28e2b", "square"),
    "schema:Country": ("country", "#e15759", "star"),
    "schema:Place": ("place", "#76b7b2", "triangle"),
    "bo:Facility": ("facility", "#59a14f", "triangleDown"),
    "bo:Group": ("group of people", "#edc948", "dot"),
    "bo:Event": ("event", "#b07aa1", "diamond"),
    "bo:DiplomaticMilestone": ("diplomatic milestone", "#ff9da7", "diamond"),
    "bo:Agreement": ("agreement", "#9c755f", "hexagon"),
    "bo:Project": ("project", "#86bcb6", "hexagon"),
    "bo:Financing": ("financing", "#8cd17d", "hexagon"),
    "bo:Observation": ("figure", "#bab0ac", "dot"),
    "bo:Claim": ("claim", "#d37295", "dot"),
    "bo:Quotation": ("quotation", "#d4a6c8", "dot"),
}
ENTITY_LEGEND = {"person", "organisation", "country", "place", "facility", "group of people"}
LINKS = (
    "bo:participant", "bo:actor", "bo:target", "bo:party", "bo:funder", "bo:recipient", "bo:claimant", "bo:about",
    "bo:speaker", "bo:facility", "bo:financedProject", "schema:location", "schema:superEvent",
    "schema:observationAbout", "bo:reportedBy", "bo:owned", "bo:ownerNationality", "bo:located", "bo:member",
    "bo:memberOf", "cito:disputes", "cito:disagreesWith", "org:subOrganizationOf", "bo:country",
)
DATES = ("schema:startDate", "schema:endDate", "bo:validAt", "schema:dateCreated", "schema:observationDate",
         "bo:asOf")


def network_data(quads) -> dict:
    """Nodes and edges with everything the page shows, from the union of the named graphs."""
    from graph.store import memory_store

    store = memory_store(quads)
    classes = " ".join(CLASSES)
    depths = {cls: _depth(store, cls) for cls in CLASSES}
    nodes: dict[str, dict] = {}
    for row in _select(store, f"""SELECT ?n ?class WHERE {{ VALUES ?class {{ {classes} }}
                                  ?n a/rdfs:subClassOf* ?class }}"""):
        # The most specific class wins (a milestone is an event too); ties break by name, so output is stable.
        cls = shorten(row["class"])
        rank = (depths[cls], CLASSES[cls][0])
        current = nodes.setdefault(row["n"], {"id": row["n"], "class": CLASSES[cls][0], "rank": rank})
        if rank > current["rank"]:
            current.update({"class": CLASSES[cls][0], "rank": rank})
    for node in nodes.values():
        del node["rank"]
    _labels(store, nodes)
    _evidence(store, nodes)
    _dates_and_amounts(store, nodes)
    edges = _edges(store, nodes)
    return {"nodes": sorted(nodes.values(), key=lambda n: n["id"]), "edges": edges,
            "documents": _documents(store), "legend": _legend()}


def _depth(store, cls: str) -> int:
    rows = _select(store, f"SELECT (COUNT(?up) AS ?n) WHERE {{ {cls} rdfs:subClassOf+ ?up }}")
    return int(rows[0]["n"]) if rows else 0


def _labels(store, nodes: dict) -> None:
    for row in _select(store, """SELECT ?n ?p ?l (LANG(?l) AS ?lang) WHERE {
                                 ?n skos:prefLabel|skos:altLabel|skos:hiddenLabel ?l ; ?p ?l .
                                 FILTER(?p IN (skos:prefLabel, skos:altLabel, skos:hiddenLabel)) }"""):
        node = nodes.get(row["n"])
        if node is None:
            continue
        node.setdefault("names", set()).add(row["l"])
        if row["p"].endswith("prefLabel"):
            node.setdefault("preferred", {})[row["lang"] or "en"] = row["l"]
    for node in nodes.values():
        preferred = node.pop("preferred", {})
        english = preferred.get("en") or next(iter(sorted(node.get("names", ()))), "") or shorten(node["id"])
        others = [preferred[lang] for lang in sorted(preferred) if lang != "en"]
        node["label"] = english + (f" ({', '.join(others)})" if others else "")
        node["names"] = sorted(node.get("names", set()) | {english})
        node["iri"] = node["id"]
        node["short"] = shorten(node["id"])


def _evidence(store, nodes: dict) -> None:
    rows = _select(store, """SELECT ?n ?quote ?doc ?title ?start WHERE { ?n bo:evidence ?ev .
        ?ev oa:hasSource ?d ; oa:hasSelector ?q , ?p . ?q oa:exact ?quote . ?p oa:start ?start .
        ?d dcterms:identifier ?doc ; dcterms:title ?title } ORDER BY ?n ?doc ?start""")
    for row in rows:
        node = nodes.get(row["n"])
        if node is not None:
            node.setdefault("quotes", []).append({"quote": row["quote"], "document": row["doc"],
                                                  "title": row["title"]})
            if row["doc"] not in node.setdefault("documents", []):
                node["documents"].append(row["doc"])


def _dates_and_amounts(store, nodes: dict) -> None:
    values = " ".join(DATES)
    for row in _select(store, f"SELECT ?n ?p ?d WHERE {{ VALUES ?p {{ {values} }} ?n ?p ?d }} ORDER BY ?n ?p ?d"):
        node = nodes.get(row["n"])
        if node is None:
            continue
        node.setdefault("dates", []).append(f"{shorten(row['p']).split(':')[1]}: {row['d']}")
        year = row["d"][:4]
        if year.isdigit():
            node["years"] = sorted(set(node.get("years", [])) | {int(year)})
    for row in _select(store, """SELECT ?n ?stated WHERE { { ?n bo:amount ?a . ?a bo:asStated ?stated }
                                 UNION { ?n a bo:Observation ; bo:asStated ?stated } } ORDER BY ?n ?stated"""):
        node = nodes.get(row["n"])
        if node is not None:
            node.setdefault("amounts", []).append(row["stated"])


def _edges(store, nodes: dict) -> list[dict]:
    links = " ".join(LINKS)
    edges = []
    for row in _select(store, f"""SELECT ?s ?p ?o ?label WHERE {{ VALUES ?p {{ {links} }} ?s ?p ?o .
                                 OPTIONAL {{ ?p rdfs:label ?label }} }} ORDER BY ?s ?p ?o"""):
        if row["s"] in nodes and row["o"] in nodes and row["s"] != row["o"]:
            edges.append({"from": row["s"], "to": row["o"], "label": row["label"] or shorten(row["p"]).split(":")[1]})
    for row in _select(store, """SELECT ?person ?where ?label WHERE { ?h a bo:PostHolding ; org:member ?person ;
                                 bo:post ?post . ?post skos:prefLabel ?label . OPTIONAL { ?post org:postIn ?in }
                                 BIND(COALESCE(?in, ?post) AS ?where) } ORDER BY ?person ?where ?label"""):
        if row["person"] in nodes and row["where"] in nodes:
            edges.append({"from": row["person"], "to": row["where"], "label": row["label"]})
    return edges


def _documents(store) -> list[dict]:
    return _select(store, "SELECT ?id ?title WHERE { ?d a bo:Document ; dcterms:identifier ?id ; dcterms:title ?title }"
                          " ORDER BY ?id")


def _legend() -> list[dict]:
    seen: dict[str, dict] = {}
    for label, colour, shape in CLASSES.values():
        seen.setdefault(label, {"class": label, "color": colour, "shape": shape})
    return list(seen.values())


def build_network(data: dict):
    """The pyvis Network of ``data``: colour and shape by class, size by degree; positions computed in Python
    (igraph) and physics off above PHYSICS_LIMIT nodes."""
    from pyvis.network import Network

    styles = {label: (colour, shape) for label, colour, shape in CLASSES.values()}
    degree: dict[str, int] = {}
    for edge in data["edges"]:
        degree[edge["from"]] = degree.get(edge["from"], 0) + 1
        degree[edge["to"]] = degree.get(edge["to"], 0) + 1
    positions = _layout(data) if len(data["nodes"]) > PHYSICS_LIMIT else {}
    net = Network(directed=True, cdn_resources="in_line")
    for node in data["nodes"]:
        colour, shape = styles[node["class"]]
        extra = {"x": positions[node["id"]][0], "y": positions[node["id"]][1]} if positions else {}
        label = node["label"] if len(node["label"]) <= 40 else node["label"][:38] + "…"
        # Entities carry large labels; facts small ones, which vis-network stops drawing when zoomed out.
        font = {"size": 14 if node["class"] in ENTITY_LEGEND else 7}
        net.add_node(node["id"], label=label, color=colour, shape=shape, font=font,
                     size=8 + 2 * min(degree.get(node["id"], 0), 10), **extra)
    for edge in data["edges"]:
        net.add_edge(edge["from"], edge["to"], label=edge["label"], arrows="to")
    net.toggle_physics(not positions)
    return net


def _layout(data: dict) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold positions from igraph's C core (5,000 nodes in a third of a second, where networkx's
    spring layout took 28 s for fewer iterations), centred and scaled with the node count. igraph draws from the
    random generator it is given: a fixed seed keeps the page byte-identical from build to build, and igraph's
    default generator (Python's random module) is put back afterwards."""
    import random

    import igraph

    ids = [node["id"] for node in data["nodes"]]
    index = {node: n for n, node in enumerate(ids)}
    graph = igraph.Graph(n=len(ids), edges=[(index[e["from"]], index[e["to"]]) for e in data["edges"]])
    igraph.set_random_number_generator(random.Random(7))
    try:
        coords = graph.layout_fruchterman_reingold(niter=500).coords
    finally:
        igraph.set_random_number_generator(random)
    centre = [sum(axis) / len(coords) for axis in zip(*coords, strict=True)]
    extent = max(abs(value - centre[n]) for point in coords for n, value in enumerate(point)) or 1.0
    factor = 40 * len(ids) ** 0.5 / extent
    return {node: (round((x - centre[0]) * factor, 1), round((y - centre[1]) * factor, 1))
            for node, (x, y) in zip(ids, coords, strict=True)}


def safe_json(value) -> str:
    """JSON that cannot end its <script> element or open a comment: <, > and & are escaped."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=sorted)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_html(quads, title: str = "bilat — Cambodia–Korea relations") -> bytes:
    """The whole page: vis-network inline, the network and its side data as escaped JSON, our own script."""
    import jinja2
    import pyvis
    from markupsafe import Markup

    data = network_data(quads)
    net = build_network(data)
    physics = len(net.nodes) <= PHYSICS_LIMIT
    details = {node["id"]: node for node in data["nodes"]}
    vis = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=True)
    page = environment.get_template(TEMPLATE.name).render(
        title=title,
        vis_js=Markup(_script_safe((vis / "vis-network.min.js").read_text(encoding="utf-8"))),
        vis_css=Markup((vis / "vis-network.css").read_text(encoding="utf-8")),
        network=Markup(safe_json({"nodes": net.nodes, "edges": net.edges, "options": _options(physics)})),
        details=Markup(safe_json({"nodes": details, "documents": data["documents"], "legend": data["legend"]})),
    )
    return page.encode("utf-8")


def _options(physics: bool) -> dict:
    return {"physics": {"enabled": physics, "stabilization": {"iterations": 300},
                        "barnesHut": {"avoidOverlap": 0.6, "springLength": 120, "gravitationalConstant": -4000}},
            "edges": {"font": {"size": 8, "align": "middle"}, "smooth": False, "color": {"opacity": 0.6}},
            "nodes": {"font": {"size": 12}}, "interaction": {"hover": True, "tooltipDelay": 3600000},
            "layout": {"improvedLayout": physics}}


def _script_safe(code: str) -> str:
    return code.replace("</script", "<\\/script")


def render_file(graph_file: Path, output: Path) -> Path:
    """Render a built graph file to ``output`` (written beside it, then renamed into place)."""
    from graph.errors import BilatError
    from graph.export import write_outputs
    from graph.rdf_files import read_graph

    if output.is_dir():
        raise BilatError("is a folder: give the name of the HTML file to write", output)
    return write_outputs({output.name: render_html(read_graph(graph_file))}, output.parent)[0]
