"""Built assets: hashed URLs from esbuild's manifest, served precompressed and cached for a year."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path, PurePosixPath

from flask import Flask, current_app, request, send_from_directory, url_for
from werkzeug.security import safe_join
from werkzeug.wrappers import Response

# static/build.mjs writes a .br and a .gz beside each JS and CSS file of static/dist/.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # the smaller first
COMPRESSED_TYPES = (".js", ".css")
# esbuild's "[name]-[hash]": the name changes with the content, so a browser may keep it.
HASHED = re.compile(r"^dist/(?:.+/)?[^/]+-[A-Z2-7]{8}\.(?:js|css)(?:\.map)?$")
YEAR = 365 * 24 * 3600


def register_assets(app: Flask) -> None:
    app.view_functions["static"] = send_static_asset
    app.jinja_env.globals["asset_url"] = asset_url


def asset_url(name: str) -> str:
    """URL of a built asset (hashed name from esbuild's manifest, read once per process)."""
    manifest = current_app.extensions.get("atelier.assets")
    if manifest is None:
        path = Path(current_app.static_folder or "static") / "dist" / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        if manifest:
            current_app.extensions["atelier.assets"] = manifest
    return url_for("static", filename="dist/" + manifest.get(name, name))


def is_hashed(filename: str) -> bool:
    return HASHED.match(filename) is not None


def send_static_asset(filename: str) -> Response:
    """Flask's static view, plus the precompressed copy the browser accepts, if built.

    Phones on a workshop's Wi-Fi download a fifth of the bytes; compressing once at build
    time costs the server nothing per request.
    """
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
