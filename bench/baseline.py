"""The load benchmark's yardstick: a bare python-socketio server voting in memory.

    .venv/bin/python bench/baseline.py --port 5001 --mode gevent

Same stack as ``workshop serve`` (gevent's pywsgi with gevent-websocket and ``TCP_NODELAY``, or
Werkzeug's threaded server), same events (``vote.cast`` with ``client_id`` and its
acknowledgement, ``sync``, ``tally``, and ``progress`` to the screen), no database: votes go
to an in-memory counter.
Tallies are coalesced as Atelier's are: to the screen 4 times a second and, while votes come in,
to every phone once a second (``--phone-interval``; 0 sends phones none, as when results are
hidden from them), the phones in ``--phone-groups`` groups that hear it in turn, one group per
tick. ``bench/load.py`` starts it; nothing else uses it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

SCREEN_INTERVAL = 0.25


def build(mode: str, phone_interval: float = 1.0, groups: int = 16):  # type: ignore[no-untyped-def]
    """The Socket.IO server and its tally flusher, ready to be served."""
    import socketio

    sio = socketio.Server(async_mode=mode, max_http_buffer_size=256 * 1024)
    counts: dict[int, int] = {}
    mine: dict[tuple[str, int], int] = {}
    acks: dict[tuple[str, str], dict] = {}
    tokens: dict[str, str] = {}
    state = {"seq": 0, "dirty": False, "joined": 0}
    guard = _lock()

    @sio.event
    def connect(sid, _environ, auth):  # type: ignore[no-untyped-def]
        auth = auth if isinstance(auth, dict) else {}
        if isinstance(auth.get("screen"), str):
            sio.enter_room(sid, "screen")
            return
        token = auth.get("token")
        if not isinstance(token, str) or not token:
            raise socketio.exceptions.ConnectionRefusedError("unauthorized")
        tokens[sid] = token
        sio.enter_room(sid, f"phones:{state['joined'] % groups}")
        state["joined"] += 1

    @sio.event
    def disconnect(sid, *_args):  # type: ignore[no-untyped-def]
        tokens.pop(sid, None)

    @sio.on("sync")
    def sync(_sid, _data=None):  # type: ignore[no-untyped-def]
        return {"ok": True, "state": {"seq": state["seq"], "tally": {"counts": _view(counts)}}}

    @sio.on("vote.cast")
    def cast(sid, data=None):  # type: ignore[no-untyped-def]
        token = tokens.get(sid)
        if token is None:
            return {"ok": False, "error": {"code": "unauthorized", "message": "unauthorized"}}
        client_id = data.get("client_id") if isinstance(data, dict) else None
        topic = data.get("topic_id") if isinstance(data, dict) else None
        if not isinstance(client_id, str) or not 1 <= len(client_id) <= 64 \
                or not isinstance(topic, int):
            return {"ok": False, "error": {"code": "invalid", "message": "invalid"}}
        with guard:
            previous = acks.get((token, client_id))
            if previous is not None:
                return previous
            counts[topic] = counts.get(topic, 0) + 1
            mine[(token, topic)] = mine.get((token, topic), 0) + 1
            state["seq"] += 1
            state["dirty"] = True
            answer = {"ok": True, "votes_left": 100, "topic_id": topic,
                      "my_votes": mine[(token, topic)]}
            acks[(token, client_id)] = answer
        return answer

    @sio.on("stats")
    def stats(_sid, _data=None):  # type: ignore[no-untyped-def]
        return {"ok": True, "votes": sum(counts.values()), "acks": len(acks)}

    def flusher() -> None:
        rooms = [f"phones:{n}" for n in range(groups)]
        tick = min(SCREEN_INTERVAL, phone_interval / groups) if phone_interval else \
            SCREEN_INTERVAL
        last_screen = 0.0
        last_sent = dict.fromkeys(rooms, 0.0)
        owed: set[str] = set()
        body: dict = {}
        while True:
            sio.sleep(tick)
            now = time.monotonic()
            if state["dirty"] and now - last_screen >= SCREEN_INTERVAL:
                with guard:
                    state["dirty"] = False
                    body = {"seq": state["seq"], "counts": _view(counts)}
                sio.emit("tally", body, to="screen")
                sio.emit("progress", {"seq": body["seq"], "dots": sum(counts.values())},
                         to="screen")
                last_screen = now
                if phone_interval:
                    owed.update(rooms)
            due = [r for r in rooms if r in owed and now - last_sent[r] >= phone_interval]
            if due:
                room = min(due, key=last_sent.__getitem__)
                sio.emit("tally", body, to=room)
                last_sent[room] = now
                owed.discard(room)

    sio.start_background_task(flusher)
    return sio


def _view(counts: dict[int, int]) -> dict[str, int]:
    return {str(k): v for k, v in counts.items()}


def _lock():  # type: ignore[no-untyped-def]
    import threading  # monkey-patched under gevent: a cooperative lock there

    return threading.Lock()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5001")))
    parser.add_argument("--mode", choices=("gevent", "threading"), default="gevent")
    parser.add_argument("--phone-interval", type=float, default=1.0,
                        help="seconds between two tallies to a phone (0: none, results hidden)")
    parser.add_argument("--phone-groups", type=int, default=16)
    args = parser.parse_args()
    if args.mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
    import socketio

    app = socketio.WSGIApp(build(args.mode, args.phone_interval, args.phone_groups))
    print(f"baseline on http://{args.host}:{args.port} ({args.mode})", file=sys.stderr)
    if args.mode == "gevent":
        from gevent import pywsgi

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from workshop.serving import no_delay_handler  # the same transport as Atelier's

        pywsgi.WSGIServer((args.host, args.port), app, handler_class=no_delay_handler(),
                          log=None).serve_forever()
    else:
        import logging

        from werkzeug.serving import run_simple

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        run_simple(args.host, args.port, app, threaded=True)


if __name__ == "__main__":
    main()
