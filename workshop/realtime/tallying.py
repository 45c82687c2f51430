"""Vote tallies, presence and question upvotes, coalesced: one flusher per workshop.

Tallies go to screens and facilitators at most 4 times a second, and to phones at most once a
second and only while results are shown to them: fan-out to phones is the cost that matters.
Phones hear them in groups (``rooms.phone_group``), one group per tick, so that no tick sends
to every phone at once: a burst of thousands of messages would hold back the acknowledgements
queued behind it. The counts are read once per screen tick, whatever the number of phones.

Every message goes through ``socketio.emit``, so with a message queue it reaches the clients
of every instance; the flusher re-reads the counts from the database, so the instance that
flushes needs no state from the one that took the vote. With a message queue, one instance
flushes a workshop at a time: the instance holding the workshop's lease (redis-py's lock,
which expires if its holder dies) sends, and a vote taken by another instance marks the
workshop in Redis for it. Without it, every instance taking votes ran a flusher of its own,
and each phone heard every tally once per instance (bench/load.py ``atelier*2``). An
instance that found the lease held tries again at most every ``TAKE_EVERY`` seconds, and
once after the last refused try, so that a mark left as the holder let go is still read.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from ..extensions import db, socketio, this_app
from ..methods import AGENDA_SCREENS, Action
from ..models import Workshop
from ..services import phases, questions, snapshot, voting
from . import rooms

log = logging.getLogger(__name__)

SCREEN_INTERVAL = 0.25
PHONE_INTERVAL = 1.0
IDLE_STOP = 5.0  # a flusher with nothing to send for this long ends; the next change restarts it
LEASE_SECONDS = 3.0  # a flusher's lease, renewed every second: a dead holder's lapses soon
TAKE_EVERY = 0.25  # an instance that found the lease held tries again at most this often


@dataclass
class Reading:
    """What one tick read of a vote in progress: the tally and, on agenda screens, presence."""

    tally: dict[str, Any]
    presence: dict[str, Any] | None = None
    phones: bool = False  # whether phones may see any of it: results shown, or checking in


class Leases:
    """Who flushes a workshop across instances, and what changed since (in Redis)."""

    def __init__(self) -> None:
        self._clients: dict[str, Any] = {}  # queue URL → its Redis client
        self._lock = threading.Lock()

    def _redis(self, queue: str) -> Any:
        import redis

        with self._lock:
            if queue not in self._clients:
                self._clients[queue] = redis.Redis.from_url(queue)
            return self._clients[queue]

    @staticmethod
    def _keys(workshop_id: int) -> tuple[str, str]:
        return f"atelier:tally:{workshop_id}:votes", f"atelier:tally:{workshop_id}:upvotes"

    def mark(self, queue: str, workshop_id: int, votes: bool) -> None:
        self._redis(queue).set(self._keys(workshop_id)[0 if votes else 1], 1)

    def take(self, queue: str, workshop_id: int) -> Any:
        """The workshop's lease if no instance holds it, else None."""
        lease = self._redis(queue).lock(f"atelier:tally:{workshop_id}:lease",
                                        timeout=LEASE_SECONDS, blocking=False,
                                        thread_local=False)  # renewed by the flusher's task
        return lease if lease.acquire() else None

    def pop(self, queue: str, workshop_id: int) -> tuple[bool, bool]:
        """Whether votes, and upvotes, changed since the last pop; clears both marks."""
        with self._redis(queue).pipeline() as pipe:  # MULTI: a mark is read or kept, never lost
            for key in self._keys(workshop_id):
                pipe.get(key)
                pipe.delete(key)
            votes, _, upvotes, _ = pipe.execute()
        return bool(votes), bool(upvotes)

    def marked(self, queue: str, workshop_id: int) -> bool:
        return bool(self._redis(queue).exists(*self._keys(workshop_id)))

    def renew(self, queue: str, workshop_id: int, lease: Any) -> Any:
        """The lease for three more seconds; if it lapsed (an overloaded holder), taken
        again when free, else None: another instance flushes now."""
        from redis.exceptions import LockError

        try:
            lease.reacquire()
        except LockError:
            return self.take(queue, workshop_id)
        return lease

    @staticmethod
    def release(lease: Any) -> None:
        from redis.exceptions import LockError

        with contextlib.suppress(LockError):  # lapsed already: nothing to give back
            lease.release()


