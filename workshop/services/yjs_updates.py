"""Reading a Yjs update (encoding v1) without applying it: what it inserts, where, on what.

pycrdt applies updates but does not show what they hold. Reading the structs here lets the
server refuse an update (a field the document lacks, changes it builds on that the server does
not have, a document past its budget) before it touches the document, so a refusal costs no
copy. The layout is Yjs's ``writeStructs``/``writeDeleteSet`` (lib0 variable-length integers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_CLOCK = 2**32  # yrs counts a client's insertions in a u32
MAX_DEPTH = 32  # nesting of lib0 "any" values (arrays, objects) a reader follows
SPLIT_BYTES = 24  # what a block split adds to a Doc's encoding: one more struct header

# Content kinds (the low 5 bits of a struct's info byte).
GC, DELETED, JSON, BINARY, STRING, EMBED, FORMAT, TYPE, ANY, DOC, SKIP = range(11)
NAMED_TYPES = {3, 5}  # XmlElement and XmlHook carry a name
TYPE_REFS = range(7)  # Array, Map, Text, XmlElement, XmlFragment, XmlHook, XmlText

_FIXED_ANY = {124: 4, 123: 8, 122: 8}  # float32, float64, bigint64: bytes that follow


@dataclass(frozen=True)
class Struct:
    """One struct of an update: ``length`` clock units of ``client`` from ``clock``."""

    client: int
    clock: int
    length: int
    skip: bool = False  # a gap in a merged update, not an insertion
    origin: tuple[int, int] | None = None  # the unit it was typed after
    right: tuple[int, int] | None = None  # the unit it was typed before
    nested: bool = False  # a nested type, which also holds a branch


@dataclass
class Reading:
    """What an update holds."""

    size: int
    structs: list[Struct] = field(default_factory=list)
    needs: list[tuple[int, int]] = field(default_factory=list)  # ids it builds on
    roots: set[str] = field(default_factory=set)  # root types it names
    deletes: int = 0  # ranges it deletes

    def missing(self, state: dict[int, int]) -> bool:
        """Whether integrating it needs insertions that neither the update nor ``state`` has."""
        known = dict(state)
        for item in self.structs:
            if item.skip:
                continue
            if item.clock > known.get(item.client, 0):
                return True  # a gap before it in its client's insertions
            known[item.client] = max(known.get(item.client, 0), item.clock + item.length)
        return any(clock >= known.get(client, 0) for client, clock in self.needs)

    def growth(self, state: dict[int, int]) -> tuple[int, int]:
        """At most how many blocks, and bytes of encoding, it adds to a Doc at ``state``.

        Each new struct is a block, plus one for each neighbour it cuts in two: a neighbour
        is known to be cut nowhere when it starts (on the right) or ends (on the left) a
        struct of the update, or is its writer's last unit in the Doc.
        """
        new = [item for item in self.structs
               if not item.skip and item.clock + item.length > state.get(item.client, 0)]
        starts = {(item.client, item.clock) for item in new
                  if item.clock >= state.get(item.client, 0)}
        ends = {(item.client, item.clock + item.length - 1) for item in new}
        ends.update((client, clock - 1) for client, clock in state.items())
        blocks = 2 * self.deletes  # a deleted range may cut a block at each end
        for item in new:
            blocks += (1 + (item.origin is not None and item.origin not in ends)
                       + (item.right is not None and item.right not in starts) + item.nested)
        blocks += len({item.client for item in new} - set(state))  # new writers' lists
        return blocks, self.size + SPLIT_BYTES * (blocks - len(new))


class _Bytes:
    """A cursor over lib0-encoded bytes; any overrun or malformed value is a ValueError."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def uint(self) -> int:
        value = shift = 0
        while True:
            if self.at >= len(self.data) or shift > 63:
                raise ValueError("truncated or oversized integer")
            byte = self.data[self.at]
            self.at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    def skip(self, length: int) -> bytes:
        end = self.at + length
        if end > len(self.data):
            raise ValueError("truncated")
        chunk = self.data[self.at:end]
        self.at = end
        return chunk

    def string(self) -> str:
        return self.skip(self.uint()).decode("utf-8")

    def any(self, depth: int = 0) -> None:
        """Step over one lib0 "any" value."""
        if depth > MAX_DEPTH:
            raise ValueError("nested too deep")
        kind = self.skip(1)[0]
        if kind in (127, 126, 121, 120):  # undefined, null, false, true
            return
        if kind == 125:  # signed varint: the same bytes as an unsigned one
            self.uint()
        elif kind in _FIXED_ANY:
            self.skip(_FIXED_ANY[kind])
        elif kind in (119, 116):  # string, bytes
            self.skip(self.uint())
        elif kind == 118:  # object
            for _ in range(self.uint()):
                self.string()
                self.any(depth + 1)
        elif kind == 117:  # array
            for _ in range(self.uint()):
                self.any(depth + 1)
        else:
            raise ValueError(f"unknown value type {kind}")


