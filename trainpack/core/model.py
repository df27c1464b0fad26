"""The course as typed data: what a trainer writes in modules/, checked by pydantic.

Every model forbids unknown keys (so a typo is reported with a did-you-mean), and
slides are a closed set of layouts chosen by their ``layout`` key.  Each object
remembers where it was written (``origin``) so later stages can point back at
the YAML line, e.g. for a slide whose text cannot fit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from trainpack.core.errors import SourceLocation

Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=60)]
Minutes = Annotated[int, Field(gt=0, le=600)]
Citation = Annotated[str, Field(pattern=r"^G\d+(\.\d+[a-z]?)?$")]

LEVELS = ("awareness", "foundation", "specialist")
Level = Literal["awareness", "foundation", "specialist"]
Method = Literal[
    "presentation",
    "discussion",
    "small-group",
    "pairs",
    "individual",
    "plenary",
    "case-study",
    "quiz",
    "video",
    "reflection",
    "activity",
    "role-play",
    "break",
]
ActivityType = Literal[
    "small-group",
    "pairs",
    "individual",
    "plenary",
    "card-sort",
    "case-discussion",
    "role-play",
    "reflection",
    "quiz-game",
    "walk-through",
]


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    _origin: SourceLocation | None = PrivateAttr(default=None)

    @property
    def origin(self) -> SourceLocation | None:
        """Where this object was written (file:line), set by the validator."""
        return self._origin


def _as_list(value: object) -> object:
    """Let authors write one paragraph as plain text where a list is expected."""
    return [value] if isinstance(value, str) else value


class Targeted(Base):
    """A block that may be limited to some audiences."""

    only: list[Id] = Field(default_factory=list, description="show only for these audience ids")
    except_: list[Id] = Field(
        default_factory=list, alias="except", description="hide for these audience ids"
    )

    def shown_to(self, audience: str) -> bool:
        return (not self.only or audience in self.only) and audience not in self.except_


class Bullet(Base):
    """A bullet with sub-points; a plain string is a bullet without them."""

    text: Text
    sub: list[Text] = Field(default_factory=list)


BulletItem = Union[Text, Bullet]  # noqa: UP007 (pydantic needs a runtime union here)


class SlideBase(Targeted):
    id: Id | None = None
    notes: list[Text] = Field(default_factory=list, description="facilitator notes (speaker notes)")
    cites: list[Citation] = Field(default_factory=list)

    _notes_list = field_validator("notes", mode="before")(_as_list)


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
        if not self.decorative and not (self.alt or "").strip():
            raise ValueError(
                "this image has no alt text\nadd `alt: …` describing what the picture shows, "
                "or `decorative: true` if it adds nothing"
            )
        return self


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
    | QuestionSlide,
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
)


class Section(Targeted):
    """A timed block of the session plan."""

    id: Id
    title: Text
    duration: Minutes
    method: Method = "presentation"
    materials: list[Text] = Field(default_factory=list)
    optional: bool = Field(default=False, description="may be dropped when time is short")
    level: Level | None = Field(
        default=None,
        description="lowest audience depth that "
        "receives this section (awareness < foundation < specialist)",
    )
    slides: list[Slide] = Field(default_factory=list)


class Activity(Targeted):
    id: Id
    title: Text
    type: ActivityType
    duration: Minutes
    group_size: str | None = None
    purpose: str | None = None
    materials: list[Text] = Field(default_factory=list)
    task: Text = Field(description="short task text participants see on the slide and handout")
    instructions: list[Text] = Field(min_length=1, description="numbered steps for the trainer")
    debrief: list[Text] = Field(default_factory=list)
    opt_out: str | None = Field(default=None, description="what someone may do instead")

    _lists = field_validator("instructions", "debrief", "materials", mode="before")(_as_list)


class CaseStudy(Targeted):
    id: Id
    title: Text
    fictional: bool = Field(
        description="must be true: case studies are composites, never real cases"
    )
    story: Text
    questions: list[Text] = Field(min_length=1)
    answer_notes: list[Text] = Field(default_factory=list, description="facilitator only")
    cites: list[Citation] = Field(default_factory=list)

    @field_validator("fictional")
    @classmethod
    def _must_be_fictional(cls, value: bool) -> bool:
        if not value:
            raise ValueError(
                "case studies must be fictional composites\nset `fictional: true` and remove "
                "anything that could identify a real child"
            )
        return value


class QuizQuestion(Targeted):
    question: Text
    options: list[Text] = Field(min_length=2, max_length=6)
    answer: int = Field(ge=1, description="number of the correct option, counting from 1")
    explanation: Text
    cites: list[Citation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _answer_in_range(self) -> QuizQuestion:
        if self.answer > len(self.options):
            raise ValueError(
                f"answer is {self.answer} but there are only {len(self.options)} options"
                "\nanswer is the number of the correct option, counting from 1"
            )
        return self


class ProsePart(Base):
    """A part of a module's Markdown file, optionally tied to a section by ``{#section-id}``."""

    heading: str
    section: str | None = None
    markdown: str
    line: int = 1