leases = Leases()


class TallyFanout:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dirty: dict[int, bool] = {}
        self._running: set[int] = set()
        self._upvoted: set[int] = set()  # workshops whose question upvotes changed
        self._next_take: dict[int, float] = {}  # when this instance may try a lease again
        self._retrying: set[int] = set()  # workshops with a try at their lease to come

    def changed(self, workshop_id: int, votes: bool = True) -> None:
        """Votes (or question upvotes) changed: start the workshop's flusher if none runs.

        While this instance flushes the workshop, a change is only noted here, for its next
        tick: no Redis round trip in a vote's path. Otherwise, with a message queue, the
        change is marked in Redis for whichever instance holds the lease.
        """
        queue = current_app.config.get("MESSAGE_QUEUE")
        with self._lock:
            running = workshop_id in self._running
            if running or not queue:
                if votes:
                    self._dirty[workshop_id] = True
                else:
                    self._upvoted.add(workshop_id)
                self._running.add(workshop_id)  # without a queue, this flusher starts now
        if running:
            return
        if queue:
            leases.mark(queue, workshop_id, votes)
            self._take_lease(this_app(), queue, workshop_id)
        else:
            self._spawn(self._flusher, this_app(), workshop_id)

    def _take_lease(self, app: Flask, queue: str, workshop_id: int) -> None:
        """Flush the workshop from this instance if no other does; try at most every
        ``TAKE_EVERY`` seconds, and once more after, so a mark is never left unread."""
        now = time.monotonic()
        with self._lock:
            if workshop_id in self._running:
                return
            due = self._next_take.get(workshop_id, 0.0)
            if now < due:
                if workshop_id not in self._retrying:
                    self._retrying.add(workshop_id)
                    self._spawn(self._take_later, app, queue, workshop_id, due - now)
                return
            self._next_take[workshop_id] = now + TAKE_EVERY
        lease = leases.take(queue, workshop_id)
        if lease is None:
            return  # another instance flushes, and will find the mark
        with self._lock:
            self._running.add(workshop_id)
        self._spawn(self._flusher, app, workshop_id, lease)

    def _take_later(self, app: Flask, queue: str, workshop_id: int, delay: float) -> None:
        time.sleep(delay)  # gevent's sleep under ``workshop serve``: a yield to the loop
        with self._lock:
            self._retrying.discard(workshop_id)
        if leases.marked(queue, workshop_id):
            self._take_lease(app, queue, workshop_id)

    @staticmethod
    def _spawn(target: Any, *args: Any) -> None:
        socketio.start_background_task(target, *args)

    def _changes(self, app: Flask, workshop_id: int, lease: Any) -> tuple[bool, bool]:
        """What changed since the last tick: noted here, or (with a lease) marked in Redis."""
        with self._lock:
            dirty, upvoted = self._take_noted(workshop_id)
        if lease is not None:
            marked_votes, marked_upvotes = leases.pop(app.config["MESSAGE_QUEUE"], workshop_id)
            dirty, upvoted = dirty or marked_votes, upvoted or marked_upvotes
        return dirty, upvoted

    def _take_noted(self, workshop_id: int) -> tuple[bool, bool]:
        """Whether votes, and upvotes, were noted here since last asked; clears both (under
        ``self._lock``)."""
        upvoted = workshop_id in self._upvoted
        self._upvoted.discard(workshop_id)
        return self._dirty.pop(workshop_id, False), upvoted

    def _stop(self, app: Flask, workshop_id: int, lease: Any) -> tuple[bool, Any]:
        """End the flusher unless a change came meanwhile: (whether to go on, its lease)."""
        with self._lock:
            if self._dirty.get(workshop_id) or workshop_id in self._upvoted:
                return True, lease
            self._running.discard(workshop_id)
        if lease is None:
            return False, None
        queue = app.config["MESSAGE_QUEUE"]
        leases.release(lease)
        # A vote marked while the lease was held but after the last pop: take it back.
        if leases.marked(queue, workshop_id):
            with self._lock:
                if workshop_id not in self._running:
                    again = leases.take(queue, workshop_id)
                    if again is not None:
                        self._running.add(workshop_id)
                        return True, again
        return False, None

    def _flusher(self, app: Flask, workshop_id: int, lease: Any = None) -> None:
        """Run the workshop's flusher; should it fail, the next change starts another."""
        try:
            self._send_while_changing(app, workshop_id, lease)
        except Exception:
            log.exception("the tally flusher of workshop %s failed", workshop_id)
            with self._lock:
                self._running.discard(workshop_id)

    def _send_while_changing(self, app: Flask, workshop_id: int, lease: Any) -> None:
        """Send tallies while votes come in: screens 4 times a second, each phone once.

        Phones hear them in ``rooms.PHONE_GROUPS`` groups, one group per tick, the one that
        has waited longest: each tick sends to a sixteenth of the room, so that a vote's
        acknowledgement never waits behind a message to every phone. Counts are read once per
        screen tick and the phones' groups get that latest reading in turn (encoded once per
        group by python-socketio): the database is read 4 times a second however many phones.
        """
        groups = rooms.phone_groups(workshop_id)
        tick = min(SCREEN_INTERVAL, PHONE_INTERVAL / len(groups))
        last_sent = dict.fromkeys(groups, 0.0)
        owed: set[str] = set()  # groups owed the latest tally
        owed_upvotes: set[str] = set()  # groups owed the latest question upvotes
        unread = unread_upvotes = False  # changes the screens have not been sent yet
        reading: Reading | None = None
        upvotes: dict[str, Any] | None = None
        screens_at = 0.0
        renewed = idle_since = time.monotonic()
        while True:
            now = time.monotonic()
            if lease is not None and now - renewed >= 1.0:
                lease = leases.renew(app.config["MESSAGE_QUEUE"], workshop_id, lease)
                renewed = now
                if lease is None:  # lapsed and taken by another instance: it sends now
                    self._hand_over(app, workshop_id, unread or bool(owed),
                                    unread_upvotes or bool(owed_upvotes))
                    return
            dirty, upvoted = self._changes(app, workshop_id, lease)
            if dirty or upvoted:
                idle_since = now
            unread, unread_upvotes = unread or dirty, unread_upvotes or upvoted
            screens_due = (unread or unread_upvotes) and now - screens_at >= SCREEN_INTERVAL
            waiting = owed | owed_upvotes
            due = [g for g in groups if g in waiting and now - last_sent[g] >= PHONE_INTERVAL]
            group = min(due, key=last_sent.__getitem__) if due else None
            if screens_due or group:
                with app.app_context():
                    if screens_due:
                        screens_at = now
                        if unread and (fresh := self._flush(workshop_id, reading)):
                            reading = fresh
                            if fresh.phones:  # results hidden: no phone is owed anything
                                owed.update(groups)
                        if unread_upvotes and (counted := self._flush_upvotes(workshop_id,
                                                                              upvotes)):
                            upvotes = counted
                            owed_upvotes.update(groups)
                        unread = unread_upvotes = False
                    if group:
                        self._to_phones(workshop_id, group,
                                        reading if group in owed else None,
                                        upvotes if group in owed_upvotes else None)
                if group:
                    last_sent[group] = now
                    owed.discard(group)
                    owed_upvotes.discard(group)
            elif not waiting and not unread and not unread_upvotes \
                    and now - idle_since > IDLE_STOP:
                going_on, lease = self._stop(app, workshop_id, lease)
                if not going_on:
                    return
                idle_since = renewed = now
            socketio.sleep(tick)

    def _hand_over(self, app: Flask, workshop_id: int, votes: bool, upvotes: bool) -> None:
        """Leave to the lease's new holder what this flusher read or was told and did not send."""
        with self._lock:
            self._running.discard(workshop_id)
            noted_votes, noted_upvotes = self._take_noted(workshop_id)
        votes, upvotes = votes or noted_votes, upvotes or noted_upvotes
        queue = app.config["MESSAGE_QUEUE"]
        for counted, kept in ((True, votes), (False, upvotes)):
            if kept:
                leases.mark(queue, workshop_id, counted)

    def _flush_upvotes(self, workshop_id: int, last: dict[str, Any] | None
                       ) -> dict[str, Any] | None:
        """Question upvote counts to screens and consoles; returns them for the phones.

        None when the log has not moved since ``last`` was read: nothing new to send.
        """
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is None or last is not None and last["seq"] == workshop.last_seq:
            return None
        body = {"seq": workshop.last_seq, "counts": {
            str(k): v for k, v in questions.upvote_counts(db.session, workshop).items()}}
        socketio.emit("upvotes", body, to=rooms.facilitators(workshop_id))
        socketio.emit("upvotes", body, to=rooms.screens(workshop_id))
        return body

    def _flush(self, workshop_id: int, last: Reading | None) -> Reading | None:
        """Read the counts, send them to screens and consoles; returns them for the phones.

        None when the log has not moved since ``last``: a vote marked after the reading that
        already counted it changes nothing, and nobody hears the same tally twice.
        """
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is None or last is not None and last.tally["seq"] == workshop.last_seq:
            return None
        reading = Reading(
            tally={"seq": workshop.last_seq,
                   "counts": {str(k): v for k, v in voting.counts(db.session, workshop).items()}})
        if phases.current_phase(workshop).screen in AGENDA_SCREENS:
            # Interest marks and head-counts: public, shown live on the screen and, while
            # people move between sessions, on phones at the phones' slower rhythm.
            reading.presence = {"seq": workshop.last_seq,
                                **snapshot.presence_counts(db.session, workshop)}
        visible = phases.results_visible(workshop)
        reading.phones = visible or bool(
            reading.presence and Action.CHECKIN in phases.current_phase(workshop).allows)
        socketio.emit("tally", reading.tally, to=rooms.facilitators(workshop_id))
        if visible:
            socketio.emit("tally", reading.tally, to=rooms.screens(workshop_id))
        # Who has voted so far, results shown or not: when to close the vote.
        made = {"seq": workshop.last_seq, **voting.progress(db.session, workshop)}
        socketio.emit("progress", made, to=rooms.facilitators(workshop_id))
        socketio.emit("progress", made, to=rooms.screens(workshop_id))
        if reading.presence:
            socketio.emit("presence", reading.presence, to=rooms.facilitators(workshop_id))
            socketio.emit("presence", reading.presence, to=rooms.screens(workshop_id))
        return reading

    def _to_phones(self, workshop_id: int, group: str, reading: Reading | None,
                   upvotes: dict[str, Any] | None) -> None:
        """The latest reading to one group of phones, if what they may see allows it now.

        Whether results are shown is read again at sending: a reading taken before the
        facilitator hid them must not reach phones after.
        """
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is None:
            return
        phase = phases.current_phase(workshop)
        if reading and phases.results_visible(workshop):
            socketio.emit("tally", reading.tally, to=group)
        if reading and reading.presence and Action.CHECKIN in phase.allows:
            socketio.emit("presence", reading.presence, to=group)
        if upvotes:
            socketio.emit("upvotes", upvotes, to=group)
