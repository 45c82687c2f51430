"""The load benchmark's tool itself works: a tiny run against a live server and the baseline."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci import unavailable
from tests.scale.servers import postgres_bin

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.live
def test_does_a_tiny_load_run_store_every_acknowledged_vote_once(tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--ramps", "10,20", "--duration",
         "1", "--rate", "50", "--topics", "5", "--modes", "gevent", "--workers", "1",
         "--no-pin", "--out", str(out)],
        cwd=ROOT, check=True, capture_output=True, timeout=120,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["settings"]["ramps"] == [10, 20]
    assert result["loadavg_at_start"]
    for name in ("atelier-gevent", "bare-gevent"):
        run = result["runs"][name]
        assert [r["phones"] for r in run["ramps"]] == [10, 20]
        for ramp in run["ramps"]:
            assert ramp["connected"] == ramp["phones"]
            assert ramp["connect_failures"] == 0
            assert ramp["votes_sent"] == 50
            assert ramp["outcomes"] == {"ok": 50}
            assert ramp["screen_never_showed"] == 0
            assert ramp["ack_ms"]["p95"] is not None
        assert run["totals"]["acknowledged"] == 100
        assert run["totals"]["stored"] == 100
        assert run["totals"]["lost"] == run["totals"]["extra"] == 0
        assert run["totals"]["doubled_client_ids"] == 0
    assert result["runs"]["atelier-gevent"]["totals"]["vote_events"] == 100
    assert "gevent" in result["ours_vs_bare"]


@pytest.mark.live
def test_do_phones_hear_tallies_only_while_results_are_shown_with_or_without_redis_and_upvotes(
    tmp_path: Path,
) -> None:
    """Also with two instances on PostgreSQL and Redis, whose sessions are sampled."""
    if shutil.which("redis-server") is None:
        unavailable("redis-server is not installed (apt-get install redis-server)")
    if postgres_bin() is None:
        unavailable("PostgreSQL is not installed (apt-get install postgresql)")
    out = tmp_path / "load.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--ramps", "20", "--duration", "2",
         "--rate", "25", "--topics", "5", "--modes", "gevent", "--workers", "1", "--no-pin",
         "--servers", "atelier,atelier+redis,atelier*2,bare", "--results", "shown,hidden",
         "--upvote-share", "0.2", "--out", str(out)],
        cwd=ROOT, check=True, capture_output=True, timeout=300,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    for server in ("atelier", "atelier+redis", "atelier*2", "bare"):
        shown = result["runs"][f"{server}-gevent"]
        hidden = result["runs"][f"{server}-gevent-hidden"]
        assert shown["ramps"][0]["phone_tallies_per_second"] > 0, server
        assert hidden["ramps"][0]["phone_tallies_per_second"] == 0, server
        for run in (shown, hidden):
            totals, ramp = run["totals"], run["ramps"][0]
            assert totals["acknowledged"] == totals["stored"], server
            assert ramp["screen_never_showed"] == 0, server
            if server == "bare":  # no questions to the room: every action is a vote
                assert totals["acknowledged"] == 50
                continue
            # one action in five upvotes a question; each is stored once and shows on screen
            assert totals["acknowledged"] == 40 and totals["upvotes_acknowledged"] == 10
            assert totals["upvotes_stored"] == 10, server
        finals = shown["totals"]["phones_final_tally"] if server != "bare" else None
        if finals:  # every phone of every group ends showing what the database holds
            assert finals["showing_the_stored_counts"] == finals["phones"] == 20, server
            assert ramp["upvote_screen_never_showed"] == 0, server
    sessions = result["runs"]["atelier*2-gevent"]["ramps"][0]["postgres_sessions"]
    assert set(sessions) == {"waiting_on_lock", "idle_in_transaction", "running"}
    assert set(result["ours_vs_bare"]) == {"gevent", "gevent-hidden"}
    assert set(result["ours_vs_revision"]) == {"atelier+redis-gevent",
                                               "atelier+redis-gevent-hidden",
                                               "atelier*2-gevent", "atelier*2-gevent-hidden"}
