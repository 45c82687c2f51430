"""Co-writing over Socket.IO: y-protocol sync and awareness messages as binary events.

``doc.open`` joins a document's room, ``doc.sync`` carries one y-protocol message (sync step
1, step 2 or update; or awareness), ``doc.close`` leaves. Updates are stored before they are
acknowledged and relayed; awareness ("who is editing") is relayed, never stored.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l
from flask_socketio import join_room, leave_room
from pycrdt import (
    Decoder,
    YMessageType,
    YSyncMessageType,
    write_message,
    write_var_uint,
)
from sqlalchemy.exc import IntegrityError

from ..errors import Forbidden, Invalid
from ..extensions import db, socket_id, socketio
from ..models import Facilitator, Participant
from ..ratelimit import limits
from ..roles import Role
from ..services import documents
from ..services.changes import Change
from . import commands, connection, rooms
from .broadcaster import broadcaster
from .connection import Client
from .context import Answer, answered, current_client, limit_key, load, payload_of

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = documents.MAX_UPDATE_BYTES + 16  # an update and its y-protocol header
MAX_AWARENESS_BYTES = 4096
MAX_AWARE_CLIENTS = 4  # Yjs client ids one socket may speak for in one document (tabs, reloads)
# A CSS color the client picked: #hex, rgb() or hsl() (set through CSSOM, never as markup).
COLOR_RE = re.compile(r"#[0-9a-fA-F]{3,8}|(?:rgb|hsl)a?\([0-9.,% /deg]{1,40}\)")
SYNC_KINDS = frozenset(int(kind) for kind in YSyncMessageType)


def _key(payload: dict[str, Any]) -> str:
    key = payload.get("key")
    if not isinstance(key, str):
        raise Invalid(fields={"key": [_l("Must be a document key such as “report:12”.")]})
    return key


def _event(handle: Callable[[Client, dict[str, Any]], Answer]) -> Callable[..., Answer]:
    """Wrap a handler: counted against the document allowance, always answered."""

    @answered
    def run(data: Any = None) -> Answer:
        client = current_client()
        limits().hit("document", limit_key(client))
        return handle(client, payload_of(data))

    run.__name__ = handle.__name__
    return run


# --- y-protocol messages -------------------------------------------------------------------


def _sync_message(kind: int, payload: bytes) -> bytes:
    return bytes([YMessageType.SYNC, kind]) + write_message(payload)


def _parse(message: Any) -> tuple[int, bytes]:
    """(message kind, payload): SYNC_STEP1/SYNC_STEP2/SYNC_UPDATE, or -1 for awareness."""
    bad = Invalid(fields={"m": [_l("This is not a y-protocol message.")]})
    if not isinstance(message, bytes | bytearray) or not message:
        raise bad
    message = bytes(message)
    if len(message) > MAX_MESSAGE_BYTES:
        raise Invalid(fields={"m": [_l("Send at most %(n)d kB at a time.",
                                       n=documents.MAX_UPDATE_BYTES // 1024)]})
    try:
        if message[0] == YMessageType.SYNC and message[1] in SYNC_KINDS:
            payload = Decoder(message[2:]).read_message()
            kind = message[1]
        elif message[0] == YMessageType.AWARENESS:
            payload = Decoder(message[1:]).read_message()
            kind = -1
        else:
            raise bad
    except (IndexError, RuntimeError):
        raise bad from None
    if payload is None:
        raise bad
    return kind, payload


def _awareness(update: bytes, name: str, fields: tuple[str, ...]
               ) -> tuple[bytes, dict[int, int]]:
    """Re-encode an awareness update keeping only ``{user: {name, color}, field}``.

    The name is the one the server knows, so nobody can appear as someone else.
    Returns the update and the {client id: clock} it carries.
    """
    bad = Invalid(fields={"m": [_l("This is not an awareness update.")]})
    if len(update) > MAX_AWARENESS_BYTES:
        raise bad
    decoder = Decoder(update)
    out, clocks = [], {}
    try:
        for _ in range(decoder.read_var_uint()):
            client, clock = decoder.read_var_uint(), decoder.read_var_uint()
            state = json.loads(decoder.read_var_string() or "null")
            if state is not None:
                if not isinstance(state, dict):
                    raise bad
                user = state.get("user")
                color = user.get("color") if isinstance(user, dict) else None
                field = state.get("field")
                state = {"user": {"name": name,
                                  "color": color if isinstance(color, str)
                                  and COLOR_RE.fullmatch(color) else None},
                         "field": field if field in fields else None}
            body = json.dumps(state, ensure_ascii=False).encode()
            out.append(write_var_uint(client) + write_var_uint(clock) + write_message(body))
            clocks[client] = clock
    except (IndexError, RuntimeError, ValueError, UnicodeDecodeError):
        raise bad from None
    if len(clocks) > MAX_AWARE_CLIENTS:
        raise bad
    return write_var_uint(len(out)) + b"".join(out), clocks


Document = tuple[int, str]  # (workshop id, document key)


class Presence:
    """The awareness clients each socket spoke for, to say they left when the socket does."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # sid → (workshop id, document key) → {Yjs client id: clock}
        self._clients: dict[str, dict[Document, dict[int, int]]] = {}

    def note(self, sid: str, where: Document, clocks: dict[int, int]) -> None:
        with self._lock:
            known = self._clients.setdefault(sid, {}).setdefault(where, {})
            if len(set(known) | set(clocks)) > MAX_AWARE_CLIENTS:
                raise Invalid(fields={"m": [_l("This is not an awareness update.")]})
            known.update(clocks)

    def leave(self, sid: str, where: Document | None = None) -> None:
        """Tell ``where`` (or every document of ``sid``) that its clients are gone."""
        with self._lock:
            held = self._clients.get(sid, {})
            gone = {where: held.pop(where, {})} if where else held
            if not held or where is None:
                self._clients.pop(sid, None)
        for (workshop_id, key), clocks in gone.items():
            if clocks:
                removal = write_var_uint(len(clocks)) + b"".join(
                    write_var_uint(client) + write_var_uint(clock + 1) + write_message(b"null")
                    for client, clock in clocks.items())
                broadcaster.awareness(workshop_id, key, removal, None)


