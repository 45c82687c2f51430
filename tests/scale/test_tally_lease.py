"""The tally flusher's lease in a real Redis: one holder, and a lapsed lease never kills sending."""

from __future__ import annotations

import redis

from tests.scale.servers import Redis
from workshop.realtime.tallying import Leases


def test_is_a_lease_held_once_and_a_lapsed_one_taken_back_or_left_to_its_new_holder(
    redis_server: Redis,
) -> None:
    leases, queue = Leases(), redis_server.url
    first = leases.take(queue, 41)
    assert first is not None and leases.take(queue, 41) is None  # one holder at a time

    redis.Redis.from_url(queue).delete("atelier:tally:41:lease")  # lapsed: its holder stalled
    again = leases.renew(queue, 41, first)
    assert again is not None and leases.take(queue, 41) is None  # taken back, still one

    redis.Redis.from_url(queue).delete("atelier:tally:41:lease")
    other = leases.take(queue, 41)  # another instance took it meanwhile
    assert leases.renew(queue, 41, again) is None  # so this one stops, without an error
    leases.release(again)  # and letting go of what it lost is no error either
    assert leases.take(queue, 41) is None and other is not None
