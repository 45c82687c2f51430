"""Built assets: hashed URLs from esbuild's manifest, served precompressed and cached for a year."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import posixpath
import re
from pathlib import Path, PurePosixPath
from typing import Any

from flask import Flask, abort, current_app, request, send_from_directory, url_for
from markupsafe import Markup
from werkzeug.security import safe_join
from werkzeug.wrappers import Response

# static/build.mjs writes a .br and a .gz beside each JS and CSS file of static/dist/.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # the smaller first
COMPRESSED_TYPES = (".js", ".css")
# esbuild's "[name]-[hash]": the name changes with the content, so a browser may keep it.
HASHED = re.compile(r"^dist/(?:.+/)?[^/]+-[A-Z2-7]{8}\.(?:js|css)$")
# What browsers may fetch from static/: the build's output and the icon. The sources, the build
# script and any source map stay on the server.
PUBLIC = re.compile(r"^(?:dist/.+|favicon\.svg)$")
PRIVATE_SUFFIXES = (".map",)
YEAR = 365 * 24 * 3600
# Stylesheets the phone pages carry inline: on a slow network the first paint then waits for
# the page alone, not for a second request (2 s of latency on DevTools' Slow 3G).
INLINE_STYLES = ("style.css",)


def register_assets(app: Flask) -> None:
    app.view_functions["static"] = send_static_asset
    app.jinja_env.globals["asset_url"] = asset_url
    app.jinja_env.globals["inline_style"] = inline_style
    app.jinja_env.globals["page_script"] = page_script


def _manifest() -> dict[str, Any]:
    """esbuild's manifest (logical name → hashed file), read once per process."""
    manifest = current_app.extensions.get("atelier.assets")
    if manifest is None:
        path = Path(current_app.static_folder or "static") / "dist" / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        if manifest:
            current_app.extensions["atelier.assets"] = manifest
    return manifest


def asset_url(name: str) -> str:
    """URL of a built asset (hashed name from esbuild's manifest)."""
    return url_for("static", filename="dist/" + _manifest().get(name, name))


def page_script(name: str) -> Markup:
    """A page's module script, after preload links for the modules it imports statically.

    Without them the browser finds the imports only once the script has arrived: one more
    round trip before the page can run (2 s on a slow 3G network).
    """
    links = [Markup('<link rel="modulepreload" href="{}">').format(
        url_for("static", filename="dist/" + path))
        for path in _manifest().get("preloads", {}).get(name, [])]
    script = Markup('<script type="module" src="{}"></script>').format(asset_url(name))
    return Markup("").join([*links, script])


def _inline_styles() -> dict[str, str]:
    """The inlined stylesheets' text, read once per process (none before the build)."""
    styles = current_app.extensions.get("atelier.inline")
    if styles is None:
        folder = Path(current_app.static_folder or "static") / "dist"
        manifest = _manifest()
        styles = {name: (folder / manifest[name]).read_text(encoding="utf-8")
                  for name in INLINE_STYLES if name in manifest}
        if styles:
            current_app.extensions["atelier.inline"] = styles
    return styles


def inline_style(name: str) -> Markup:
    """A ``<style>`` element with the built stylesheet, or a link to it if it is not inlined.

    The Content-Security-Policy allows exactly this text (its hash, ``style_sources``), so
    styles stay closed to anything injected.
    """
    text = _inline_styles().get(name)
    if text is None or "</" in text:
        return Markup('<link rel="stylesheet" href="{}">').format(asset_url(name))
    return Markup("<style>") + Markup(text) + Markup("</style>")  # noqa: S704 - built CSS


def style_sources() -> str:
    """CSP sources for the inlined stylesheets: ``'sha256-…'`` of each (computed once)."""
    sources = current_app.extensions.get("atelier.inline-csp")
    if sources is None:
        sources = " ".join(
            "'sha256-{}'".format(base64.b64encode(hashlib.sha256(text.encode()).digest())
                                 .decode())
            for text in _inline_styles().values())
        if sources:
            current_app.extensions["atelier.inline-csp"] = sources
    return sources


def is_hashed(filename: str) -> bool:
    return HASHED.match(filename) is not None


def send_static_asset(filename: str) -> Response:
    """Flask's static view for built files only, with the precompressed copy the browser accepts.

    Phones on a workshop's Wi-Fi download a fifth of the bytes; compressing once at build
    time costs the server nothing per request.
    """
    filename = posixpath.normpath(filename)  # dist/../src/x.js is src/x.js
    if not PUBLIC.match(filename) or filename.endswith(PRIVATE_SUFFIXES):
        abort(404)
    folder = current_app.static_folder or "static"
    compressible = filename.endswith(COMPRESSED_TYPES)
    encoding, suffix = _accepted_copy(folder, filename) if compressible else (None, "")
    hashed = is_hashed(filename)
    response = send_from_directory(
        folder, filename + suffix,
        download_name=PurePosixPath(filename).name,  # and the type: text/javascript, not gzip
        max_age=YEAR if hashed else None,
    )
    if encoding:
        response.content_encoding = encoding
    if compressible:
        response.vary.add("Accept-Encoding")
    if hashed:
        response.cache_control.immutable = True
    return response


def _accepted_copy(folder: str, filename: str) -> tuple[str | None, str]:
    """The encoding and file suffix of a precompressed copy the client accepts, if any."""
    accepted = request.accept_encodings
    for encoding, suffix in ENCODINGS:
        if accepted[encoding] > 0:
            path = safe_join(folder, filename + suffix)
            if path is not None and os.path.isfile(path):
                return encoding, suffix
    return None, ""
