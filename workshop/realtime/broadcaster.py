"""Fan-out after commit: state diffs at once; vote tallies coalesced (realtime/tallying.py).

Every message goes through ``socketio.emit``, so with a message queue it reaches the clients
of every instance.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app
from flask_babel import force_locale, gettext, ngettext
from pycrdt import create_awareness_message, create_update_message

from ..extensions import db, socketio, this_app
from ..models import Participant, Workshop
from ..roles import Role
from ..services import (
    agenda,
    commitments,
    documents,
    phases,
    questions,
    seating,
    snapshot,
    voting,
)
from ..services.changes import Change, Ended
from . import rooms
from .closing import closer
from .reacting import ReactionFanout
from .tallying import TallyFanout

log = logging.getLogger(__name__)

DOCUMENT_INTERVAL = 1.0  # at most one document view a second to facilitators and screens
PHONE_DOCUMENT_INTERVAL = 5.0  # public documents' texts to phones, batched


def heard(workshop_id: int) -> bool:
    """Whether a broadcast about the workshop can reach anyone.

    With a message queue, other instances may hold its clients: always. Without, only if this
    process has a socket in the workshop's room (a CLI process never has).
    """
    manager = socketio.server.manager
    if current_app.config.get("MESSAGE_QUEUE"):
        return True
    return rooms.everyone(workshop_id) in manager.rooms.get("/", {})


class Broadcaster:
    def __init__(self) -> None:
        self.tallies = TallyFanout()
        self.reactions = ReactionFanout()
        self.documents = DocumentFanout()

    def publish(self, change: Change, origin: str | None = None) -> None:
        """Send what ``change`` made visible; called after the commit, in an app context.

        ``origin`` is the socket that made the change: co-writing updates are not echoed to it.
        """
        if change.ended:
            closer.close(this_app(), self._ended_rooms(change))
        if change.workshop_id is None:
            return
        if change == Change(change.workshop_id, change.seq, change.result,
                            ended=change.ended):
            return  # nothing anyone sees changed (an echoed update, a retry)
        if not heard(change.workshop_id):
            return  # nobody has the workshop open (the CLI, the demo, a closed workshop)
        if change.seq and change.tally and change == Change(
                change.workshop_id, change.seq, change.result, tally=True):
            # A vote's change, the most frequent by far: it only wakes the tally flusher.
            self.tally_changed(change.workshop_id)
            return
        if change.question_votes and change == Change(
                change.workshop_id, change.seq, change.result, question_votes=True):
            # An upvote: counts go out coalesced with the tallies, never one message per upvote.
            self.upvotes_changed(change.workshop_id)
            return
        if change.documents or change.document_updates:
            self._relay_documents(change.workshop_id, change, origin)
            if change == Change(change.workshop_id, change.seq, change.result,
                                documents=change.documents,
                                document_updates=change.document_updates):
                return  # a keystroke's change, the most frequent while writing
        workshop = db.session.get(Workshop, change.workshop_id)
        if workshop is None:
            return
        session = db.session
        if not change.seq:  # changes made over HTTP: the log's latest seq covers them
            change.seq = session.scalar(
                sa.select(Workshop.last_seq).where(Workshop.id == workshop.id)
            ) or 0
        # One message per audience per change: clients apply a seq once, so every piece of
        # a change travels together.
        staff: dict[str, Any] = {}  # facilitators and screens
        everyone: dict[str, Any] = {}
        phones: dict[str, Any] = {}
        facilitators: dict[str, Any] = {}
        if change.agenda:
            everyone["agenda"] = agenda.view(session, workshop)
        if change.phase:
            everyone["phase"] = snapshot.phase_view(workshop)
            everyone["settings"] = snapshot.settings_view(workshop)
            if phases.current_phase(workshop).documents:
                # What was written in the phase before shows in this one's list of documents
                # (consoles and screens have the documents already, fields and all).
                phones["documents"] = {"upsert": public_documents(session, workshop)}
        if change.timer:
            everyone["timer"] = snapshot.timer_view(workshop)
        if change.phase or change.seating:
            staff["seating"] = seating.tables_view(session, workshop)
            if change.seating or seating.current(workshop) is not None:
                everyone["resync"] = True  # each phone's seat is its own: it asks with sync
        if change.topics:
            full = snapshot.topic_views(session, workshop, Role.FACILITATOR, change.topics)
            facilitators["topics"] = {"upsert": full, "remove": []}
            public = snapshot.topic_views(session, workshop, Role.SCREEN, change.topics)
            shown = {t["id"] for t in public}
            everyone["topics"] = {"upsert": public, "remove": sorted(change.topics - shown)}
        if change.people:
            staff["participants"] = snapshot.people_view(session, workshop)
            present = {pid: session.get(Participant, pid) for pid in sorted(change.people)}
            facilitators["people"] = {
                "upsert": [snapshot.person_view(p) for p in present.values() if p is not None],
                "remove": [pid for pid, p in present.items() if p is None],  # erased
            }
        if change.commitments:
            listed = commitments.views(session, workshop, change.commitments)
            everyone["commitments"] = {
                "upsert": listed,
                "remove": sorted(change.commitments - {c["id"] for c in listed})}
        if change.questions:
            facilitators["questions"] = {
                "upsert": questions.views(session, workshop, Role.FACILITATOR, change.questions),
                "remove": []}
            public = questions.views(session, workshop, Role.SCREEN, change.questions)
            everyone["questions"] = {
                "upsert": public, "remove": sorted(change.questions - {q["id"] for q in public})}
        seq = {"seq": change.seq}
        if everyone or staff or facilitators:
            socketio.emit("state", {**seq, **everyone, **staff, **facilitators},
                          to=rooms.facilitators(workshop.id))
        if everyone or staff:
            socketio.emit("state", {**seq, **everyone, **staff}, to=rooms.screens(workshop.id))
        if everyone or phones:
            socketio.emit("state", {**seq, **everyone, **phones}, to=rooms.phones(workshop.id))
        for participant_id, notice in change.notices.items():
            self._notify(session, workshop, participant_id, notice, change.seq)
        if change.tally:
            self.tally_changed(workshop.id)
        if change.question_votes:
            self.upvotes_changed(workshop.id)

    def _notify(self, session: Any, workshop: Workshop, participant_id: int,
                notice: dict[str, Any], seq: int) -> None:
        participant = session.get(Participant, participant_id)
        if participant is None:
            return
        with force_locale(participant.locale or workshop.language):
            message = notice_text(notice)
        socketio.emit("notice", {
            **notice, "seq": seq, "message": message,
            "votes_left": voting.votes_left(session, workshop, participant),
            "my_votes": {str(k): v for k, v in
                         voting.my_votes(session, workshop, participant).items()},
        }, to=rooms.participant(workshop.id, participant_id))

    @staticmethod
    def _ended_rooms(change: Change) -> dict[str, str]:
        """The rooms whose sockets lose their right, each with the reason they are told."""
        workshop = change.workshop_id
        found: dict[str, str] = {}
        for ended, ident in change.ended:
            if ended is Ended.SIGN_IN:
                found[rooms.sign_in(ident)] = ended.value
            elif ended is Ended.API_TOKEN:
                found[rooms.api_token(ident)] = ended.value
            elif ended is Ended.PARTICIPANT and workshop is not None:
                found[rooms.participant(workshop, ident)] = ended.value
            elif ended is Ended.SCREEN_LINK:
                found[rooms.screens(ident)] = ended.value
            elif ended is Ended.WORKSHOP:
                found[rooms.everyone(ident)] = ended.value
            elif ended is Ended.ARCHIVED:
                found[rooms.phones(ident)] = found[rooms.screens(ident)] = ended.value
            elif ended is Ended.TEAM and workshop is not None:
                found[rooms.team_member(workshop, ident)] = ended.value
            elif ended is Ended.ACCOUNT:
                found[rooms.account(ident)] = ended.value
        return found

    # --- co-written documents ---------------------------------------------------------

    def _relay_documents(self, workshop_id: int, change: Change, origin: str | None) -> None:
        for key, update in change.document_updates.items():
            socketio.emit("doc.sync", {"key": key, "m": create_update_message(update)},
                          to=rooms.document(workshop_id, key), skip_sid=origin)
        for key in change.documents:
            self.documents.touched(workshop_id, key)

    def awareness(self, workshop_id: int, key: str, update: bytes, origin: str | None) -> None:
        """Relay "who is editing" in a document to its other readers; never stored."""
        socketio.emit("doc.sync", {"key": key, "m": create_awareness_message(update)},
                      to=rooms.document(workshop_id, key), skip_sid=origin)

    # --- coalesced tallies: realtime/tallying.py --------------------------------------

    def tally_changed(self, workshop_id: int) -> None:
        self.tallies.changed(workshop_id)

    def upvotes_changed(self, workshop_id: int) -> None:
        self.tallies.changed(workshop_id, votes=False)


class DocumentFanout:
    """Sends a written document's view to facilitators and screens, at most once a second.

    Documents don't take a seq: the message carries the log's latest, like a tally.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[tuple[int, str]] = set()
        self._dirty: set[tuple[int, str]] = set()
        self._for_phones: dict[int, set[str]] = {}  # workshop → documents written since

    def touched(self, workshop_id: int, key: str) -> None:
        item = (workshop_id, key)
        app = this_app()
        with self._lock:
            waiting = self._for_phones.get(workshop_id)
            self._for_phones.setdefault(workshop_id, set()).add(key)
            if waiting is None:
                socketio.start_background_task(self._phone_flusher, app, workshop_id)
            if item in self._running:
                self._dirty.add(item)
                return
            self._running.add(item)
        socketio.start_background_task(self._flusher, app, item)

    def _phone_flusher(self, app: Flask, workshop_id: int) -> None:
        """Every few seconds, what was written in public documents, to every phone at once.

        Phones show previews of the reports, notes and propositions: one message a few
        seconds for all documents written meanwhile, not one per document per second.
        """
        socketio.sleep(PHONE_DOCUMENT_INTERVAL)
        with self._lock:
            keys = self._for_phones.pop(workshop_id, set())
        try:
            with app.app_context():
                workshop = db.session.get(Workshop, workshop_id)
                if workshop is not None and keys:
                    shown = public_documents(db.session, workshop, keys)
                    if shown:
                        socketio.emit("state", {"seq": workshop.last_seq,
                                                "documents": {"upsert": shown}},
                                      to=rooms.phones(workshop_id))
        except Exception:
            log.exception("could not send the documents' previews to phones")

    def _flusher(self, app: Flask, item: tuple[int, str]) -> None:
        while True:
            try:
                with app.app_context():
                    self._send(*item)
            except Exception:
                log.exception("could not send a document view")
            socketio.sleep(DOCUMENT_INTERVAL)
            with self._lock:
                if item not in self._dirty:
                    self._running.discard(item)
                    return
                self._dirty.discard(item)

    def _send(self, workshop_id: int, key: str) -> None:
        session = db.session
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            return
        for role, room in ((Role.FACILITATOR, rooms.facilitators(workshop_id)),
                           (Role.SCREEN, rooms.screens(workshop_id))):
            with force_locale(workshop.language):  # titles such as "Table 3", as the screen's
                shown = documents.views(session, workshop, role, None, {key})
            if shown:
                socketio.emit("state", {"seq": workshop.last_seq,
                                        "documents": {"upsert": shown}}, to=room)


