"""Apache Jena from Debian's libapache-jena-java, for checking outputs with an RDF toolkit independent of the one
that wrote them: `check` runs all of a session's checks in one JVM (tests/JenaCheck.java); `run` runs one
command-line tool (riot, arq)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

JAVA_DIR = Path("/usr/share/java")
CHECKER = Path(__file__).with_name("JenaCheck.java")
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


def check(out: Path, workdir: Path, parse: dict[str, tuple[str, Path]], data: Path | None = None,
          queries: dict[str, Path] | None = None) -> Path:
    """Run every check in one JVM and return ``out``, where ``parse/LABEL.json`` holds each parsed file's statement
    count, warnings and errors, and ``query/LABEL.json`` each query's SPARQL JSON results over ``data`` (or an
    "error"). ``parse`` maps a label to (riot syntax name, file)."""
    args = [str(out)]
    for label, (syntax, path) in parse.items():
        args += ["--parse", label, syntax, str(path)]
    if data is not None:
        args += ["--data", str(data)]
    for label, path in (queries or {}).items():
        args += ["--query", label, str(path)]
    # Java 11+'s single-file source launcher compiles JenaCheck.java in memory: no build step, no class files.
    result = subprocess.run(["java", "-cp", _classpath(workdir), str(CHECKER), *args], capture_output=True,
                            text=True, timeout=600)
    if result.returncode != 0:
        pytest.fail(f"JenaCheck did not run (exit {result.returncode}):\n{result.stderr}")
    return out


def parse_result(out: Path, label: str) -> dict:
    return json.loads((out / "parse" / f"{label}.json").read_text(encoding="utf-8"))


def query_result(out: Path, label: str) -> dict:
    return json.loads((out / "query" / f"{label}.json").read_text(encoding="utf-8"))
