"""Store stage: the built graph in an on-disk Oxigraph store (``out/store``), named graphs kept, and upload to any
SPARQL 1.1 Graph Store Protocol endpoint. (The read-only endpoint over the store is ``graph.endpoint``.)"""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from graph.errors import BilatError

STORE_DIR = "store"
PUSH_USER, PUSH_PASSWORD, PUSH_TOKEN = "BILAT_PUSH_USER", "BILAT_PUSH_PASSWORD", "BILAT_PUSH_TOKEN"


def write_store(out: Path) -> Path:
    """Load the graph files in ``out`` into a new on-disk store ``out/store``: the named graphs from graph.nq,
    their merge into the default graph from graph.ttl. The build writes ``out`` as a fresh folder and swaps it in
    whole (graph.export.new_outputs), so no reader sees half a store.

    Oxigraph's bulk loader parses the files itself, in batches: no Python object per statement, and memory
    bounded by a batch (the build's set of quads and their merge, given to it from Python, took 2.2 GB on a
    1.5M-quad graph; in chunks of 200,000, still 0.7 GB and a minute of a 1,000-article build)."""
    import pyoxigraph as ox

    location = out / STORE_DIR
    store = ox.Store(str(location))
    store.bulk_load(path=out / "graph.nq", format=ox.RdfFormat.N_QUADS)
    store.bulk_load(path=out / "graph.ttl", format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    store.flush()
    return location


def open_store(out: Path):
    """The built store, read-only; or, when only a TriG file is there, an in-memory store loaded from it."""
    import pyoxigraph as ox

    location = out / STORE_DIR
    if location.is_dir():
        return ox.Store.read_only(str(location))
    return trig_store(out / "graph.trig")


def trig_store(graph_file: Path):
    """An in-memory store loaded from a built TriG file, the merge of its named graphs as default graph."""
    import pyoxigraph as ox

    if not graph_file.exists():
        raise BilatError("no built graph here: run `bilat build` first", graph_file)
    if graph_file.is_dir():
        raise BilatError("is a folder, not a graph file", graph_file)
    store = ox.Store()
    # load(), not bulk_load(): for an in-memory store the bulk loader's batching only adds work (1M quads:
    # 2.7 s against 3.4 s, benchmarks/store_and_endpoint.py).
    try:
        store.load(path=str(graph_file), format=ox.RdfFormat.TRIG)
    except SyntaxError as error:
        raise BilatError(f"malformed TriG: {error.msg}", graph_file, error.lineno) from None
    if not len(store):
        raise BilatError("no triples: the graph file is empty", graph_file)
    add_union(store)
    return store


def merge_store(turtle: Path):
    """An in-memory store of the merge of the built graph (``graph.ttl``), in its default graph: what the page is
    drawn from. Without the named graphs beside the merge it takes half the memory of memory_store's (on a
    graph of 750,000 triples, the largest part of a build's peak)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=turtle, format=ox.RdfFormat.TURTLE)
    return store


def memory_store(quads):
    """An in-memory store of ``quads`` (quads or triples) for querying them, their merge as default graph. A
    store whose default graph is the merge already (the build's, merge_store) is returned as it is."""
    import pyoxigraph as ox

    if isinstance(quads, ox.Store):
        return quads
    store = ox.Store()
    store.extend(q if isinstance(q, ox.Quad) else ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    add_union(store)
    return store


def add_union(store) -> None:
    """Put the RDF merge of the store's named graphs into its default graph, which queries then use as it is:
    each triple once. (Oxigraph's ``use_default_graph_as_union`` is a bag: a triple in two named graphs counts
    twice.) The named graphs stay, for ``GRAPH``."""
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def _opener(endpoint: str) -> urllib.request.OpenerDirector:
    """An opener that authenticates as the environment says, never the command line (where `ps` would show
    credentials): a bearer token is sent with every request; a user and password answer the server's challenge in
    the scheme it asks for, Digest (Virtuoso's /sparql-graph-crud-auth) or Basic (Fuseki), so a password is never
    sent in clear to a server that asked for a digest of it. The password is given for ``endpoint`` only, not to
    wherever a redirect leads."""
    if os.environ.get(PUSH_TOKEN):
        opener = urllib.request.build_opener()
        opener.addheaders.append(("Authorization", f"Bearer {os.environ[PUSH_TOKEN]}"))
        return opener
    if os.environ.get(PUSH_USER):
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, endpoint, os.environ[PUSH_USER], os.environ.get(PUSH_PASSWORD, ""))
        return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords),
                                           urllib.request.HTTPBasicAuthHandler(passwords))
    return urllib.request.build_opener()


def push(trig: Path, endpoint: str, timeout: float = 60) -> list[tuple[str, int]]:
    """PUT every named graph of ``trig`` to the Graph Store Protocol ``endpoint`` (replacing each graph, so a
    repeated push leaves the same data). Returns (graph, triples) pairs."""
    import pyoxigraph as ox

    from graph.rdf_files import read_graph

    if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
        raise BilatError(f"the endpoint must be an http(s) URL, not {endpoint!r}")
    if not trig.exists():
        raise BilatError("no built graph here: run `bilat build` first", trig)
    if trig.suffix not in (".trig", ".nq"):
        raise BilatError("push sends named graphs: give a .trig or .nq file", trig)
    graphs: dict[str, list] = {}
    for quad in read_graph(trig):
        graphs.setdefault(quad.graph_name.value, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    opener = _opener(endpoint)
    pushed = []
    for name in sorted(graphs):
        body = ox.serialize(sorted(graphs[name], key=str), format=ox.RdfFormat.N_TRIPLES)
        separator = "&" if "?" in endpoint else "?"
        url = f"{endpoint}{separator}graph={urllib.parse.quote(name, safe='')}"
        request = urllib.request.Request(url, data=body, method="PUT",
                                         headers={"Content-Type": "application/n-triples"})
        try:
            with opener.open(request, timeout=timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            raise BilatError(f"{endpoint} refused graph {name}: HTTP {error.code} {error.reason}") from None
        except urllib.error.URLError as error:
            raise BilatError(f"cannot reach {endpoint}: {error.reason}") from None
        pushed.append((name, len(graphs[name])))
    return pushed
