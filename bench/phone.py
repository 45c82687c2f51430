"""Phone benchmark: a participant joins on Chromium's "Slow 3G", from a cold cache.

    .venv/bin/python bench/phone.py [--runs 5] [--cpu 4]

Starts `workshop serve` on a fresh migrated SQLite database, creates a World Café workshop
with the CLI and, on a 360×800 phone, measures in each run with a cold cache: the join page
(/j/<code>, what the QR code opens) until its first contentful paint and until the join form is
shown; after joining, the phone page until its first paint and until the script has rendered
the current phase; then the phone page alone, reopened on a cold cache (a participant on
another browser, or whose cache was emptied). Then, unthrottled, it lists every script the
phone page loads before a co-written document is opened, and what opening one adds.
Writes bench/results/phone.json (or --out); docs/performance.md reports the figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, Response, expect, sync_playwright  # noqa: E402

from tests.conftest import LiveServer, migrate  # noqa: E402
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    create_facilitator,
    create_workshop,
    sign_in_and_open_the_console,
)

# Chrome DevTools' "Slow 3G" preset ("3G" since DevTools 126), as in devtools-frontend
# front_end/core/sdk/NetworkManager.ts and Puppeteer's PredefinedNetworkConditions:
# ~500 kbit/s each way, 400 ms RTT applied as 5 × 400 ms of request latency.
SLOW_3G = {"offline": False, "latency": 400 * 5,
           "downloadThroughput": 500 * 1000 / 8 * 0.8, "uploadThroughput": 500 * 1000 / 8 * 0.8}
TARGET_MS = 3000
BUDGET_GZIP = 25_000
LOCALE = "en-US"
GROUP = "customer"

# Run in each document before its own scripts: when the join form, then the phase title, are
# there (the server writes the phase into the page), and when the page is live (its script
# ran, connected and synced: the connection status reads "online").
MARKS = """
window.__marks = {};
const seen = () => {
  const m = window.__marks;
  const now = performance.now();
  if (!m.form && document.querySelector("form button[type=submit]")
      && document.querySelector("input[name=name]")) m.form = now;
  const title = document.querySelector("[data-phase-title]");
  if (!m.phase && title && title.textContent.trim() && !title.closest("[hidden]")) m.phase = now;
  const status = document.querySelector("[data-connection]");
  if (!m.live && status && status.dataset.state === "online") m.live = now;
};
new MutationObserver(seen).observe(document, {
  subtree: true, childList: true, attributes: true, characterData: true,
});
// Where the time goes after the scripts: the Socket.IO connection's first frames.
const Native = window.WebSocket;
window.WebSocket = class extends Native {
  constructor(...args) {
    super(...args);
    const m = window.__marks;
    const log = (what) => (m.socket ||= []).length < 8
      && m.socket.push([Math.round(performance.now()), what]);
    log("created");
    this.addEventListener("open", () => log("open"));
    this.addEventListener("message", (e) => log("in " + String(e.data).slice(0, 24)));
    const send = this.send.bind(this);
    this.send = (data) => { log("out " + String(data).slice(0, 24)); send(data); };
  }
};
"""
READ = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const nav = performance.getEntriesByType("navigation")[0];
  return {
    fcp: paint ? paint.startTime : null, ...window.__marks,
    redirect: nav.redirectEnd || 0, response_start: nav.responseStart,
    dom_content_loaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
    resources: performance.getEntriesByType("resource").map((r) => [
      r.name.split("/").pop(), Math.round(r.startTime), Math.round(r.responseEnd),
      r.transferSize]),
  };
}"""


def throttle(page: Page, cpu: float) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    if cpu > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})


def wait_for_marks(page: Page, *names: str) -> dict[str, float]:
    page.wait_for_function(
        "names => names.every((n) => window.__marks[n] !== undefined) "
        "&& performance.getEntriesByName('first-contentful-paint').length > 0",
        arg=list(names), timeout=120_000, polling=100,
    )
    return page.evaluate(READ)


