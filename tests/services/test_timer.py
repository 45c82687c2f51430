"""The phase timer: the server keeps the end instant, so every screen shows the same countdown."""

from __future__ import annotations

import pytest

from workshop.errors import Invalid, NotAllowedNow
from workshop.extensions import db
from workshop.services import timer

NOW = 1_800_000_000.0  # a fixed instant, in seconds since the epoch


class Clock:
    """Stands in for the ``time`` module inside the timer service: time moves only when told."""

    def __init__(self) -> None:
        self.now = NOW

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(timer, "time", fake)
    return fake


def start(room, seconds=None):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        return timer.start(session, room.workshop, seconds, room.facilitator, None)


def pause(room):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        return timer.pause(session, room.workshop, room.facilitator, None)


def extend(room, seconds):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        return timer.extend(session, room.workshop, seconds, room.facilitator, None)


def shown(room) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return timer.view(room.workshop)


def test_does_a_phase_open_with_its_suggested_duration_stopped(room, clock):
    room.move_to("marketplace")

    assert shown(room) == {"running": False, "duration": 1200, "ends_at": None,
                           "remaining": 1200}


def test_does_starting_fix_the_end_instant_in_milliseconds(room, clock):
    change = start(room, 600)

    expected = {"running": True, "duration": 600, "ends_at": int((NOW + 600) * 1000),
                "remaining": 600.0}
    assert change.result == {"timer": expected}
    assert shown(room) == expected
    assert change.timer is True


def test_do_two_readers_at_different_moments_see_the_same_end_instant(room, clock):
    start(room, 300)
    first = shown(room)
    clock.now += 42.5
    later = shown(room)

    assert first["ends_at"] == later["ends_at"]
    assert (first["remaining"], later["remaining"]) == (300.0, 257.5)


def test_does_starting_without_seconds_run_the_phases_suggested_duration(room, clock):
    room.move_to("convergence")

    start(room)

    assert shown(room)["ends_at"] == int((NOW + 15 * 60) * 1000)  # Convergence: 15 minutes


def test_does_pausing_keep_what_remains_and_resuming_continue_from_there(room, clock):
    start(room, 600)
    clock.now += 100
    paused = pause(room).result["timer"]
    clock.now += 1000  # a long pause costs nothing
    start(room)

    assert paused == {"running": False, "duration": 600, "ends_at": None, "remaining": 500.0}
    assert shown(room)["ends_at"] == int((NOW + 1100 + 500) * 1000)


def test_is_pausing_a_stopped_timer_refused_and_harmless(room, clock):
    room.refuses(NotAllowedNow, lambda: pause(room))


def test_does_extending_a_running_timer_move_its_end(room, clock):
    start(room, 600)

    extend(room, 120)

    assert shown(room)["ends_at"] == int((NOW + 720) * 1000)
    assert shown(room)["duration"] == 720


def test_does_shortening_past_now_end_the_countdown_rather_than_go_negative(room, clock):
    start(room, 60)
    clock.now += 30

    extend(room, -600)

    assert shown(room)["ends_at"] == int((NOW + 30) * 1000)
    assert shown(room)["remaining"] == 0


def test_can_the_facilitator_add_a_minute_to_a_timer_that_ran_out(room, clock):
    start(room, 60)
    clock.now += 300  # the countdown reached zero four minutes ago

    extend(room, 60)

    assert shown(room)["ends_at"] == int((NOW + 300 + 60) * 1000)
    assert shown(room)["remaining"] == 60


def test_does_extending_a_paused_timer_add_to_what_remains(room, clock):
    start(room, 600)
    pause(room)

    extend(room, 60)
    after_more = shown(room)["remaining"]
    extend(room, -6000)

    assert after_more == 660.0
    assert shown(room)["remaining"] == 0


def test_does_a_timer_past_its_end_show_nothing_remaining(room, clock):
    start(room, 60)
    clock.now += 3600

    assert shown(room)["remaining"] == 0


def test_does_a_phase_change_stop_the_timer(room, clock):
    start(room, 60)

    room.move_to("marketplace")

    assert shown(room)["running"] is False


def test_is_starting_a_phase_without_a_suggested_duration_refused_without_seconds(room, clock):
    room.move_to("closing")  # "When it's over, it's over": no suggested duration
    refusal = room.refuses(Invalid, lambda: start(room))

    assert list(refusal.fields) == ["seconds"]


@pytest.mark.parametrize(
    "seconds", ["600", 60.5, True, 0, -60, 6 * 3600 + 1, [60]],
    ids=["text", "fraction", "boolean", "zero", "negative", "over-6-hours", "list"],
)
def test_is_a_bad_duration_refused_and_harmless(room, clock, seconds):
    refusal = room.refuses(Invalid, lambda: start(room, seconds))

    assert list(refusal.fields) == ["seconds"]


@pytest.mark.parametrize("seconds", ["60", None, False, 1.5, 6 * 3600 + 1, -6 * 3600 - 1])
def test_is_a_bad_extension_refused_and_harmless(room, clock, seconds):
    start(room, 600)
    room.refuses(Invalid, lambda: extend(room, seconds))


def test_is_six_hours_the_longest_a_timer_may_run(room, clock):
    start(room, 6 * 3600)

    assert shown(room)["duration"] == 6 * 3600


def test_can_the_timer_start_on_the_first_phase_with_its_suggested_duration(
    make_facilitator, make_workshop
):
    workshop = make_workshop(make_facilitator())
    with db.unit_of_work() as session:
        change = timer.start(session, workshop, None, "f:1", "first-phase")
    assert change.result["timer"]["running"] is True
    assert change.result["timer"]["duration"] == 10 * 60  # Open Space's opening: 10 minutes
