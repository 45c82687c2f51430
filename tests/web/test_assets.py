"""Built assets: precompressed copies for browsers that accept them, a year's cache when hashed."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import ROOT
from workshop.web.assets import page_script

SCRIPT = b"export const greet = (name) => `Bonjour ${name}`;\n" * 200
HASHED_URL = "/static/dist/phone-ABCD2345.js"
YEAR = "max-age=31536000"


@pytest.fixture
def static(app: Flask, tmp_path: Path) -> Path:
    """A static folder holding a built script, its .gz and .br copies, and an unhashed file.

    Beside them, what a build leaves that must not be served: sources and a source map.
    """
    folder = tmp_path / "static"
    (folder / "dist" / "chunks").mkdir(parents=True)
    script = folder / "dist" / "phone-ABCD2345.js"
    script.write_bytes(SCRIPT)
    Path(f"{script}.gz").write_bytes(gzip.compress(SCRIPT))
    Path(f"{script}.br").write_bytes(b"brotli bytes")  # what is sent as is, not decoded
    (folder / "dist" / "chunks" / "alone-ZZZZ7777.css").write_text("p{color:red}")
    (folder / "dist" / "manifest.json").write_text(json.dumps({"phone.js": "phone-ABCD2345.js"}))
    (folder / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (folder / "src").mkdir()
    (folder / "src" / "live.js").write_text("export const secret = 1;")
    (folder / "build.mjs").write_text("import * as esbuild from 'esbuild';")
    Path(f"{script}.map").write_text('{"version":3,"sources":["../src/phone.js"]}')
    (folder / "dist" / "fonts").mkdir()
    (folder / "dist" / "fonts" / "NotoEmoji-Regular.ttf").write_bytes(b"\0\1\0\0")
    app.static_folder = str(folder)
    return folder


def fetch(client: FlaskClient, url: str, accept: str | None, **headers: str):  # type: ignore[no-untyped-def]
    if accept is not None:
        headers["Accept-Encoding"] = accept
    return client.get(url, headers=headers)


def test_does_a_phone_that_accepts_gzip_get_the_precompressed_script(client, static) -> None:
    response = fetch(client, HASHED_URL, "gzip, deflate")
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.mimetype == "text/javascript"
    assert "Accept-Encoding" in response.vary
    assert int(response.headers["Content-Length"]) == len(response.data) < len(SCRIPT) / 10
    assert gzip.decompress(response.data) == SCRIPT


def test_is_brotli_preferred_when_the_browser_accepts_both(client, static) -> None:
    response = fetch(client, HASHED_URL, "gzip, deflate, br, zstd")
    assert response.headers["Content-Encoding"] == "br"
    assert response.data == b"brotli bytes"
    assert response.mimetype == "text/javascript"


@pytest.mark.parametrize("accept", [None, "", "identity", "gzip;q=0, deflate"])
def test_does_a_client_that_accepts_no_compression_get_the_plain_file(
    client, static, accept,
) -> None:
    response = fetch(client, HASHED_URL, accept)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.data == SCRIPT
    assert "Accept-Encoding" in response.vary  # a shared cache must not give it gzip


def test_is_gzip_sent_when_brotli_is_refused(client, static) -> None:
    response = fetch(client, HASHED_URL, "br;q=0, gzip")
    assert response.headers["Content-Encoding"] == "gzip"


def test_is_a_file_without_compressed_copies_sent_as_it_is(client, static) -> None:
    response = fetch(client, "/static/dist/chunks/alone-ZZZZ7777.css", "gzip, br")
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.mimetype == "text/css"
    assert response.text == "p{color:red}"


def test_may_a_browser_keep_a_hashed_file_for_a_year(client, static) -> None:
    for accept in ("gzip", "br", None):
        cache = fetch(client, HASHED_URL, accept).cache_control
        assert cache.public and cache.immutable and cache.max_age == 31536000, accept


@pytest.mark.parametrize("url", ["/static/favicon.svg", "/static/dist/manifest.json"])
def test_must_a_browser_revalidate_files_whose_name_does_not_change(client, static, url) -> None:
    response = fetch(client, url, "gzip, br")
    assert response.status_code == 200
    assert not response.cache_control.immutable
    assert YEAR not in response.headers.get("Cache-Control", "")
    assert "Content-Encoding" not in response.headers


def test_does_each_encoding_have_its_own_etag_for_revalidation(client, static) -> None:
    plain = fetch(client, HASHED_URL, None)
    packed = fetch(client, HASHED_URL, "gzip")
    assert plain.headers["ETag"] != packed.headers["ETag"]
    again = fetch(client, HASHED_URL, "gzip", **{"If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304


def test_does_a_static_file_stay_cached_whatever_the_language(client, static) -> None:
    # Chromium revalidates a file sent with Vary: Accept-Language when the next page uses it.
    response = fetch(client, HASHED_URL, "gzip", **{"Accept-Language": "fr"})
    assert "Accept-Language" not in response.vary
    assert "Accept-Language" in client.get("/join").vary
    assert "Accept-Language" in client.get("/static/dist/missing-ABCD2345.js").vary  # a page


def test_are_the_security_headers_still_sent_with_static_files(client, static) -> None:
    response = fetch(client, HASHED_URL, "gzip")

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self';" in policy


@pytest.mark.parametrize("url", ["/static/dist/missing-ABCD2345.js",
                                 "/static/dist/../../pyproject.toml"])
def test_is_a_missing_or_outside_file_not_found(client, static, url) -> None:
    assert fetch(client, url, "gzip").status_code == 404


@pytest.mark.parametrize("url", ["/static/src/live.js", "/static/build.mjs",
                                 HASHED_URL + ".map", "/static/dist/../src/live.js"])
def test_are_sources_and_source_maps_not_served(client, static, url) -> None:
    assert fetch(client, url, "gzip").status_code == 404


@pytest.mark.parametrize("url", [HASHED_URL, "/static/favicon.svg",
                                 "/static/dist/fonts/NotoEmoji-Regular.ttf"])
def test_are_built_files_and_the_icon_served(client, static, url) -> None:
    assert fetch(client, url, None).status_code == 200


def test_does_asset_url_give_the_hashed_name_from_the_manifest(app, static) -> None:
    from workshop.web.assets import asset_url

    with app.test_request_context():
        assert asset_url("phone.js") == HASHED_URL


def test_does_the_build_write_compressed_copies_of_every_script_and_stylesheet() -> None:
    dist = ROOT / "static" / "dist"
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    built = [dist / name for name in manifest.values()
             if isinstance(name, str) and name.endswith((".js", ".css"))]
    built += list((dist / "chunks").glob("*.js"))
    assert built
    for path in built:
        assert gzip.decompress(Path(f"{path}.gz").read_bytes()) == path.read_bytes(), path
        assert Path(f"{path}.br").stat().st_size > 0, path


# --- the phone pages' inline stylesheet ------------------------------------------------------

def test_do_phone_pages_carry_their_stylesheet_inline_and_allow_exactly_it(
        client, make_facilitator, make_workshop) -> None:  # type: ignore[no-untyped-def]
    import base64
    import hashlib
    import re

    code = make_workshop(make_facilitator(), title="Café").join_code
    page = client.get(f"/j/{code}")
    html = page.get_data(as_text=True)
    styles = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    built = (ROOT / "static" / "dist" / json.loads(
        (ROOT / "static" / "dist" / "manifest.json").read_text())["style.css"]).read_text()

    assert styles == [built]
    digest = base64.b64encode(hashlib.sha256(built.encode()).digest()).decode()
    policy = page.headers["Content-Security-Policy"]
    assert f"style-src 'self' 'sha256-{digest}';" in policy
    assert "unsafe-inline" not in policy
    assert 'rel="stylesheet"' not in html  # no second request before the first paint


def test_does_a_page_script_come_with_preloads_of_what_it_imports(app, static) -> None:
    (static / "dist" / "manifest.json").write_text(json.dumps({
        "phone.js": "phone-ABCD2345.js",
        "preloads": {"phone.js": ["chunks/chunk-QQQQ2222.js"]}}))
    app.extensions.pop("atelier.assets", None)
    with app.test_request_context():
        tags = str(page_script("phone.js"))

    assert tags == ('<link rel="modulepreload" href="/static/dist/chunks/chunk-QQQQ2222.js">'
                    '<script type="module" src="/static/dist/phone-ABCD2345.js"></script>')
