"""The building blocks every course file shares: the strict base model, ids, text and levels.

Every model forbids unknown keys (so a typo is reported with a did-you-mean) and is frozen,
and remembers where it was written (``origin``) so later stages can point back at the line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    model_validator,
)

from trainpack.core.errors import SourceLocation

Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=60)]
Minutes = Annotated[int, Field(gt=0, le=600)]


def _token(value: object) -> object:
    """YAML reads an unquoted 4.2 or 12 as a number; a section id is the text written."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


Citation = Annotated[
    str,
    BeforeValidator(_token),
    Field(
        pattern=r"^\S{1,24}$",
        description="a section id its source declares (S1, 4.2, A-3, §12, G7.2): "
        "any short token without spaces",
    ),
]
IconName = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=60,
        description="an icon by name, e.g. shield-check (templates/icons/lucide/*.svg)",
    ),
]

LEVELS = ("awareness", "foundation", "specialist")
Level = Literal["awareness", "foundation", "specialist"]


_ORIGIN = "trainpack.origin"  # the validation context's key for "where was this written"


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    _origin: SourceLocation | None = PrivateAttr(default=None)

    @property
    def origin(self) -> SourceLocation | None:
        """Where this object was written (file:line), set while it is validated."""
        return self._origin

    @model_validator(mode="wrap")
    @classmethod
    def _located(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        """Every object validated through ``validate_located`` learns its own origin."""
        obj = handler(data)
        find = (info.context or {}).get(_ORIGIN)
        if find is not None and isinstance(obj, Base):
            obj._origin = find(data)
        return obj


M = TypeVar("M", bound=Base)
Loc = tuple[Any, ...]


def validate_located(model: type[M], data: Any, where: Callable[[Loc], SourceLocation | None]) -> M:
    """``data`` validated as ``model``, each model object in it carrying ``where(path)`` of
    the mapping it was made from, so errors found later point at the author's line."""
    paths = dict(_mappings(data, ()))

    def find(value: Any) -> SourceLocation | None:
        path = paths.get(id(value))
        return where(path) if path is not None else None

    return model.model_validate(data, context={_ORIGIN: find})


def _mappings(data: Any, path: Loc) -> Iterator[tuple[int, Loc]]:
    if isinstance(data, dict):
        yield id(data), path
        for key, value in data.items():
            yield from _mappings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _mappings(value, path + (index,))


def as_list(value: object) -> object:
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
