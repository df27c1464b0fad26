"""The course as typed data: what a trainer writes in modules/, checked by pydantic.

Slides live in core/slides.py and the shared building blocks in core/base.py; this module
holds the course around them: sections, activities, case studies, quizzes, modules, sources,
audiences and the course file, plus ``Course``, the whole validated course.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from trainpack.core.base import (
    LEVELS,
    Base,
    Citation,
    IconName,
    Id,
    Level,
    Minutes,
    Targeted,
    Text,
    as_list,
)
from trainpack.core.model_editions import CountryPack, EditionSpec, Languages
from trainpack.core.placeholders import PlaceholderUse
from trainpack.core.slides import (
    LAYOUTS,
    ActivitySlide,
    Bullet,
    BulletItem,
    BulletsSlide,
    CaseStudySlide,
    Column,
    DividerSlide,
    GridItem,
    IconGridSlide,
    ImageSlide,
    PictureSlide,
    ProcessSlide,
    QuestionSlide,
    QuoteSlide,
    SectionSlide,
    Slide,
    StatementSlide,
    StatisticSlide,
    Step,
    TableSlide,
    TimelineEvent,
    TimelineSlide,
    TitleSlide,
    TwoColumnSlide,
)
from trainpack.core.translation import Entry

__all__ = [
    "LAYOUTS",
    "LEVELS",
    "ActivitySlide",
    "Base",
    "Bullet",
    "BulletItem",
    "BulletsSlide",
    "CaseStudySlide",
    "Column",
    "DividerSlide",
    "GridItem",
    "IconGridSlide",
    "Id",
    "ImageSlide",
    "PictureSlide",
    "ProcessSlide",
    "QuestionSlide",
    "QuoteSlide",
    "SectionSlide",
    "Slide",
    "StatementSlide",
    "StatisticSlide",
    "Step",
    "TableSlide",
    "TimelineEvent",
    "TimelineSlide",
    "TitleSlide",
    "TwoColumnSlide",
]

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
Exploitation = Literal[
    "sexual",
    "criminal",
    "county-lines",
    "labour",
    "domestic-servitude",
    "benefit-fraud",
    "forced-marriage",
    "online",
    "begging",
]
EXPLOITATION: tuple[str, ...] = Exploitation.__args__  # type: ignore[attr-defined]


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
    icon: IconName | None = Field(default=None, description="shown on its divider and agenda")
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

    _lists = field_validator("instructions", "debrief", "materials", mode="before")(as_list)


class CaseProfile(Base):
    """Who the child in a case is, so the course's cases can be checked for variety."""

    name: Text = Field(description="the child's first name (fictional)")
    age: Annotated[int, Field(ge=0, le=17)]
    gender: Literal["girl", "boy", "other"]
    from_: Literal["national", "abroad"] = Field(
        alias="from", description="trafficked within the country, or brought from abroad"
    )
    exploitation: list[Exploitation] = Field(min_length=1)


class CaseStudy(Targeted):
    id: Id
    title: Text
    fictional: bool = Field(
        description="must be true: case studies are composites, never real cases"
    )
    profile: CaseProfile | None = None
    card: list[Annotated[str, Field(min_length=1, max_length=80)]] = Field(
        default_factory=list,
        max_length=5,
        description="at most five short facts for the slide's case card; the story stays in "
        "the handout, guide and notes",
    )
    icon: IconName | None = None
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
    objective: int | None = Field(
        default=None, ge=1, description="which of the module's objectives it tests (from 1)"
    )
    prepost: bool = Field(default=False, description="also an item of the pre/post-course test")
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
    """One module of the course: module.yaml plus its handout.md and facilitator.md."""

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

    _prep = field_validator("preparation", mode="before")(as_list)

    def all_cites(self) -> list[str]:
        """Everything the module cites: its own list plus every slide, case and quiz citation."""
        cites = list(self.cites)
        for section in self.sections:
            for slide in section.slides:
                cites += slide.cites
        for case in self.case_studies:
            cites += case.cites
        for question in self.quiz:
            cites += question.cites
        return list(dict.fromkeys(cites))


class SourceSection(Base):
    id: Citation
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
    theme: Id | None = Field(default=None, description="theme for --audience builds")
    slide_words: Annotated[int, Field(ge=5, le=200)] = Field(
        default=40, description="most words on a content slide (title and notes not counted)"
    )


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
    editions: list[EditionSpec] = Field(default_factory=list)
    countries: list[CountryPack] = Field(default_factory=list)
    languages: Languages | None = None
    placeholders: list[PlaceholderUse] = Field(default_factory=list)
    catalogs: dict[str, dict[str, dict[str, Entry]]] = Field(
        default_factory=dict, description="language -> scope -> context -> PO entry"
    )
    theme_ids: list[str] = Field(default_factory=list)

    def module(self, module_id: str) -> Module:
        return next(m for m in self.modules if m.id == module_id)

    def audience(self, audience_id: str) -> Audience:
        return next(a for a in self.audiences if a.id == audience_id)

    def language_codes(self) -> list[str]:
        """The source language first, then every language editions may ask for."""
        if self.languages is None:
            return ["en"]
        return [self.languages.source] + [lang.code for lang in self.languages.languages]

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