def _content_length(data: _Bytes, kind: int) -> int:
    """Step over an item's content; its length in clock units."""
    if kind == DELETED:
        return data.uint()
    if kind == JSON:
        count = data.uint()
        for _ in range(count):
            data.string()
        return count
    if kind == STRING:
        return len(data.string().encode("utf-16-le")) // 2  # Yjs counts UTF-16 units
    if kind == ANY:
        count = data.uint()
        for _ in range(count):
            data.any()
        return count
    if kind == BINARY:
        data.skip(data.uint())
    elif kind == EMBED:
        data.string()
    elif kind == FORMAT:
        data.string()
        data.string()
    elif kind == TYPE:
        ref = data.uint()
        if ref not in TYPE_REFS:
            raise ValueError(f"unknown type {ref}")
        if ref in NAMED_TYPES:
            data.string()
    elif kind == DOC:
        data.string()
        data.any()
    else:
        raise ValueError(f"unknown content {kind}")
    return 1


def _id(data: _Bytes) -> tuple[int, int]:
    return data.uint(), data.uint()


def _item(data: _Bytes, info: int, client: int, clock: int, reading: Reading) -> Struct:
    origin = _id(data) if info & 0x80 else None
    right = _id(data) if info & 0x40 else None
    if origin is None and right is None:
        if data.uint() == 1:
            reading.roots.add(data.string())
        else:
            reading.needs.append(_id(data))  # a nested type, by the id of its item
        if info & 0x20:
            data.string()  # the key in a map
    reading.needs.extend(i for i in (origin, right) if i is not None)
    kind = info & 0x1F
    length = _content_length(data, kind)
    return Struct(client, clock, length, origin=origin, right=right, nested=kind == TYPE)


def _structs(data: _Bytes, reading: Reading) -> None:
    for _ in range(data.uint()):
        count, client, clock = data.uint(), data.uint(), data.uint()
        for _ in range(count):
            info = data.skip(1)[0]
            kind = info & 0x1F
            if kind in (GC, SKIP):
                item = Struct(client, clock, data.uint(), skip=kind == SKIP)
            else:
                item = _item(data, info, client, clock, reading)
            # No lower bound: yrs writes the second half of a split UTF-16 pair as "".
            if clock + item.length > MAX_CLOCK:
                raise ValueError("clock out of range")
            reading.structs.append(item)
            clock += item.length


def read(update: bytes) -> Reading:
    """What ``update`` holds; ValueError if it is not a whole Yjs v1 update."""
    data = _Bytes(update)
    reading = Reading(len(update))
    _structs(data, reading)
    for _ in range(data.uint()):
        data.uint()  # client
        for _ in range(data.uint()):
            clock, length = data.uint(), data.uint()
            if clock + length > MAX_CLOCK:
                raise ValueError("clock out of range")
            reading.deletes += 1
    if data.at != len(update):
        raise ValueError("bytes after the update")
    return reading


def state_of(vector: bytes) -> dict[int, int]:
    """A state vector (``Doc.get_state()``) as {client: next clock}."""
    data = _Bytes(vector)
    state = {}
    for _ in range(data.uint()):
        client = data.uint()
        state[client] = data.uint()
    return state


def encode_state(state: dict[int, int]) -> bytes:
    """{client: next clock} as a state vector, the argument of ``Doc.get_update``."""
    return _uint(len(state)) + b"".join(_uint(client) + _uint(clock)
                                        for client, clock in state.items())


def first_section(update: bytes) -> int:
    """How many structs the first client of ``update`` has (0 if it has none)."""
    data = _Bytes(update)
    return data.uint() and data.uint()


def count_blocks(update: bytes) -> int:
    """How many structs ``update`` holds, walking them all (see ``document_store.weigh``)."""
    return sum(1 for item in read(update).structs if not item.skip)


def _uint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)
