"""IRIs the project mints and the vocabularies it reuses, in one place."""

from __future__ import annotations

DEFAULT_BASE = "https://bilat.example/id/"
ONTOLOGY = "https://bilat.example/ontology#"
PLOVER = "https://bilat.example/plover#"

PREFIXES: dict[str, str] = {
    "": DEFAULT_BASE,
    "bo": ONTOLOGY,
    "plover": PLOVER,
    "cito": "http://purl.org/spar/cito/",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def prefixes_for(base: str) -> dict[str, str]:
    """The prefix map with the data prefix pointing at ``base``."""
    return {**PREFIXES, "": base}


def serialization_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Prefixes for written RDF: the data namespace is ``id:``, because an empty prefix name is not accepted by
    every reader of JSON-LD contexts."""
    return {name: iri for name, iri in PREFIXES.items() if name} | {"id": base}


def sparql_prologue(base: str = DEFAULT_BASE) -> str:
    """PREFIX lines for every prefix, so queries and shapes can use them without declaring them."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes_for(base).items())


def shorten(iri: str) -> str:
    """``prefix:local`` for an IRI under a known namespace (the longest match), else ``<iri>``."""
    for name, namespace in _LONGEST_FIRST:
        if iri.startswith(namespace):
            return f"{name}:{iri[len(namespace):]}"
    return f"<{iri}>"


# Sorted once: shorten runs for every term a report or the page shows (half a million on a 1,000-article graph).
_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))