class Transfers:
    """What a page receives, as Chromium counts it (compressed bytes on the wire)."""

    def __init__(self, page: Page) -> None:
        self.responses: list[Response] = []
        page.on("response", lambda response: self.responses.append(response))

    def summary(self) -> dict[str, Any]:
        rows = []
        for response in self.responses:
            sizes = response.request.sizes()
            rows.append({"url": response.url.split("/", 3)[-1], "status": response.status,
                         "encoding": response.headers.get("content-encoding", ""),
                         "bytes_received": max(0, sizes["responseBodySize"])})  # cache: <0
        return {"requests": len(rows), "bytes_received": sum(r["bytes_received"] for r in rows),
                "responses": rows}


def join(page: Page, server: LiveServer, code: str, name: str) -> dict[str, Any]:
    """Open the join link, then join; the timings of both pages, in ms from each navigation."""
    page.goto(f"{server.url}/j/{code}", wait_until="commit", timeout=120_000)
    join_page = wait_for_marks(page, "form")
    join_page["usable"] = max(join_page["form"], join_page["fcp"])  # in the DOM, and painted
    page.locator("input[name=name]").fill(name)
    page.locator(f"input[name=group][value={GROUP}]").check()
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{server.url}/w/{code}", wait_until="commit", timeout=120_000)
    phone_page = wait_for_marks(page, "phase", "live")
    return {"join": join_page, "phone": phone_page}


def measured_run(browser: Browser, server: LiveServer, code: str, n: int, cpu: float) -> dict:
    context = browser.new_context(**PHONE, locale=LOCALE)
    context.add_init_script(MARKS)
    page = context.new_page()
    throttle(page, cpu)
    transfers = Transfers(page)
    timings = join(page, server, code, f"Phone {n}")
    joined = transfers.summary()
    cookies = context.cookies()
    context.close()

    # The phone page alone on a cold cache: the same participant, a fresh browser cache.
    context = browser.new_context(**PHONE, locale=LOCALE)
    context.add_cookies(cookies)
    context.add_init_script(MARKS)
    page = context.new_page()
    throttle(page, cpu)
    transfers = Transfers(page)
    page.goto(f"{server.url}/w/{code}", wait_until="commit", timeout=120_000)
    timings["phone_cold"] = wait_for_marks(page, "phase", "live")
    reopened = transfers.summary()
    context.close()
    return {"timings": timings, "join_and_phone_transfers": joined,
            "phone_cold_transfers": reopened}


def described(response: Response) -> dict[str, Any]:
    """A response's path, its body's size raw and gzipped (level 9), and the bytes received."""
    body = response.body()
    return {"url": response.url.split("/", 3)[-1], "bytes": len(body),
            "gzip_bytes": len(gzip.compress(body, 9)),
            "encoding": response.headers.get("content-encoding", ""),
            "bytes_received": response.request.sizes()["responseBodySize"]}


def scripts(responses: list[Response]) -> list[dict[str, Any]]:
    return [described(r) for r in responses if r.request.resource_type == "script"]


def settle(page: Page, responses: list[Response], quiet_s: float = 2.0) -> None:
    """Wait until no response has come for ``quiet_s`` (the idle prefetch of the next phase)."""
    count, last = -1, time.monotonic()
    while time.monotonic() - last < quiet_s:
        if len(responses) != count:
            count, last = len(responses), time.monotonic()
        page.wait_for_timeout(200)


