"""bilat: a knowledge graph of bilateral relations, built from documents with every fact traced to its sentence.

The package is a library first: ``graph.cli`` only parses options and calls one function of it per command.
Nothing here does work at import time; heavy libraries (rdflib, pyshacl, pyoxigraph) are imported where used.
"""

__version__ = "0.1.0"
