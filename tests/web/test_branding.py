"""The logo and colour page; the screen and phones carrying them, allowed by the CSP."""

from __future__ import annotations

import base64
import hashlib
import io
import re

import pytest

from tests.conftest import PASSWORD, csrf_from, french, post_form, workshop_fingerprint
from tests.services.test_templates import png, reload
from workshop.extensions import db
from workshop.models import Workshop, WorkshopLogo
from workshop.services import branding


def upload(client, workshop_id: int, logo: bytes | None = None, **fields: str):  # type: ignore[no-untyped-def]
    url = f"/workshops/{workshop_id}/branding"
    data: dict[str, object] = {"csrf_token": csrf_from(client.get(url).text), **fields}
    if logo is not None:
        data["logo"] = (io.BytesIO(logo), "logo.png")
    return client.post(url, data=data, content_type="multipart/form-data")


@pytest.fixture
def mine(logged_in, make_workshop) -> Workshop:  # type: ignore[no-untyped-def]
    return make_workshop(logged_in)


def test_can_i_upload_a_logo_and_choose_a_colour(client, mine):
    response = upload(client, mine.id, png(), accent="#1A5FB4")
    assert response.status_code == 302
    saved = reload(mine.id)
    assert branding.accent_of(saved) == "#1a5fb4" and branding.logo_digest(db.session, saved)

    page = client.get(f"/workshops/{mine.id}/branding").text
    assert 'data-contrast="pass"' in page and "6.2:1" in page  # #1a5fb4 on white: 6.29
    assert "data-current-logo" in page


def test_is_the_logo_served_as_png_by_its_digest(client, mine):
    upload(client, mine.id, png())
    digest = branding.logo_digest(db.session, reload(mine.id))
    response = client.get(f"/logos/{digest}.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data == db.session.get(WorkshopLogo, mine.id).data
    assert client.get(f"/logos/{'0' * 64}.png").status_code == 404


@pytest.mark.parametrize("language", ["en", "fr"])
def test_does_a_low_contrast_colour_get_a_warning_with_its_ratio_and_still_save(
        client, mine, language):
    client.get(f"/lang/{language}")
    response = upload(client, mine.id, accent="#ffcc00")
    assert response.status_code == 302
    assert branding.accent_of(reload(mine.id)) == "#ffcc00"

    page = client.get(f"/workshops/{mine.id}/branding").text
    warning = re.search(r'data-contrast="fail">(.*?)</p>', page, re.S)
    assert warning, "no contrast warning"
    ratio = "1,5:1" if language == "fr" else "1.5:1"  # #ffcc00 on white: 1.51
    assert ratio in warning.group(1)
    heading = "Contrast too low:"
    assert (french(heading) if language == "fr" else heading) in warning.group(1)


def test_is_a_bad_logo_refused_beside_the_field_with_nothing_changed(client, mine):
    upload(client, mine.id, png(), accent="#1a5fb4")
    before = workshop_fingerprint(mine.id)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    response = upload(client, mine.id, svg, accent="#000000")

    assert response.status_code == 400
    assert "PNG, JPEG or WebP" in response.text and 'aria-invalid="true"' in response.text
    # The colour sent with it is not saved either: one form, one change.
    assert workshop_fingerprint(mine.id) == before


def test_is_a_colour_that_is_not_hex_refused(client, mine):
    response = upload(client, mine.id, accent="red")
    assert response.status_code == 400 and "#RRGGBB" in response.text
    assert branding.accent_of(reload(mine.id)) is None


def test_can_i_remove_the_logo(client, mine):
    upload(client, mine.id, png())
    upload(client, mine.id, remove_logo="y")
    assert branding.logo_digest(db.session, reload(mine.id)) is None
    assert db.session.get(WorkshopLogo, mine.id) is None


def test_can_another_facilitator_brand_my_workshop(client, mine, make_facilitator):
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)})
    stranger = make_facilitator()
    post_form(client, "/login", {"email": stranger.email, "password": PASSWORD})
    before = workshop_fingerprint(mine.id)
    url = f"/workshops/{mine.id}/branding"
    assert client.get(url).status_code == 404
    token = csrf_from(client.get("/").text)
    assert client.post(url, data={"csrf_token": token, "accent": "#000000"}).status_code == 404
    assert workshop_fingerprint(mine.id) == before


def test_is_branding_refused_without_the_form_token(client, mine):
    response = client.post(f"/workshops/{mine.id}/branding", data={"accent": "#000000"})
    assert response.status_code == 400
    assert branding.accent_of(reload(mine.id)) is None


def style_allowed(response, css: str) -> bool:  # type: ignore[no-untyped-def]
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return f"'sha256-{digest}'" in response.headers["Content-Security-Policy"]


def test_do_the_screen_and_phones_carry_the_logo_and_colour(client, app, mine):
    upload(client, mine.id, png(), accent="#1a5fb4")
    saved = reload(mine.id)
    logo = f"/logos/{branding.logo_digest(db.session, saved)}.png"
    phone_client = app.test_client()
    joined = post_form(phone_client, f"/j/{saved.join_code}",
                       {"name": "Camille", "group": "customer"})
    assert joined.status_code == 302

    screen = client.get(f"/screen/{saved.screen_key}")
    assert f'src="{logo}"' in screen.text and "data-organiser-logo" in screen.text
    assert "<style>:root{--organiser:#1a5fb4}</style>" in screen.text
    assert style_allowed(screen, ":root{--organiser:#1a5fb4}")

    css = branding.phone_css(saved)
    for page in (client.get(f"/j/{saved.join_code}"), phone_client.get(joined.location)):
        assert page.status_code == 200
        assert f"<style>{css}</style>" in page.text and style_allowed(page, css)
        assert f'src="{logo}"' in page.text


def test_do_pages_of_an_unbranded_workshop_stay_as_they_were(client, mine):
    screen = client.get(f"/screen/{reload(mine.id).screen_key}").text
    assert "data-organiser-logo" not in screen and "--organiser" not in screen


def test_does_the_workshop_settings_page_warn_of_a_failing_accent(client, mine):
    upload(client, mine.id, accent="#1a5fb4")
    assert "data-contrast" not in client.get(f"/workshops/{mine.id}/edit").text
    upload(client, mine.id, accent="#ffcc00")
    page = client.get(f"/workshops/{mine.id}/edit").text
    assert 'data-contrast="fail"' in page and "1.5:1" in page
    assert f'href="/workshops/{mine.id}/branding"' in page
