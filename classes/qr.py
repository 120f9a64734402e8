"""The QR code of a class's join link, drawn here (segno), as an SVG that scales to any size."""

import io

import segno

from classes.errors import InvalidInput

MAX_LINK = 512


def qr_svg(link: str, title: str = "QR code of the class's join link") -> str:
    """An ``<svg>`` element (no XML declaration, no fixed size: it fills its container) with an accessible name.
    Dark modules on white, with the standard quiet zone, so it scans on a dark theme and from a projector."""
    if not isinstance(link, str) or not 0 < len(link) <= MAX_LINK or not link.isprintable():
        raise InvalidInput("The join link cannot be drawn as a QR code.")
    buffer = io.BytesIO()
    segno.make_qr(link, error="m").save(buffer, kind="svg", xmldecl=False, omitsize=True, border=4,
                                        dark="#000", light="#fff", title=title)
    return buffer.getvalue().decode().strip().replace("<svg ", '<svg role="img" ', 1)
