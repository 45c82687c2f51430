"""Socket.IO: connection authorization and rooms. Importing this registers the handlers."""

from . import connection  # noqa: F401
