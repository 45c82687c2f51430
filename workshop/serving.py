"""``workshop serve``'s server: gevent's WSGI server with WebSocket, or Werkzeug's for threading.

Under gevent, every connection gets ``TCP_NODELAY``. Without it, Nagle's algorithm holds a small
message (a vote's acknowledgement) while an earlier one (a tally) waits for the phone's delayed
TCP acknowledgement: up to 40 ms on Linux, for one vote in twenty in the load benchmark.
"""

from __future__ import annotations

import gc
import socket
from typing import Any

from flask import Flask


def no_delay_handler() -> type:
    """gevent-websocket's handler, with Nagle's algorithm off on each accepted connection."""
    from geventwebsocket.handler import WebSocketHandler

    class NoDelayHandler(WebSocketHandler):  # type: ignore[misc]
        def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().__init__(sock, *args, **kwargs)

    return NoDelayHandler


def serve(app: Flask, host: str, port: int) -> None:
    """Serve ``app`` (Socket.IO included) until interrupted."""
    from .extensions import socketio

    # What exists now (modules, the app) lives as long as the process: out of the cyclic
    # garbage collector's sight, its full collections no longer walk it (they held votes back
    # by tens of milliseconds with thousands of phones connected).
    gc.collect()
    gc.freeze()
    if app.config["ASYNC_MODE"] != "gevent":
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, log_output=False)
        return
    from gevent import pywsgi

    pywsgi.WSGIServer((host, port), app, handler_class=no_delay_handler(),
                      log=None).serve_forever()
