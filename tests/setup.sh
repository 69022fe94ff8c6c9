#!/usr/bin/env bash
# Everything the test suite needs on a fresh Debian machine: the project with its test extra, and Apache Jena
# (Debian's libapache-jena-java), the independent RDF toolkit the tests check every output file with.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -e /usr/share/java/jena-arq.jar ]]; then
    if [[ "$(id -u)" == 0 ]]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libapache-jena-java >/dev/null
    else
        echo "Apache Jena is missing: run 'sudo apt-get install libapache-jena-java' (its tests are skipped)." >&2
    fi
fi
python -m pip install -q -e '.[test]'
