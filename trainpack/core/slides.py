"""Slides as typed data: a closed set of layouts chosen by their ``layout`` key.

Writers draw each layout on the master's named layouts (see write/pptx) and in HTML; a new
layout is a model here, a case in render/deckspec and a template in templates/deck.
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar, Union

from pydantic import Field, field_validator, model_validator

from trainpack.core.base import Base, Citation, IconName, Id, Targeted, Text, as_list


class Bullet(Base):
    """A bullet with sub-points; a plain string is a bullet without them."""

    text: Text
    sub: list[Text] = Field(default_factory=list)
    icon: IconName | None = None


BulletItem = Union[Text, Bullet]  # noqa: UP007 (pydantic needs a runtime union here)


class SlideBase(Targeted):
    id: Id | None = None
    notes: list[Text] = Field(default_factory=list, description="facilitator notes (speaker notes)")
    cites: list[Citation] = Field(default_factory=list)
    icon: IconName | None = Field(default=None, description="an icon shown on the slide")

    _notes_list = field_validator("notes", mode="before")(as_list)


class TitleSlide(SlideBase):
    layout: Literal["title"]
    title: Text
    subtitle: str | None = None


class SectionSlide(SlideBase):
    layout: Literal["section"]
    title: Text
    subtitle: str | None = None


class BulletsSlide(SlideBase):
    layout: Literal["bullets"]
    title: Text
    bullets: list[BulletItem] = Field(min_length=1)


class Column(Base):
    heading: str | None = None
    bullets: list[BulletItem] = Field(min_length=1)


class TwoColumnSlide(SlideBase):
    layout: Literal["two-column", "comparison"]
    title: Text
    left: Column
    right: Column


class TableSlide(SlideBase):
    layout: Literal["table"]
    title: Text
    columns: list[Text] = Field(min_length=1, max_length=6)
    rows: list[list[str]] = Field(min_length=1)
    widths: list[float] | None = Field(default=None, description="relative column widths")

    @model_validator(mode="after")
    def _rows_match_columns(self) -> TableSlide:
        for number, row in enumerate(self.rows, 1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"row {number} has {len(row)} cells but the table has "
                    f"{len(self.columns)} columns\ngive every row one cell per column "
                    '(an empty cell is "")'
                )
        if self.widths is not None and len(self.widths) != len(self.columns):
            raise ValueError(
                f"widths has {len(self.widths)} numbers for {len(self.columns)} columns"
                "\ngive one relative width per column, e.g. [2, 1, 1]"
            )
        return self


class ImageSlide(SlideBase):
    layout: Literal["image"]
    title: Text
    image: Text = Field(description="image file, relative to the module folder")
    alt: str | None = Field(default=None, description="alternative text for screen readers")
    decorative: bool = False
    caption: str | None = None

    @model_validator(mode="after")
    def _alt_required(self) -> ImageSlide:
        return _check_alt(self)


class QuoteSlide(SlideBase):
    layout: Literal["quote"]
    title: Text
    quote: Text
    attribution: str | None = None


class CaseStudySlide(SlideBase):
    layout: Literal["case-study"]
    case_study: Id
    title: str | None = None


class Step(Base):
    label: Text
    detail: str | None = None
    icon: IconName | None = None


class ProcessSlide(SlideBase):
    layout: Literal["process"]
    title: Text
    steps: list[Step] = Field(min_length=2, max_length=6)


class ChecklistSlide(SlideBase):
    layout: Literal["checklist"]
    title: Text
    items: list[Text] = Field(min_length=1)


class ActivitySlide(SlideBase):
    layout: Literal["activity"]
    activity: Id
    title: str | None = None


class QuestionSlide(SlideBase):
    layout: Literal["question"]
    title: str | None = None
    question: Text
    prompts: list[Text] = Field(default_factory=list)


class DividerSlide(SlideBase):
    """A section divider: its number (counted in the module), a title and an icon."""

    layout: Literal["divider"]
    title: Text
    subtitle: str | None = None


class StatementSlide(SlideBase):
    """One key message in big type."""

    layout: Literal["statement"]
    statement: Text
    title: str | None = Field(default=None, description="a short heading above the statement")


class StatisticSlide(SlideBase):
    """A big figure, its caption and where it comes from."""

    layout: Literal["statistic"]
    title: Text
    figure: Text = Field(
        description="the big figure, a few characters (e.g. 7,432); may be a ${country.key}"
    )
    caption: Text
    source: Text = Field(description="where the figure comes from, with its date")


class GridItem(Base):
    icon: IconName
    label: Text
    detail: str | None = None


class IconGridSlide(SlideBase):
    """Three to six items, each an icon with a short label (e.g. groups of indicators)."""

    layout: Literal["icon-grid"]
    title: Text
    items: list[GridItem] = Field(min_length=3, max_length=6)


class TimelineEvent(Base):
    when: Text
    text: Text
    icon: IconName | None = None


class TimelineSlide(SlideBase):
    """Dated events in order (e.g. what changed since 2011)."""

    layout: Literal["timeline"]
    title: Text
    events: list[TimelineEvent] = Field(min_length=2, max_length=6)


class PictureSlide(SlideBase):
    """A picture (illustration, never a photograph of a child) beside a few bullets."""

    layout: Literal["picture"]
    title: Text
    image: Text = Field(description="image file, relative to the module folder")
    alt: str | None = Field(default=None, description="alternative text for screen readers")
    decorative: bool = False
    bullets: list[BulletItem] = Field(min_length=1, max_length=5)

    @model_validator(mode="after")
    def _alt_required(self) -> PictureSlide:
        return _check_alt(self)


_Pictured = TypeVar("_Pictured", "ImageSlide", "PictureSlide")


def _check_alt(slide: _Pictured) -> _Pictured:
    if not slide.decorative and not (slide.alt or "").strip():
        raise ValueError(
            "this image has no alt text\nadd `alt: …` describing what the picture shows, "
            "or `decorative: true` if it adds nothing"
        )
    return slide


Slide = Annotated[
    TitleSlide
    | SectionSlide
    | BulletsSlide
    | TwoColumnSlide
    | TableSlide
    | ImageSlide
    | QuoteSlide
    | CaseStudySlide
    | ProcessSlide
    | ChecklistSlide
    | ActivitySlide
    | QuestionSlide
    | DividerSlide
    | StatementSlide
    | StatisticSlide
    | IconGridSlide
    | TimelineSlide
    | PictureSlide,
    Field(discriminator="layout"),
]
LAYOUTS = (
    "title",
    "section",
    "bullets",
    "two-column",
    "comparison",
    "table",
    "image",
    "quote",
    "case-study",
    "process",
    "checklist",
    "activity",
    "question",
    "divider",
    "statement",
    "statistic",
    "icon-grid",
    "timeline",
    "picture",
)
