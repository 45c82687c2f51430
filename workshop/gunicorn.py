"""Gunicorn settings for one Atelier instance (docs/deploy.md)::

    gunicorn -c python:workshop.gunicorn --bind 127.0.0.1:5001 'workshop:create_app()'

One gevent worker per instance, as ``workshop serve`` runs: Socket.IO keeps each client on the
process that holds its connection, so an instance is one process and a site grows by adding
instances behind the message queue (``WORKSHOP_MESSAGE_QUEUE``) and a sticky proxy. The worker
serves WebSocket with ``TCP_NODELAY``, times requests' headers and idle connections and caps
connections (``WORKSHOP_HEADER_TIMEOUT`` and the others), and freezes its start-up heap out of
the garbage collector's full collections, as ``workshop serve`` does (docs/performance.md).
"""

from __future__ import annotations

import gc
import os
from typing import Any

os.environ.setdefault("WORKSHOP_ASYNC_MODE", "gevent")

from geventwebsocket.gunicorn.workers import GeventWebSocketWorker  # noqa: E402

from .config import Settings, instance_path  # noqa: E402
from .serving import (  # noqa: E402
    SPARE_DESCRIPTORS,
    LongLived,
    allow_descriptors,
    guarded_handler,
    report_long_collections,
)

settings = Settings.from_environ(instance_path())


class Worker(GeventWebSocketWorker):  # type: ignore[misc]
    wsgi_handler = guarded_handler(settings)


worker_class = "workshop.gunicorn.Worker"
workers = 1
# Past gunicorn's default of 1,000, gevent's pool would leave connections waiting unanswered in
# the listen backlog: room for the cap, and for the 503s answered beyond it.
worker_connections = (settings.max_connections + SPARE_DESCRIPTORS if settings.max_connections
                      else 1_000_000)
# Long-polling requests wait up to Socket.IO's ping interval: longer than gunicorn's default.
timeout = 60
graceful_timeout = 20
accesslog = None  # no request log: join links and tokens stay out of logs
control_socket_disable = True  # several instances on one host: no shared ~/.gunicorn socket


def post_worker_init(_worker: Any) -> None:
    allow_descriptors(settings)
    gc.collect()
    gc.freeze()
    report_long_collections()
    LongLived().install()
