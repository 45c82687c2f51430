"""A Socket.IO packet the server cannot read closes its connection, with one line in the log.

python-socketio decodes each packet before any handler runs; JSON nested deeper than the
parser goes (a few hundred kilobytes of brackets) raises there, where no acknowledgement can be
sent (the packet's id is unread): the phone would wait forever and the log would fill with
tracebacks. Such a client is broken or hostile: its connection is closed.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def guard_packets(server: Any) -> None:
    """Wrap ``server``'s (a socketio.Server) packet handling once."""
    handle = server._handle_eio_message
    if getattr(handle, "guarded", False):
        return

    def guarded(eio_sid: str, data: Any) -> Any:
        try:
            return handle(eio_sid, data)
        except (RecursionError, ValueError, TypeError, KeyError, IndexError) as error:
            log.warning("closing a connection that sent an unreadable packet (%s)",
                        type(error).__name__)
            server.eio.disconnect(eio_sid)
            return None

    guarded.guarded = True  # type: ignore[attr-defined]
    server._handle_eio_message = guarded
    server.eio.on("message", guarded)
