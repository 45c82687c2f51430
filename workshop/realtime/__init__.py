"""Socket.IO: connection authorization, event handlers and the broadcaster."""

from . import connection, docs, handlers, sensing  # noqa: F401  (registers the handlers)
