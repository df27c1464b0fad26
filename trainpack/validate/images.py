"""Pictures a module names (``image:`` on image and picture slides): inside the module
folder, present, and a picture that can be used (judged from its header, not decoded)."""

from __future__ import annotations

from pathlib import Path

from trainpack.core.errors import Problem, did_you_mean
from trainpack.core.model import ImageSlide, PictureSlide
from trainpack.load.assets import picture_problem
from trainpack.load.yamlsource import Loc, YamlDoc


def _at(doc: YamlDoc, loc: Loc, message: str, hint: str = "") -> Problem:
    return Problem(doc.where(loc), message, hint)


def check_image(
    doc: YamlDoc, folder: Path, slide: ImageSlide | PictureSlide, loc: Loc
) -> list[Problem]:
    path = (folder / slide.image).resolve()
    if not path.is_relative_to(folder.resolve()):
        return [
            _at(
                doc,
                loc + ("image",),
                f"image '{slide.image}' is outside the module folder",
                "copy the picture into the module folder (e.g. images/) and name it there",
            )
        ]
    if path.is_file() and picture_problem(path):
        return [
            _at(
                doc,
                loc + ("image",),
                f"image '{slide.image}' cannot be used: {picture_problem(path)}",
                "save the picture as a PNG or JPEG of a sensible size (e.g. 1600 x 900 pixels)",
            )
        ]
    if not path.is_file():
        nearby = [
            str(p.relative_to(folder))
            for p in folder.rglob("*")
            if p.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif")
        ]
        found = did_you_mean(slide.image, nearby) if nearby else "it has no pictures yet"
        return [
            _at(
                doc,
                loc + ("image",),
                f"image file '{slide.image}' not found",
                "put the file in the module folder; " + found,
            )
        ]
    return []
