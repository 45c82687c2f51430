"""The report pool (bounded, with a small queue) and the cache of syntheses by state."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import date

import pytest
from flask_babel import force_locale

from tests.conftest import french
from tests.exports.synthetic import make_synthesis
from tests.realtime.conftest import wait_until
from workshop.errors import Busy
from workshop.exports.aside import Pool, Syntheses
from workshop.exports.model import Synthesis

BUSY = "Atelier is preparing other reports right now. Try again in %(seconds)d s."


def occupy(pool: Pool, name: str, started: list[str], release: threading.Event
           ) -> threading.Thread:
    """A report that takes its turn in ``pool`` and holds it until ``release``."""

    def report() -> None:
        with pool.turn():
            started.append(name)
            release.wait(timeout=30)

    thread = threading.Thread(target=report)
    thread.start()
    return thread


def test_does_the_pool_queue_one_report_and_turn_the_next_away(app) -> None:  # type: ignore[no-untyped-def]
    pool, started, release = Pool(processes=1, queue=1), [], threading.Event()
    first = occupy(pool, "first", started, release)
    wait_until(lambda: started == ["first"], "the first report to start")
    second = occupy(pool, "second", started, release)
    wait_until(lambda: pool.waiting == 1, "the second report to wait its turn")

    with pytest.raises(Busy) as refused, pool.turn():
        started.append("third")
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)

    assert started == ["first", "second"]  # the queued one ran once the first was done
    assert refused.value.status == 503
    assert refused.value.retry_after >= 1
    with pool.turn():  # room again
        started.append("fourth")
    assert started[-1] == "fourth"


def test_does_the_pool_never_run_more_reports_than_its_processes(app) -> None:  # type: ignore[no-untyped-def]
    pool, release = Pool(processes=2, queue=3), threading.Event()
    running, most, lock = [0], [0], threading.Lock()

    def report() -> None:
        with pool.turn():
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            release.wait(timeout=30)
            with lock:
                running[0] -= 1

    threads = [threading.Thread(target=report) for _ in range(5)]
    for thread in threads:
        thread.start()
    wait_until(lambda: pool.waiting == 3, "three reports to wait their turn")
    release.set()
    for thread in threads:
        thread.join(timeout=30)

    assert most[0] == 2


def test_does_the_busy_answer_say_when_to_come_back_in_french(app) -> None:  # type: ignore[no-untyped-def]
    with force_locale("fr"):
        message = Busy(12.2).message

    assert message == french(BUSY) % {"seconds": 13}
    assert Busy(0.1).retry_after == 1


STATE = (7, 0, 0, date(2025, 3, 14))


def counting(built: list[Synthesis]):  # type: ignore[no-untyped-def]
    def build() -> Synthesis:
        built.append(make_synthesis(people=4, items=3, votes=6))
        return built[-1]

    return build


def test_is_a_synthesis_built_once_per_state_of_its_workshop(app) -> None:  # type: ignore[no-untyped-def]
    syntheses, built = Syntheses(), []
    first = syntheses.get(1, STATE, counting(built))
    again = syntheses.get(1, STATE, counting(built))
    changed = syntheses.get(1, (8, *STATE[1:]), counting(built))

    assert again is first
    assert len(built) == 2 and changed is built[1]


def test_do_requests_made_during_a_build_get_that_build_not_another(app) -> None:  # type: ignore[no-untyped-def]
    syntheses, built, answers = Syntheses(), [], []
    building, finish = threading.Event(), threading.Event()

    def slow() -> Synthesis:
        building.set()
        finish.wait(timeout=30)
        return counting(built)()

    leader = threading.Thread(target=lambda: answers.append(syntheses.get(1, STATE, slow)))
    leader.start()
    building.wait(timeout=30)
    follower = threading.Thread(
        target=lambda: answers.append(syntheses.get(1, STATE, counting(built))))
    follower.start()
    finish.set()
    for thread in (leader, follower):
        thread.join(timeout=30)

    assert len(built) == 1
    assert answers[0] is answers[1]


def test_is_a_failed_build_not_kept(app) -> None:  # type: ignore[no-untyped-def]
    syntheses, built = Syntheses(), []

    def failing() -> Synthesis:
        raise Busy(5)

    with pytest.raises(Busy):
        syntheses.get(1, STATE, failing)
    syntheses.get(1, STATE, counting(built))

    assert len(built) == 1


def test_are_only_the_last_workshops_syntheses_kept(app) -> None:  # type: ignore[no-untyped-def]
    syntheses, built = Syntheses(size=2), []
    for workshop_id in (1, 2, 3):
        syntheses.get(workshop_id, STATE, counting(built))
    syntheses.get(3, STATE, counting(built))
    syntheses.get(1, STATE, counting(built))

    assert len(built) == 4  # the first one had been let go; the third was still there


@pytest.mark.live
def test_does_the_report_worker_answer_each_job_and_keep_going(instance, make_facilitator,
                                                              make_workshop) -> None:  # type: ignore[no-untyped-def]
    """The live server's worker: one JSON line in, one out; a failed job does not end it."""
    workshop = make_workshop(make_facilitator(), title="Worker day")
    out = instance / "report.md"
    jobs = [{"kind": "md", "workshop": 999_999, "out": str(out)},
            {"kind": "md", "workshop": workshop.id, "out": str(out)}]
    done = subprocess.run(
        [sys.executable, "-m", "workshop", "export-worker"], capture_output=True, text=True,
        input="".join(json.dumps(job) + "\n" for job in jobs), timeout=120,
        env={**os.environ, "WORKSHOP_INSTANCE_PATH": str(instance)}, check=False,
    )

    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["ok"] is False and "999999" in first["error"]
    assert second == {"ok": True}
    assert "Worker day" in out.read_text(encoding="utf-8")
    assert done.returncode == 0  # its input closed: it ended