def notice_text(notice: dict[str, Any]) -> str:
    """What a participant is told of a change to their own things, in the current language."""
    count = int(notice.get("count", 0))
    if notice.get("code") == "topic_merged":
        said: str = gettext("Your topic “%(title)s” now joins “%(into)s”: your votes and the "
                            "others' went with it.", title=notice["title"], into=notice["into"])
        if count:
            said += " " + ngettext("%(num)d of your votes was returned.",
                                   "%(num)d of your votes were returned.", count)
        return said
    if notice.get("code") == "topic_approved":
        approved: str = gettext("The facilitator approved “%(title)s”: everyone can see it now.",
                                title=notice["title"])
        return approved
    if notice.get("code") == "topic_rejected":
        kept_out: str = gettext("The facilitator did not put “%(title)s” on the wall.",
                                title=notice["title"])
        return kept_out
    if notice.get("code") == "question_approved":
        asked: str = gettext("The facilitator approved your question “%(title)s”: the room "
                             "can see it and upvote it now.", title=notice["title"])
        return asked
    if notice.get("code") == "question_rejected":
        unasked: str = gettext("The facilitator did not put your question “%(title)s” to "
                               "the room.", title=notice["title"])
        return unasked
    rules: str = ngettext(
        "The facilitator changed the voting rules: %(num)d of your votes was returned.",
        "The facilitator changed the voting rules: %(num)d of your votes were returned.", count)
    return rules


def public_documents(session: Any, workshop: Workshop,
                     keys: set[str] | None = None) -> list[dict[str, Any]]:
    """The documents every participant may read (reports, notes, propositions), for phones.

    Their texts; the fields stay out, since a phone reads them from the document itself.
    """
    with force_locale(workshop.language):
        views = documents.views(session, workshop, Role.PARTICIPANT, None, keys)
    return [{k: v for k, v in view.items() if k != "fields"} for view in views]


broadcaster = Broadcaster()