class Module(Base):
    id: Id
    title: Text
    summary: Text
    duration: Minutes
    level: Level = "foundation"
    objectives: list[Text] = Field(min_length=1)
    key_messages: list[Text] = Field(min_length=1)
    cites: list[Citation] = Field(default_factory=list)
    content_warning: str | None = None
    preparation: list[Text] = Field(default_factory=list, description="what the trainer prepares")
    sections: list[Section] = Field(min_length=1)
    activities: list[Activity] = Field(default_factory=list)
    case_studies: list[CaseStudy] = Field(default_factory=list)
    quiz: list[QuizQuestion] = Field(default_factory=list)
    # Filled by the loader from handout.md / facilitator.md, never from module.yaml.
    handout: list[ProsePart] = Field(default_factory=list, exclude=True)
    facilitator: list[ProsePart] = Field(default_factory=list, exclude=True)
    folder: str = Field(default="", exclude=True)

    _prep = field_validator("preparation", mode="before")(_as_list)


class SourceSection(Base):
    id: Annotated[str, Field(pattern=r"^G\d+(\.\d+[a-z]?)?$")]
    heading: Text
    page: int | None = None
    confirmed: bool = True
    note: str | None = None


class Source(Base):
    id: Id
    title: Text
    subtitle: str | None = None
    publisher: Text
    year: int
    sections: list[SourceSection] = Field(min_length=1)


class Audience(Base):
    id: Id
    name: Text
    description: Text
    level: Level = "foundation"
    modules: list[Id] | None = Field(default=None, description="module ids; omit for all")
    exclude_sections: list[str] = Field(
        default_factory=list, description="'module-id/section-id' entries to leave out"
    )
    terms: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Text] = Field(
        default_factory=dict, description="this audience's words for ${term.key}"
    )


class Facilitation(Base):
    """Course-wide guidance for trainers, printed in the facilitator guide."""

    ground_rules: list[Text] = Field(default_factory=list)
    disclosure: list[Text] = Field(default_factory=list)
    wellbeing: list[Text] = Field(default_factory=list)
    materials: list[Text] = Field(default_factory=list)


class Defaults(Base):
    audience: Id
    paper: Literal["a4", "letter"] = "a4"
    edition: Id | None = Field(default=None, description="what a bare build.py builds")
    country: Id = Field(default="england-2011", description="country pack for --audience builds")


class CourseInfo(Base):
    """modules/course.yaml."""

    title: Text
    subtitle: str | None = None
    version: str = Field(
        default="1", description="the course's version; one starting with a year dates the files"
    )
    author: str | None = Field(default=None, description="written into each file's properties")
    organisation: str | None = Field(
        default=None, description="the organisation that owns the course (file properties)"
    )
    date: str | None = Field(
        default=None,
        description="YYYY-MM-DD written into every file (default: from the version); "
        "SOURCE_DATE_EPOCH overrides it",
    )
    content_warning: str | None = None
    modules: list[Id] = Field(min_length=1)
    defaults: Defaults
    facilitation: Facilitation = Field(default_factory=Facilitation)
    terms: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Text] = Field(
        default_factory=dict, description="default words for ${term.key}"
    )


class Course(Base):
    """The whole validated course: everything later stages need, nothing from disk."""

    info: CourseInfo
    modules: list[Module]
    audiences: list[Audience]
    sources: list[Source]
    root: str = ""
    editions: list[Any] = Field(default_factory=list)  # model_editions.Edition
    countries: list[Any] = Field(default_factory=list)  # model_editions.CountryPack
    languages: Any = None  # model_editions.Languages
    placeholders: list[Any] = Field(default_factory=list)  # placeholders.PlaceholderUse
    catalogs: dict[str, dict[str, Any]] = Field(default_factory=dict)  # lang -> scope -> PO
    theme_ids: list[str] = Field(default_factory=list)

    def module(self, module_id: str) -> Module:
        return next(m for m in self.modules if m.id == module_id)

    def audience(self, audience_id: str) -> Audience:
        return next(a for a in self.audiences if a.id == audience_id)

    def source_sections(self) -> dict[str, SourceSection]:
        return {s.id: s for src in self.sources for s in src.sections}


def walk(obj: Base, loc: tuple = ()) -> Iterator[tuple[Base, tuple]]:
    """Every model object inside ``obj`` (itself included) with its data path."""
    yield obj, loc
    for name, field in type(obj).model_fields.items():
        if field.exclude:
            continue
        value = getattr(obj, name)
        key = field.alias or name
        if isinstance(value, Base):
            yield from walk(value, loc + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Base):
                    yield from walk(item, loc + (key, index))
