"""Typed files that turn the course into a pack for one session: editions, country packs,
languages and schedules.  Same rules as model.py: unknown keys are errors."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator

from trainpack.core.base import Base, Id

Clock = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="24-hour HH:MM")]
LangCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")]
Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def clock(total: int) -> str:
    return f"{total // 60:02d}:{total % 60:02d}"


class Break(Base):
    at: Clock = Field(
        description="when the break should start (it moves to the nearest section boundary)"
    )
    minutes: Annotated[int, Field(gt=0, le=120)]
    label: str = "Break"


class Day(Base):
    date: str | None = Field(default=None, description="e.g. 2026-12-03 or 'Day 1'")
    start: Clock
    end: Clock
    breaks: list[Break] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ordered(self) -> Day:
        if minutes(self.end) <= minutes(self.start):
            raise ValueError(
                f"the day ends ({self.end}) before it starts ({self.start})\n"
                'write times as 24-hour HH:MM, e.g. start: "09:30", end: "16:30"'
            )
        for item in self.breaks:
            if not minutes(self.start) <= minutes(item.at) < minutes(self.end):
                raise ValueError(
                    f"the break at {item.at} is outside the day "
                    f"({self.start}–{self.end})\nmove it inside the day"
                )
        return self


class EditionSpec(Base):
    """modules/editions/<id>.yaml: one named pack."""

    id: Id
    name: str
    audience: Id
    country: Id
    language: LangCode = "en"
    theme: Id = "default"
    modules: list[Id] | None = None
    exclude_sections: list[str] = Field(default_factory=list)
    paper: Literal["a4", "letter"] = "a4"
    large_print: bool = Field(default=False, description="also print large-print handouts")
    venue: str | None = None
    trainer: str | None = Field(default=None, description="printed on certificates")
    organisation: str | None = Field(default=None, description="printed on certificates")
    schedule: list[Day] = Field(default_factory=list, description="one entry per day")


class CountryPack(Base):
    """modules/countries/<id>.yaml: the national facts content refers to as ${country.key}."""

    id: Id
    name: str
    status: Literal["complete", "template", "draft"] = "complete"
    as_of: str | None = Field(default=None, description="when its facts were checked, e.g. 2026-12")
    framing: str | None = Field(default=None, description="how to present the guidance here")
    values: dict[Key, str] = Field(min_length=1)
    _lines: dict = PrivateAttr(default_factory=dict)  # key -> SourceLocation, from validate

    @field_validator("values")
    @classmethod
    def _no_empty(cls, values: dict[str, str]) -> dict[str, str]:
        empty = [k for k, v in values.items() if not str(v).strip()]
        if empty:
            raise ValueError(
                f"empty value for {', '.join(empty)}\nwrite the value, or TODO "
                "to mark it for the in-country team"
            )
        return values

    def todo(self) -> list[str]:
        return [k for k, v in self.values.items() if re.search(r"\bTODO\b", v)]


class Language(Base):
    code: LangCode
    name: str
    english_name: str
    direction: Literal["ltr", "rtl"] = "ltr"
    status: Literal["source", "reviewed", "draft"] = "draft"
    note: str | None = None


class Languages(Base):
    """modules/languages.yaml: the languages editions may ask for."""

    source: LangCode = "en"
    languages: list[Language] = Field(min_length=1)
