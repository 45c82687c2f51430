"""A workshop's branding: its organisation's logo and accent colour, checked for contrast.

The accent replaces Atelier's own colour on the phones, where buttons carry white text on it
and links are written in a darker shade of it on white: it is checked against white (WCAG AA,
4.5:1 for normal text). On the projector it is a stripe beside the logo, never text.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Invalid
from ..models import Facilitator, Workshop, WorkshopLogo
from . import events, phases
from .changes import Change

if TYPE_CHECKING:
    from PIL.Image import Image as Picture

ACCENT = "accent"  # the options key of the accent colour, "#rrggbb"
AA_TEXT = 4.5  # WCAG 2 AA, normal text
WHITE = "#ffffff"
LOGO_MAX_BYTES = 512 * 1024  # under the request limit (MAX_CONTENT_LENGTH), with the form
LOGO_MAX_PIXELS = 6000 * 6000  # a larger image is refused before it is decoded
LOGO_BOX = (800, 400)  # stored at most this large: a header never needs more
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}  # no SVG: it can carry scripts
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def normalize_colour(value: str) -> str:
    """``#abc``, ``ABCDEF`` or ``#AbCdEf`` as ``#aabbcc``; Invalid for anything else."""
    match = _HEX.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise Invalid(fields={"accent": [_l("Give a colour as #RRGGBB, such as #1a5fb4.")]})
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return f"#{digits}"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    digits = normalize_colour(colour)[1:]
    r, g, b = (_channel(int(digits[i:i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class ContrastCheck:
    """The accent against white: white text on its buttons, its links on white pages."""

    accent: str
    ratio: float

    @property
    def passes(self) -> bool:
        return self.ratio >= AA_TEXT


def check_accent(colour: str) -> ContrastCheck:
    accent = normalize_colour(colour)
    return ContrastCheck(accent, contrast_ratio(accent, WHITE))


def accent_of(workshop: Workshop) -> str | None:
    """The accent as stored, checked again: it is written into a page's style."""
    value = workshop.options.get(ACCENT)
    try:
        return normalize_colour(value) if isinstance(value, str) else None
    except Invalid:
        return None


def _mix(colour: str, other: str, share: float) -> str:
    """``colour`` with ``share`` of ``other`` mixed in (sRGB, as CSS color-mix would)."""
    a, b = normalize_colour(colour)[1:], normalize_colour(other)[1:]
    return "#" + "".join(
        f"{round(int(a[i:i + 2], 16) * (1 - share) + int(b[i:i + 2], 16) * share):02x}"
        for i in (0, 2, 4))


def phone_css(workshop: Workshop) -> str:
    """The custom properties a phone page overrides, or "" for Atelier's own colours."""
    accent = accent_of(workshop)
    if accent is None:
        return ""
    return (f":root{{--brand:{accent};--brand-dark:{_mix(accent, '#000000', 0.25)};"
            f"--brand-tint:{_mix(accent, WHITE, 0.88)}}}")


def screen_css(workshop: Workshop) -> str:
    """The projector's custom property: the stripe beside the logo and title."""
    accent = accent_of(workshop)
    return f":root{{--organiser:{accent}}}" if accent else ""


def set_accent(session: so.Session, workshop: Workshop, colour: str | None,
               actor: Facilitator) -> Change:
    """Set the accent (None: back to Atelier's); a failing contrast is warned of, not refused."""
    phases.require_open(workshop)
    options = {k: v for k, v in workshop.options.items() if k != ACCENT}
    if colour:
        options[ACCENT] = normalize_colour(colour)
    workshop.options = options
    event = events.record(session, workshop.id, "branding.accent_set",
                          events.facilitator_actor(actor.id), {"accent": options.get(ACCENT)})
    return Change(workshop.id, event.seq, result={"accent": options.get(ACCENT)})


def read_logo(data: bytes) -> tuple[bytes, int, int]:
    """A PNG, JPEG or WebP image checked with Pillow and re-encoded as PNG: (png, width, height).

    Re-encoding keeps only the pixels: no metadata (a photo's location), nothing appended.
    """
    from PIL import Image, UnidentifiedImageError

    refused = Invalid(fields={"logo": [_l(
        "Choose a PNG, JPEG or WebP image of at most 512 KB.")]})
    if not data or len(data) > LOGO_MAX_BYTES:
        raise refused
    try:
        with warnings.catch_warnings():
            # Pillow only warns of an image far larger than it says: refuse it, never decode it.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = _decoded(data, refused)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombWarning,
            Image.DecompressionBombError) as error:
        raise refused from error
    output = io.BytesIO()
    picture.save(output, format="PNG", optimize=True)
    return output.getvalue(), picture.width, picture.height


def _decoded(data: bytes, refused: Invalid) -> Picture:
    """The image's pixels, scaled into LOGO_BOX, once its format and size are acceptable."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as probe:
        if probe.format not in LOGO_FORMATS or probe.width * probe.height > LOGO_MAX_PIXELS:
            raise refused
        probe.verify()
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        image.thumbnail(LOGO_BOX)
        return image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")


def set_logo(session: so.Session, workshop: Workshop, data: bytes, actor: Facilitator
             ) -> Change:
    """Replace the workshop's logo with ``data`` once it is checked; Invalid leaves it as it was."""
    phases.require_open(workshop)
    png, width, height = read_logo(data)
    digest = _store_logo(session, workshop, png, width, height)
    event = events.record(session, workshop.id, "branding.logo_set",
                          events.facilitator_actor(actor.id), {"width": width, "height": height})
    return Change(workshop.id, event.seq, result={"logo": digest})


def _store_logo(session: so.Session, workshop: Workshop, png: bytes, width: int,
                height: int) -> str:
    digest = hashlib.sha256(png).hexdigest()
    logo = session.get(WorkshopLogo, workshop.id) or WorkshopLogo(workshop_id=workshop.id)
    logo.media_type, logo.data, logo.digest = "image/png", png, digest
    logo.width, logo.height = width, height
    session.add(logo)
    session.flush()
    return digest


def copy_logo(session: so.Session, source: Workshop, target: Workshop) -> None:
    """Give ``target`` the logo of ``source``, if it has one (a duplicate keeps the branding)."""
    logo = session.get(WorkshopLogo, source.id)
    if logo is not None:
        _store_logo(session, target, logo.data, logo.width, logo.height)


def remove_logo(session: so.Session, workshop: Workshop, actor: Facilitator) -> Change:
    phases.require_open(workshop)
    logo = session.get(WorkshopLogo, workshop.id)
    if logo is not None:
        session.delete(logo)
        session.flush()
    event = events.record(session, workshop.id, "branding.logo_removed",
                          events.facilitator_actor(actor.id))
    return Change(workshop.id, event.seq, result={"logo": None})


def logo_digest(session: so.Session, workshop: Workshop) -> str | None:
    """The digest of the workshop's logo, if it has one (its bytes are not loaded)."""
    return session.scalar(
        sa.select(WorkshopLogo.digest).where(WorkshopLogo.workshop_id == workshop.id))


def logo_of(session: so.Session, digest: str) -> WorkshopLogo | None:
    """The logo stored under this digest (an old digest finds nothing: its address moved)."""
    return session.scalar(sa.select(WorkshopLogo).where(WorkshopLogo.digest == digest).limit(1))
