"""The names a course declares, read from the raw files rather than the validated ones.

A file with a schema error does not validate, but its id is still known: checking the other
files' references against these names reports every mistake in one run without also
reporting "no module has id …" for a module whose only fault is a misspelt key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainpack.core.errors import Problem, did_you_mean
from trainpack.load.course import RawCourse
from trainpack.load.yamlsource import Loc, YamlDoc


def _id(doc: YamlDoc | None) -> str | None:
    data = doc.data if doc is not None else None
    value = data.get("id") if isinstance(data, dict) else None
    return str(value) if value is not None else None


def _ids(docs: list[YamlDoc], folder: Path | None = None) -> list[str]:
    """Ids of the files that were read, and the names of those that could not be (their
    syntax error is reported; their id is most likely their file name)."""
    ids = [i for i in (_id(d) for d in docs) if i]
    if folder is not None and folder.is_dir():
        read = {d.path.resolve() for d in docs}
        ids += [p.stem for p in sorted(folder.glob("*.yaml")) if p.resolve() not in read]
    return ids


def _number_or_text(value: Any) -> str:
    return str(value)


@dataclass
class Known:
    """Declared ids by kind; a validated course may hold fewer when files failed."""

    modules: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    editions: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    failed_modules: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, raw: RawCourse, valid_modules: list[str]) -> Known:
        modules = _ids([m.doc for m in raw.modules])
        # A module.yaml that could not be read (reported) is known by its folder's name.
        read = {m.folder.name for m in raw.modules}
        modules += [
            re.sub(r"^\d+[-_]", "", p.name)
            for p in sorted(raw.root.iterdir())
            if p.is_dir() and (p / "module.yaml").is_file() and p.name not in read
        ]
        citations: list[str] = []
        for doc in raw.sources:
            sections = doc.data.get("sections") if isinstance(doc.data, dict) else None
            for item in sections if isinstance(sections, list) else []:
                if isinstance(item, dict) and item.get("id") is not None:
                    citations.append(_number_or_text(item["id"]))
        return cls(
            modules=modules,
            audiences=_ids(raw.audiences, raw.root / "audiences"),
            countries=_ids(raw.countries, raw.root / "countries"),
            editions=_ids(raw.editions, raw.root / "editions"),
            citations=list(dict.fromkeys(citations)),
            failed_modules=set(modules) - set(valid_modules),
        )

    def section_known(self, ref: str, sections: set[str]) -> bool:
        """'module/section' exists, or belongs to a module that failed (reported there)."""
        return ref in sections or ref.partition("/")[0] in self.failed_modules


def paired(docs: list[YamlDoc], objs: list[Any]) -> list[tuple[YamlDoc, Any]]:
    """(doc, validated object) for the docs that validated, matched by origin path."""
    by_path = {o.origin.path: o for o in objs if getattr(o, "origin", None) is not None}
    return [(d, by_path[d.path]) for d in docs if d.path in by_path]


def at(
    doc: YamlDoc,
    loc: Loc,
    message: str,
    hint: str = "",
    severity: str = "error",
    at_key: bool = False,
) -> Problem:
    """A problem at the line of ``loc`` in ``doc`` (or of its nearest ancestor)."""
    return Problem(doc.where(loc, at_key=at_key), message, hint, severity)


def route_problems(
    doc: YamlDoc, modules: list[str] | None, excluded: list[str], known: Known, sections: set[str]
) -> list[Problem]:
    """An audience's or an edition's route: each module id and each excluded section that the
    course does not have, at its own line."""
    found = [
        at(
            doc,
            ("modules", index),
            f"no module has id '{module_id}'",
            did_you_mean(module_id, known.modules),
        )
        for index, module_id in enumerate(modules or [])
        if module_id not in known.modules
    ]
    found += [
        at(
            doc,
            ("exclude_sections", index),
            f"no section '{ref}'",
            "write module-id/section-id; " + did_you_mean(ref, sections),
        )
        for index, ref in enumerate(excluded)
        if not known.section_known(ref, sections)
    ]
    return found
