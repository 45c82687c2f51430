"""Branding: WCAG contrast, the accent colour, and the logo's checks."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from tests.conftest import workshop_fingerprint
from tests.services.test_templates import png
from workshop.errors import Invalid
from workshop.extensions import db
from workshop.models import Workshop, WorkshopLogo
from workshop.services import branding


@pytest.mark.parametrize(("first", "second", "expected"), [
    ("#000000", "#ffffff", 21.0),  # the largest ratio there is
    ("#ffffff", "#ffffff", 1.0),
    ("#777777", "#ffffff", 4.48),  # the grey that famously just fails AA
    ("#767676", "#ffffff", 4.54),  # the lightest grey that passes it
    ("#0000ff", "#ffffff", 8.59),
    ("#ff0000", "#ffffff", 4.0),
    ("#b3361f", "#ffffff", 6.06),  # Atelier's own terracotta (worked out by hand)
])
def test_does_the_contrast_ratio_follow_the_wcag_formula(first, second, expected):
    assert branding.contrast_ratio(first, second) == pytest.approx(expected, abs=0.01)
    assert branding.contrast_ratio(second, first) == pytest.approx(expected, abs=0.01)


def test_does_the_check_tell_a_passing_accent_from_a_failing_one():
    assert branding.check_accent("#767676").passes
    assert not branding.check_accent("#777777").passes
    assert branding.check_accent("1A5FB4").accent == "#1a5fb4"
    assert branding.check_accent("#abc").accent == "#aabbcc"


@pytest.mark.parametrize("colour", ["red", "#12345", "#gggggg", "url(x)", "#fff;}", ""])
def test_is_a_colour_that_is_not_hex_refused(colour):
    with pytest.raises(Invalid) as refused:
        branding.normalize_colour(colour)
    assert "accent" in refused.value.fields


def test_is_a_failing_accent_still_saved(make_facilitator, make_workshop):
    owner = make_facilitator()
    workshop = make_workshop(owner)
    with db.unit_of_work() as session:
        branding.set_accent(session, workshop, "#FFCC00", owner)
    db.session.expire_all()
    saved = db.session.get(Workshop, workshop.id)
    assert branding.accent_of(saved) == "#ffcc00"
    assert "--brand:#ffcc00" in branding.phone_css(saved)
    assert branding.screen_css(saved) == ":root{--organiser:#ffcc00}"


def test_does_an_accent_tampered_with_in_the_database_never_reach_a_page(
        make_facilitator, make_workshop):
    workshop = make_workshop(make_facilitator())
    with db.unit_of_work():
        workshop.options = {"accent": "#fff}</style><script>alert(1)</script>"}
    assert branding.phone_css(workshop) == "" and branding.screen_css(workshop) == ""


def image(fmt: str, size: tuple[int, int] = (30, 30), mode: str = "RGB") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_is_a_png_jpeg_or_webp_logo_stored_as_png(make_facilitator, make_workshop, fmt):
    owner = make_facilitator()
    workshop = make_workshop(owner)
    with db.unit_of_work() as session:
        change = branding.set_logo(session, workshop, image(fmt, (1600, 400)), owner)
    logo = db.session.get(WorkshopLogo, workshop.id)
    assert logo is not None and logo.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert (logo.width, logo.height) == (800, 200)  # scaled down to fit a header
    assert change.result["logo"] == logo.digest == branding.logo_digest(db.session, workshop)


SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script></svg>')


@pytest.mark.parametrize("data", [
    SVG,
    b"GIF89a" + b"\0" * 30,
    b"",
    b"\x89PNG\r\n\x1a\n" + b"\0" * 40,  # a PNG header and nothing after it
    image("GIF"),
    image("BMP"),
    png() + b"\0" * branding.LOGO_MAX_BYTES,  # too large
], ids=["svg", "fake-gif", "empty", "truncated-png", "gif", "bmp", "too-large"])
def test_is_a_bad_logo_refused_with_nothing_changed(app, make_facilitator, make_workshop, data):
    owner = make_facilitator()
    workshop = make_workshop(owner)
    with db.unit_of_work() as session:
        branding.set_logo(session, workshop, png(), owner)
    before = workshop_fingerprint(workshop.id)
    stored = db.session.scalar(sa.select(WorkshopLogo.digest))

    with pytest.raises(Invalid) as refused, db.unit_of_work() as session:
        branding.set_logo(session, db.session.get(Workshop, workshop.id), data, owner)

    with app.test_request_context():
        assert "PNG, JPEG or WebP" in str(refused.value.fields["logo"][0])
    assert workshop_fingerprint(workshop.id) == before
    assert db.session.scalar(sa.select(WorkshopLogo.digest)) == stored


def test_is_a_huge_image_refused_before_it_is_decoded(make_facilitator, make_workshop):
    owner = make_facilitator()
    workshop = make_workshop(owner)
    # 10,000 × 10,000 pixels of one colour: a few kilobytes of PNG, 300 MB once decoded.
    with pytest.raises(Invalid), db.unit_of_work() as session:
        branding.set_logo(session, workshop, image("PNG", (10_000, 10_000), "1"), owner)
    assert db.session.get(WorkshopLogo, workshop.id) is None


def test_does_removing_the_logo_forget_it(make_facilitator, make_workshop):
    owner = make_facilitator()
    workshop = make_workshop(owner)
    with db.unit_of_work() as session:
        branding.set_logo(session, workshop, png(), owner)
    with db.unit_of_work() as session:
        branding.remove_logo(session, workshop, owner)
    assert db.session.get(WorkshopLogo, workshop.id) is None
    assert branding.logo_digest(db.session, workshop) is None
