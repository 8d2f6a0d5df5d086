"""A QR code as inline SVG (the join link on the projector), drawn without an imaging library.

``qrcode`` lays out the modules (pure Python); this module turns its matrix into one ``<path>``
of black squares on a white background, with the standard quiet zone of four modules, so the
page needs no image file and no Pillow.
"""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M

__all__ = ["BORDER", "qr_matrix", "qr_svg"]

BORDER = 4  # modules of white around the code: the quiet zone the QR standard asks for


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code's modules for ``text``, quiet zone included (True: dark).

    Raises:
        ValueError: ``text`` is empty.

    """
    if not isinstance(text, str) or not text:
        raise ValueError("qr_svg: the text to encode is empty (give the join link or code)")
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=BORDER)
    code.add_data(text)
    code.make(fit=True)
    return [[bool(m) for m in row] for row in code.get_matrix()]


def qr_svg(text: str, size_px: int = 240) -> str:
    """An inline ``<svg>`` element showing a QR code of ``text``.

    Args:
        text: What the code holds (e.g. the participants' link with its join code).
        size_px: Width and height of the drawing in CSS pixels; it scales without blur.

    Returns:
        The SVG markup: a white square of ``n`` x ``n`` units (``viewBox``), quiet zone
        included, and one black ``<path>`` made of a ``h``-run per row of dark modules.

    Raises:
        ValueError: ``text`` is empty, or ``size_px`` is not a positive whole number.

    """
    if isinstance(size_px, bool) or not isinstance(size_px, int) or size_px <= 0:
        raise ValueError(f"qr_svg: size_px {size_px!r} must be a positive whole number")
    matrix = qr_matrix(text)
    n = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < n:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < n and row[x]:
                x += 1
            runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size_px}" height="{size_px}" '
        f'viewBox="0 0 {n} {n}" shape-rendering="crispEdges" role="img" aria-label="QR code">'
        f'<rect width="{n}" height="{n}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/>'
        "</svg>"
    )
