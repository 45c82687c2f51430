"""The load benchmark's tool itself works: a tiny run against a live server and the baseline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

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
