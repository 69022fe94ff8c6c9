"""Apache Jena's command-line tools (riot, arq) from Debian's libapache-jena-java, for checking outputs with an
RDF toolkit independent of the one that wrote them."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

JAVA_DIR = Path("/usr/share/java")
# The jars Debian's Jena 4.5 needs, from the packages libapache-jena-java depends on.
JARS = (
    "jena-base", "jena-core", "jena-arq", "jena-cmds", "jena-iri", "jena-shacl", "jena-rdfconnection",
    "jena-dboe-base", "jena-dboe-index", "jena-dboe-storage", "jena-dboe-trans-data", "jena-dboe-transaction",
    "jena-tdb", "jena-tdb2", "commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io",
    "commons-lang3", "dexx.collection", "gson", "guava", "httpclient", "httpclient-cache", "httpcore", "jackson-core",
    "jackson-databind", "jackson-annotations", "jsonld-java", "jakarta.json-api", "protobuf", "thrift",
    "titanium-json-ld", "slf4j-api", "slf4j-nop",
)


def available() -> bool:
    return shutil.which("java") is not None and (JAVA_DIR / "jena-arq.jar").exists()


def require() -> None:
    """Skip when Jena is not installed, except in CI, where its absence is a failure of set-up."""
    if available():
        return
    if os.environ.get("CI"):
        pytest.fail("Apache Jena is not installed (tests/setup.sh installs libapache-jena-java)")
    pytest.skip("Apache Jena is not installed (apt-get install libapache-jena-java)")


def _classpath(workdir: Path) -> str:
    # Debian's jena-core relocates Xerces' classes to `xerces.*` but leaves their message bundles under
    # `org/apache/jena/ext/xerces/`, so Jena fails at start-up ("internal error"). Putting the bundles where the
    # classes look for them repairs it without touching the system.
    fix = workdir / "xerces-messages"
    if not fix.exists():
        prefix = "org/apache/jena/ext/"
        with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as jar:
            for name in jar.namelist():
                if name.startswith(prefix + "xerces/") and name.endswith(".properties"):
                    target = fix / name[len(prefix):]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(jar.read(name))
    jars = [JAVA_DIR / f"{name}.jar" for name in JARS if (JAVA_DIR / f"{name}.jar").exists()]
    return os.pathsep.join([str(fix)] + [str(jar) for jar in jars])


def run(tool: str, args: list[str], workdir: Path) -> subprocess.CompletedProcess:
    """Run ``riotcmd.riot`` or ``arq.arq`` with ``args``."""
    main = {"riot": "riotcmd.riot", "arq": "arq.arq"}[tool]
    return subprocess.run(["java", "-cp", _classpath(workdir), main, *args], capture_output=True, text=True,
                          timeout=300)
