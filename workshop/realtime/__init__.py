"""Socket.IO: connection authorization, event handlers and the broadcaster."""

from . import connection, docs, handlers  # noqa: F401  (registers the handlers)
