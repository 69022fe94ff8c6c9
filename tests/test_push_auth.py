"""`bilat push` answers a Basic challenge (Fuseki's scheme) and sends a bearer token, with credentials from the
environment; Digest, Virtuoso's scheme, is exercised against the real server in tests/test_virtuoso.py."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from graph.cli import app

USER, PASSWORD, TOKEN = "analyst", "only-in-the-environment", "a-bearer-token"


class GraphStore(BaseHTTPRequestHandler):
    """A Graph Store Protocol stub that takes a PUT with the right credentials and challenges any other."""

    accepted = {f"Basic {base64.b64encode(f'{USER}:{PASSWORD}'.encode()).decode()}", f"Bearer {TOKEN}"}

    def do_PUT(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        authorization = self.headers.get("Authorization")
        self.server.seen.append(authorization)
        if authorization in self.accepted:
            self.send_response(204)
        else:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="bilat"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def store():
    server = ThreadingHTTPServer(("127.0.0.1", 0), GraphStore)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("env, status", [
    ({"BILAT_PUSH_USER": USER, "BILAT_PUSH_PASSWORD": PASSWORD}, 0),
    ({"BILAT_PUSH_TOKEN": TOKEN}, 0),
    ({"BILAT_PUSH_USER": USER, "BILAT_PUSH_PASSWORD": "wrong"}, 2),
    ({}, 2),
], ids=["basic", "bearer", "wrong password", "no credentials"])
def test_push_authenticates_from_the_environment(built, runner, store, env, status):
    env = {"BILAT_PUSH_USER": None, "BILAT_PUSH_PASSWORD": None, "BILAT_PUSH_TOKEN": None, **env}
    endpoint = f"http://127.0.0.1:{store.server_port}/store"
    result = runner.invoke(app, ["push", "--endpoint", endpoint, "--graph", str(built / "graph.trig")], env=env,
                           catch_exceptions=False)
    assert result.exit_code == status, result.output
    if status:
        assert "HTTP 401" in result.output and PASSWORD not in result.output
    else:
        assert set(store.seen) - {None} <= GraphStore.accepted and store.seen[-1] in GraphStore.accepted
