"""One export service for the web download, the CLI and the JSON API.

``render(session, workshop, fmt)`` builds the synthesis once and hands it to the format's
writer; ``export_to(...)`` writes several formats into a folder with progress callbacks. The
live server calls them through ``aside``, off its event loop.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Invalid
from ..models import Workshop
from ..services.networks import NETWORKS
from .model import Synthesis


@dataclass(frozen=True)
class Format:
    key: str
    module: str  # in workshop.exports.writers
    extension: str
    media_type: str
    suffix: str = "synthesis"  # the file name: <code>-<suffix>.<extension>
    needs_archive: bool = False  # the writer also takes the raw data (the JSON archive)
    scheduler: bool = False  # a scheduler file: writer.write(synthesis, key)


FORMATS: dict[str, Format] = {f.key: f for f in (
    Format("xlsx", "excel", "xlsx",
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    Format("csv", "csvzip", "zip", "application/zip", suffix="tables"),
    Format("docx", "word", "docx",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    Format("html", "html", "html", "text/html; charset=utf-8"),
    Format("pdf", "pdf", "pdf", "application/pdf"),
    Format("md", "markdown", "md", "text/markdown; charset=utf-8"),
    Format("json", "json_", "json", "application/json", suffix="archive", needs_archive=True),
    Format("cards", "cards", "zip", "application/zip", suffix="quote-cards"),
    Format("calendar", "scheduler", "csv", "text/csv; charset=utf-8", suffix="calendar",
           scheduler=True),
    # One file per tool and network: Hootsuite sends every row of a file to one profile. The
    # tool alone, as before those existed, is a zip of its file for each network.
    *(Format(tool, "scheduler", "zip", "application/zip", suffix=tool, scheduler=True)
      for tool in ("hootsuite", "buffer")),
    *(Format(f"{tool}-{network}", "scheduler", "csv", "text/csv; charset=utf-8",
             suffix=f"{tool}-{network}", scheduler=True)
      for tool in ("hootsuite", "buffer") for network in NETWORKS),
)}


# What a writer module's ``write`` takes: the synthesis, and the scheduler's key or the rows of
# the archive (``Format.scheduler``, ``Format.needs_archive``).
_Writes = Callable[[Synthesis], bytes]
_WritesSchedule = Callable[[Synthesis, str], bytes]
_WritesArchive = Callable[[Synthesis, dict[str, Any]], bytes]


def parse_formats(value: Any) -> list[Format]:
    """``"xlsx,pdf"`` or ``"all"`` → the formats, in a stable order; unknown names refused."""
    if not isinstance(value, str) or not value.strip():
        raise Invalid(fields={"format": [_l("Choose a format.")]})
    names = [n.strip().lower() for n in value.split(",") if n.strip()]
    if "all" in names:
        return list(FORMATS.values())
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise Invalid(fields={"format": [_l("Unknown format: %(names)s. Known: %(known)s.",
                                            names=", ".join(unknown),
                                            known=", ".join([*FORMATS, "all"]))]})
    return [FORMATS[n] for n in dict.fromkeys(names)]


def filename(workshop: Workshop, fmt: Format) -> str:
    # "Journée clients" → "journee-clients": letters keep their base, the rest becomes "-".
    plain = unicodedata.normalize("NFKD", workshop.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40].strip("-") or "workshop"
    return f"{workshop.join_code}-{slug}-{fmt.suffix}.{fmt.extension}"


def build(session: so.Session, workshop: Workshop) -> Synthesis:
    """The synthesis with the facilitator's curation laid over it: what every export writes."""
    from .builders import synthesis, workbench  # YAKE loads with the first export

    desk = workbench.desk_of(session, workshop, synthesis.roster(session, workshop).redact)
    built = synthesis.build(session, workshop, desk=desk)
    workbench.curate(built, desk, now=built.generated_at)
    return built


def write(session: so.Session, workshop: Workshop, fmt: Format, synthesis: Synthesis) -> bytes:
    # Imported by name, the module's attributes are Any: its ``write`` has the format's shape.
    writes = importlib.import_module(f"{__package__}.writers.{fmt.module}").write
    if fmt.scheduler:
        return cast(_WritesSchedule, writes)(synthesis, fmt.key)
    if fmt.needs_archive:
        from .archive import dump  # as in ``build``: loaded when an archive is asked for
        from .builders import synthesis as synthesis_of

        data = dump.dump(session, workshop, synthesis_of.roster(session, workshop))
        return cast(_WritesArchive, writes)(synthesis, data)
    return cast(_Writes, writes)(synthesis)


def render(session: so.Session, workshop: Workshop, fmt: Format) -> bytes:
    return write(session, workshop, fmt, build(session, workshop))


def export_to(
    session: so.Session, workshop: Workshop, formats: Iterable[Format], folder: Path,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write each format into ``folder`` (created if needed); returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    if progress:
        progress("synthesis")
    synthesis = build(session, workshop)
    written = []
    for fmt in formats:
        if progress:
            progress(fmt.key)
        path = folder / filename(workshop, fmt)
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(write(session, workshop, fmt, synthesis))
        tmp.replace(path)  # a reader never sees half a file
        written.append(path)
    return written
