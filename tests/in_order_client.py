"""A python-socketio client for the live tests that reads packets in the order they arrive.

python-socketio's threaded client hands each engine.io message to a thread of its own. A binary
event travels as two messages, its header and then its attachment; when the attachment's thread
ran first, the client read the bytes as a packet (``invalid literal for int()``), dropped the
event and its caller timed out (a co-writing test failed so in CI). Here packets are decoded on
the reading thread, in order; only event handlers run in threads of their own, as before, since
a handler may itself call the server and wait for the answer.
"""

from __future__ import annotations

from typing import Any

import engineio
import socketio


class _InOrderEngine(engineio.Client):
    def _trigger_event(self, event: str, *args: Any, **kwargs: Any) -> Any:
        if event == "message":
            kwargs["run_async"] = False
        return super()._trigger_event(event, *args, **kwargs)


class InOrderClient(socketio.Client):
    def _engineio_client_class(self) -> type[engineio.Client]:
        return _InOrderEngine

    def _handle_event(self, namespace: str, id: Any, data: Any) -> None:  # noqa: A002
        self.start_background_task(super()._handle_event, namespace, id, data)
