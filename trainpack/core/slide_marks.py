"""Where a slide picture goes on a printed page, and which slide it is.

Each slide is drawn once, as a page of its deck's slides PDF.  The slide handout and the
guide do not draw it again: their HTML holds a mark in its place, a one-row grey PNG whose
pixels spell a signature, the deck's place in the job's list of slides PDFs (from 1) and the
slide's number.  The PDF writer then puts the slides PDF's page where each mark was drawn
(``write/pdf/impose.py``).  The mark is an ``<img>`` with the slide's text as its alt, so
the tagged PDF has a Figure that a screen reader can read.
"""

from __future__ import annotations

from base64 import b64encode
from functools import lru_cache
from io import BytesIO

SIGNATURE = b"trainpk\x01"
WIDTH = len(SIGNATURE) + 8  # pixels: the signature, then two 32-bit numbers


@lru_cache(maxsize=4096)
def mark_url(deck: int, number: int) -> str:
    """A ``data:`` URL of the PNG that stands for slide ``number`` of deck ``deck``."""
    from PIL import Image

    pixels = SIGNATURE + deck.to_bytes(4, "big") + number.to_bytes(4, "big")
    buffer = BytesIO()
    Image.frombytes("L", (WIDTH, 1), pixels).save(buffer, "PNG")
    return "data:image/png;base64," + b64encode(buffer.getvalue()).decode("ascii")


def read_mark(pixels: bytes) -> tuple[int, int] | None:
    """(deck, slide number) of a mark's decoded pixels, or None for any other picture."""
    if len(pixels) != WIDTH or not pixels.startswith(SIGNATURE):
        return None
    rest = pixels[len(SIGNATURE) :]
    return int.from_bytes(rest[:4], "big"), int.from_bytes(rest[4:], "big")
