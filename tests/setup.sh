#!/usr/bin/env bash
# Everything the test suite needs on a fresh Debian machine: the project with its test extra (Python packages,
# the Oxigraph server among them), Apache Jena (Debian's libapache-jena-java, the independent RDF toolkit the
# tests check every output with) with a Java runtime to run it, Debian's Chromium (the browser the HTML tests
# drive through Playwright; Playwright never downloads its own), and OpenLink Virtuoso (virtuoso-opensource, the
# triplestore `bilat push` is tested against; the tests start and stop their own server, and Debian leaves its
# system service disabled while the dba password is the default).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[[ -e /usr/share/java/jena-arq.jar ]] || missing+=(libapache-jena-java)
command -v java >/dev/null || missing+=(default-jre-headless)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/virtuoso-t && -x /usr/bin/isql-vt ]] || missing+=(virtuoso-opensource)
if (( ${#missing[@]} )); then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        echo "Installing Debian packages: ${missing[*]}" >&2
        if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
        then
            echo "Could not install ${missing[*]}; the tests that need them are skipped (and fail under CI)." >&2
        fi
    else
        echo "Missing: ${missing[*]} (Debian: sudo apt-get install ${missing[*]}); the tests that need them" \
             "are skipped." >&2
    fi
fi
python -m pip install -q -e '.[test]'
