"""Joining from the back of the room: every QR code on the projector reads from 15 m away.

The phone at the back is simulated from the screenshot: the farthest seat sits at six image
heights (the AV rule of thumb: 15 m for a 2.5 m high image), and a phone camera's preview frame
is 1920 pixels across about 70°. The screenshot is shrunk to the pixels the image covers in
that frame, slightly blurred as a lens would, then decoded.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable

import pytest
import zxingcpp
from PIL import Image, ImageFilter
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveWorkshop, assert_no_text_overflows

SIZES = [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}]
DISTANCE, IMAGE_HEIGHT = 15.0, 2.5  # metres
CAMERA_PIXELS, CAMERA_FIELD = 1920, math.radians(70)


def seen_from(page: Page, distance: float) -> Image.Image:
    """The projected screen as a phone ``distance`` metres away captures it."""
    shot = Image.open(io.BytesIO(page.screenshot())).convert("L")
    image_width = IMAGE_HEIGHT * shot.width / shot.height
    frame_width = 2 * distance * math.tan(CAMERA_FIELD / 2)
    width = round(CAMERA_PIXELS * image_width / frame_width)
    small = shot.resize((width, round(width * shot.height / shot.width)), Image.Resampling.BOX)
    return small.filter(ImageFilter.GaussianBlur(0.6))


def read_from_the_back(page: Page) -> list[str]:
    """What the phone at the back reads of the QR codes on ``page``."""
    return [result.text for result in zxingcpp.read_barcodes(seen_from(page, DISTANCE))]


def open_link(page: Page, url: str, title: str) -> None:
    """The link a QR code holds, opened in a fresh tab as a phone's camera would: it offers to
    join the workshop titled ``title``."""
    phone = page.context.new_page()
    phone.goto(url)
    expect(phone.locator("h1")).to_have_text(title)
    expect(phone.locator("form button[type=submit]")).to_be_visible()
    phone.close()


@pytest.mark.parametrize("method", ["open_space", "barcamp", "appreciative_inquiry",
                                    "world_cafe"])
def test_does_the_opening_screen_show_a_qr_code_read_from_the_back_of_the_room(
    live_workshop: Callable[..., LiveWorkshop], method: str,
) -> None:
    ws = live_workshop(method, language="fr", phones=[],
                       question="Comment parler avec nos clients plutôt qu’à nos clients ?")
    screen = ws.screen

    for size in SIZES:
        screen.set_viewport_size(size)
        screen.evaluate("() => window.dispatchEvent(new Event('resize'))")
        expect(screen.locator(".join-qr img:visible")).to_have_count(1)
        assert_no_text_overflows(screen)
        links = read_from_the_back(screen)
        assert len(links) == 1, f"no QR code read from {DISTANCE} m at {size}"
        assert links[0].upper().endswith(f"/J/{ws.code}")
    open_link(screen, links[0], "Journée clients")


def test_is_every_qr_code_on_the_screen_read_from_the_back_in_every_phase(
    live_workshop: Callable[..., LiveWorkshop],
) -> None:
    """Later phases show the address and code in a corner; a QR code there would be unreadable."""
    ws = live_workshop("open_space", language="en", phones=[])
    screen = ws.screen
    ws.next_phase("Marketplace")

    mini = screen.locator("[data-join-mini]")
    expect(mini).to_be_visible()
    expect(mini).to_contain_text(ws.code)
    for size in SIZES:
        screen.set_viewport_size(size)
        shown = screen.locator("img:visible")
        assert len(read_from_the_back(screen)) == shown.count()