presence = Presence()


def _on_disconnect(sid: str) -> None:
    try:
        presence.leave(sid)
    except Exception:
        log.exception("could not clear the presence of a closed socket")


connection.disconnect_hooks.append(_on_disconnect)


# --- events ----------------------------------------------------------------------------------


def _open(client: Client, payload: dict[str, Any]) -> Answer:
    session = db.session
    workshop, participant = load(session, client)
    described = documents.describe(session, workshop, _key(payload), client.role, participant)
    join_room(rooms.document(workshop.id, described["key"]))
    return {"ok": True, "doc": described}


def _close(client: Client, payload: dict[str, Any]) -> Answer:
    key = _key(payload)
    presence.leave(socket_id(), (client.workshop_id, key))
    leave_room(rooms.document(client.workshop_id, key))
    return {"ok": True}


def _write(client: Client, key: str, update: bytes) -> None:
    """Store an update and relay it (once more if two first writers raced to create it)."""

    def work(session: so.Session) -> Change:
        workshop, participant = load(session, client)
        return documents.apply_update(session, workshop, key, update, client.role, participant)

    for attempt in (1, 2):
        try:
            commands.execute(work, origin=socket_id())
            return
        except IntegrityError:
            if attempt == 2:
                raise


def _sync(client: Client, payload: dict[str, Any]) -> Answer:
    key = _key(payload)
    kind, body = _parse(payload.get("m"))
    if kind == YSyncMessageType.SYNC_STEP1:
        session = db.session
        workshop, participant = load(session, client)
        missing, state = documents.sync_reply(session, workshop, key, client.role, participant,
                                              body)
        return {"ok": True, "m": [_sync_message(YSyncMessageType.SYNC_STEP2, missing),
                                  _sync_message(YSyncMessageType.SYNC_STEP1, state)]}
    if kind in (YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE):
        _write(client, key, body)
        return {"ok": True}
    session = db.session
    workshop, participant = load(session, client)
    if client.role == Role.SCREEN:
        raise Forbidden(_l("The screen only shows documents."))
    address = documents.check_read(session, workshop, key, client.role, participant)
    update, clocks = _awareness(body, _name(session, client, participant),
                                address.spec.names)
    sid = socket_id()
    presence.note(sid, (workshop.id, key), clocks)
    broadcaster.awareness(workshop.id, key, update, sid)
    return {"ok": True}


def _name(session: so.Session, client: Client, participant: Participant | None) -> str:
    if participant is not None:
        return participant.display_name
    facilitator = session.get(Facilitator, client.facilitator_id)
    return facilitator.display_name if facilitator else ""


socketio.on_event("doc.open", _event(_open))
socketio.on_event("doc.sync", _event(_sync))
socketio.on_event("doc.close", _event(_close))
