#!/usr/bin/env bash
# Everything the test suite needs on a fresh Debian machine: the project with its test extra, Apache Jena
# (Debian's libapache-jena-java, the independent RDF toolkit the tests check every output with) and Debian's
# Chromium (the browser the HTML tests drive through Playwright; Playwright never downloads its own).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[[ -e /usr/share/java/jena-arq.jar ]] || missing+=(libapache-jena-java)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
if (( ${#missing[@]} )); then
    if [[ "$(id -u)" == 0 ]]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "Missing Debian packages: sudo apt-get install ${missing[*]} (their tests are skipped)." >&2
    fi
fi
python -m pip install -q -e '.[test]'