def script_inventory(browser: Browser, server: LiveServer, code: str, workshop_id: int) -> dict:
    """Unthrottled: every script before a document is opened, and what opening one adds."""
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    console = laptop.new_page()
    sign_in_and_open_the_console(console, server, workshop_id)

    context = browser.new_context(**PHONE, locale=LOCALE)
    context.add_init_script(MARKS)
    page = context.new_page()
    seen: list[Response] = []
    page.on("response", lambda response: seen.append(response))
    page.goto(f"{server.url}/j/{code}")
    settle(page, seen)
    join_page = scripts(seen)  # read before the page is left: its bodies go with it
    page.locator("input[name=name]").fill("Inventory")
    page.locator(f"input[name=group][value={GROUP}]").check()
    page.locator("form button[type=submit]").click()
    expect(page.locator("[data-connection]")).to_have_attribute("data-state", "online")
    cookies = context.cookies()
    context.close()

    # The phone page on its own, cache empty: every script it needs, from none to the editor.
    context = browser.new_context(**PHONE, locale=LOCALE)
    context.add_cookies(cookies)
    page = context.new_page()
    seen = []
    page.on("response", lambda response: seen.append(response))
    page.goto(f"{server.url}/w/{code}")
    expect(page.locator("[data-phase-title]")).to_have_text("Welcome")
    settle(page, seen)
    welcome = scripts(seen)
    # Round 1: a table and its notes, which the phone opens in the co-writing editor.
    console.get_by_role("button", name="Next phase").click()
    expect(page.locator("[data-phase-title]")).to_have_text("Round 1")
    settle(page, seen)
    round_one = scripts(seen)
    after: list[Response] = []
    page.on("response", lambda response: after.append(response))
    page.get_by_role("button", name="Open the table's notes").click()
    expect(page.locator(".cowrite-status")).to_have_text("Saved", timeout=30_000)
    settle(page, after)
    lazy = [described(r) for r in after if r.request.resource_type in ("script", "stylesheet")]
    context.close()
    laptop.close()
    return {
        "join_page": join_page,
        "before_any_document": {"welcome_phase": welcome, "round_1_phase": round_one,
                                "gzip_bytes": sum(r["gzip_bytes"] for r in round_one),
                                "budget_gzip_bytes": BUDGET_GZIP},
        "opening_a_document": lazy,
    }


def stats(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values)), "max": round(max(values)),
            "min": round(min(values))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu", type=float, default=1,
                        help="CPU slowdown (4: Lighthouse's mobile setting); 1: none")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "phone.json")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="atelier-phone-"))
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    migrate(folder)
    server = LiveServer(folder).start()
    try:
        create_facilitator(server)
        code, workshop_id = create_workshop(server, "world_cafe", title="Journée clients",
                                            language="en", question="How do we serve you better?")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_ARGS)
            runs = [measured_run(browser, server, code, n, args.cpu) for n in range(args.runs)]
            inventory = script_inventory(browser, server, code, workshop_id)
            version = browser.version
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)

    def pick(page: str, mark: str) -> dict[str, float]:
        return stats([run["timings"][page][mark] for run in runs])

    summary = {
        "join_page": {"fcp_ms": pick("join", "fcp"), "form_usable_ms": pick("join", "usable")},
        "phone_page_after_joining": {
            "fcp_ms": pick("phone", "fcp"), "phase_shown_ms": pick("phone", "phase"),
            "live_ms": pick("phone", "live"),
            "of_which_post_and_redirect_ms": pick("phone", "redirect"),
        },
        "phone_page_cold": {"fcp_ms": pick("phone_cold", "fcp"),
                            "phase_shown_ms": pick("phone_cold", "phase"),
                            "live_ms": pick("phone_cold", "live")},
        "bytes_received_join_and_phone": stats(
            [run["join_and_phone_transfers"]["bytes_received"] for run in runs]),
        "bytes_received_phone_cold": stats(
            [run["phone_cold_transfers"]["bytes_received"] for run in runs]),
    }
    result = {
        "benchmark": "phone",
        "network": {"preset": "Chrome DevTools Slow 3G", **SLOW_3G},
        "cpu_throttling_rate": args.cpu,
        "viewport": PHONE["viewport"],
        "runs": args.runs,
        "target_ms": TARGET_MS,
        "summary": summary,
        "scripts": inventory,
        "each_run": runs,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform(), "chromium": version,
                    "loadavg_before": load_before,
                    "loadavg_after": Path("/proc/loadavg").read_text().split()[:3]},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    before = inventory["before_any_document"]["gzip_bytes"]
    print(json.dumps({"summary": summary, "scripts_before_document_gzip": before}, indent=2))


if __name__ == "__main__":
    main()
