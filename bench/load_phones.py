"""Simulated phones for ``bench/load.py``: one process holding its share of the phones.

The coordinator sends commands over a pipe: ``connect`` (more phones, by token and transport),
``vote`` (a steady vote rate from its newest phones, each vote with a unique ``client_id``;
returns when every vote is acknowledged or given up), ``count``, ``close``. Times are
``time.monotonic()``, one clock for every process of the machine, so the coordinator can match
acknowledgements with what the screen showed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from multiprocessing.connection import Connection
from typing import Any

CONNECT_TIMEOUT = 30.0


class Phones:
    """The phones of one worker process and what they saw."""

    def __init__(self, url: str, sync: bool) -> None:
        self.url = url
        self.sync = sync
        self.clients: list[Any] = []
        self.tallies = 0
        self.disconnects = 0
        self.last: dict[int, dict[str, int]] = {}  # each phone's latest tally, by its index

    async def connect_one(self, token: str, transport: str, url: str | None = None
                          ) -> str | None:
        """Connect one phone (and ``sync`` as a phone does); the failure's text, or None."""
        import socketio

        client = socketio.AsyncClient(reconnection=False, handle_sigint=False)
        index = len(self.last)
        self.last[index] = {}

        @client.on("tally")
        def _tally(data: Any) -> None:
            self.tallies += 1
            # Apply as a phone does: a tally is whole, and the latest seq wins.
            if isinstance(data, dict) and data.get("seq", 0) >= self.last[index].get("", -1):
                self.last[index] = {**data.get("counts", {}), "": data.get("seq", 0)}

        @client.on("disconnect")
        def _gone(*_args: Any) -> None:
            self.disconnects += 1

        try:
            await client.connect(url or self.url, auth={"token": token}, transports=[transport],
                                 wait_timeout=CONNECT_TIMEOUT)
            if self.sync:
                answer = await client.call("sync", timeout=CONNECT_TIMEOUT)
                if not answer.get("ok"):
                    raise RuntimeError(f"sync refused: {answer}")
        except Exception as error:  # noqa: BLE001  (every failure is counted, by its text)
            await _quietly(client.disconnect())
            return f"{type(error).__name__}: {error}"[:200]
        self.clients.append(client)
        return None

    async def connect(self, phones: list[tuple[str, ...]], concurrency: int) -> dict[str, Any]:
        began = time.monotonic()
        gate = asyncio.Semaphore(concurrency)

        async def one(token: str, transport: str, url: str | None = None) -> str | None:
            async with gate:
                return await self.connect_one(token, transport, url)

        outcomes = await asyncio.gather(*(one(*phone) for phone in phones))
        failures = [o for o in outcomes if o is not None]
        return {"connected": len(phones) - len(failures), "failures": failures,
                "seconds": time.monotonic() - began}

    async def vote(self, start: float, rate: float, duration: float, since: int,
                   topics: list[int], label: str, drain: float,
                   questions: list[int] | None = None, upvote_share: float = 0.0
                   ) -> dict[str, Any]:
        """Send a steady ``rate`` of votes from the phones connected since ``since``, in turn.

        Each phone gives at most its share of the ramp's votes, so budgets are never reached.
        With ``questions``, ``upvote_share`` of the actions are question upvotes instead, each
        phone upvoting the questions in turn (so never one twice while it has fewer actions
        than there are questions); their records name the question as ``"q<id>"``.
        """
        voters = self.clients[since:]
        records: list[list[Any]] = []
        pending: set[asyncio.Future[Any]] = set()
        loop = asyncio.get_running_loop()
        tallies_before = self.tallies
        n = 0
        while n / rate < duration and voters:
            due = start + n / rate
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            client = voters[n % len(voters)]
            upvote = bool(questions) and int((n + 1) * upvote_share) > int(n * upvote_share)
            if upvote:
                question = questions[(n // len(voters)) % len(questions)]  # type: ignore[index]
                target: int | str = f"q{question}"
                event, body = "question.upvote", {"question_id": question, "up": True}
            else:
                target = topics[n % len(topics)]
                event, body = "vote.cast", {"topic_id": target}
            record = [n, target, time.monotonic(), None, None]
            records.append(record)
            done = loop.create_future()
            pending.add(done)

            def acked(answer: Any = None, record: list[Any] = record,
                      done: asyncio.Future[Any] = done) -> None:
                record[3] = time.monotonic()
                record[4] = (answer or {}).get("ok") is True or \
                    ((answer or {}).get("error") or {}).get("code", "no answer")
                if record[4] is True and (answer or {}).get("upvoted") is False:
                    record[4] = "not upvoted"  # an upvote answered but not counted
                if not done.done():
                    done.set_result(None)

            try:
                await client.emit(event, {"client_id": f"{label}-{n}", **body}, callback=acked)
            except Exception as error:  # noqa: BLE001
                record[4] = f"send failed: {type(error).__name__}"
                done.set_result(None)
            n += 1
        if pending:
            await asyncio.wait(pending, timeout=max(0.1, start + duration + drain
                                                    - time.monotonic()))
        return {"records": records, "tallies": self.tallies - tallies_before,
                "disconnects": self.disconnects, "phones": len(self.clients)}

    async def close(self) -> None:
        await asyncio.gather(*(_quietly(c.disconnect()) for c in self.clients))
        self.clients.clear()


async def _quietly(awaitable: Any) -> None:
    with contextlib.suppress(Exception):  # closing: nothing left to report
        await awaitable


def run(conn: Connection, url: str, sync: bool, cpu: int | None, nice: int) -> None:
    """Process entry point: obey the coordinator's commands until ``close``.

    Listening phones run niced: the phones that vote get the core first when a tally reaches
    every phone at once, so their latencies measure the server, not the generator's backlog.
    """
    import logging
    import os

    # The clients' own loggers (they default to ERROR: "packet queue is empty" as each closes).
    for name in ("engineio", "socketio", "engineio.client", "socketio.client"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    if nice:
        os.nice(nice)
    asyncio.run(_serve(conn, Phones(url, sync)))


async def _serve(conn: Connection, phones: Phones) -> None:
    loop = asyncio.get_running_loop()
    while True:
        command = await loop.run_in_executor(None, conn.recv)
        kind = command.pop("cmd")
        if kind == "connect":
            conn.send(await phones.connect(command["phones"], command["concurrency"]))
        elif kind == "vote":
            conn.send(await phones.vote(**command))
        elif kind == "count":
            conn.send({"phones": len(phones.clients), "tallies": phones.tallies,
                       "disconnects": phones.disconnects})
        elif kind == "finals":  # how many phones show each distinct final tally
            finals: dict[str, int] = {}
            for last in phones.last.values():
                shown = {k: v for k, v in last.items() if k and v}
                key = json.dumps(shown, sort_keys=True)
                finals[key] = finals.get(key, 0) + 1
            conn.send(finals)
        elif kind == "close":
            await phones.close()
            conn.send({"closed": True})
            return
