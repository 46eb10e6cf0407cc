"""Local HTTP servers the tests talk to (fake Twitch, webhook receivers, DID hosts): run in a
daemon thread, stopped without waiting out the standard library's half-second poll."""

import threading
from http.server import ThreadingHTTPServer

# socketserver's default poll interval (0.5 s) is how long shutdown() can wait: every test
# with a local server paid it at teardown.
POLL_SECONDS = 0.01


def start(server: ThreadingHTTPServer) -> threading.Thread:
    """Serve `server` in a daemon thread; returns the thread."""
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True
    )
    thread.start()
    return thread


def stop(server: ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()
