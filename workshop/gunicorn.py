"""Gunicorn settings for one Atelier instance (docs/deploy.md)::

    gunicorn -c python:workshop.gunicorn --bind 127.0.0.1:5001 'workshop:create_app()'

One gevent worker per instance, as ``workshop serve`` runs: Socket.IO keeps each client on the
process that holds its connection, so an instance is one process and a site grows by adding
instances behind the message queue (``WORKSHOP_MESSAGE_QUEUE``) and a sticky proxy. The worker
serves WebSocket with ``TCP_NODELAY``, and freezes its start-up heap out of the garbage
collector's full collections, as ``workshop serve`` does (docs/performance.md says why).
"""

from __future__ import annotations

import gc
import os
from typing import Any

os.environ.setdefault("WORKSHOP_ASYNC_MODE", "gevent")

from geventwebsocket.gunicorn.workers import GeventWebSocketWorker  # noqa: E402

from .serving import no_delay_handler  # noqa: E402


class Worker(GeventWebSocketWorker):  # type: ignore[misc]
    wsgi_handler = no_delay_handler()


worker_class = "workshop.gunicorn.Worker"
workers = 1
# Long-polling requests wait up to Socket.IO's ping interval: longer than gunicorn's default.
timeout = 60
graceful_timeout = 20
accesslog = None  # no request log: join links and tokens stay out of logs
control_socket_disable = True  # several instances on one host: no shared ~/.gunicorn socket


def post_worker_init(_worker: Any) -> None:
    gc.collect()
    gc.freeze()
