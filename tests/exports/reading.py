"""The text a reader gets from a PDF export, page by page, as Chromium's PDF viewer reads it.

PDFium (pypdfium2) extracts text about twenty times faster than pypdf, which the suite keeps
for the file's structure (metadata, bookmarks, images).
"""

from __future__ import annotations

import pypdfium2


def pdf_pages(data: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_bounded().replace("\r\n", "\n")
                for page in document]
    finally:
        document.close()
