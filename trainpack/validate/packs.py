"""Stage 2, second half: editions, country packs, languages and placeholders.

Every name an edition uses (audience, country, language, theme, module, section) must exist;
every ``${country.key}`` in the content must have a value in every country pack; every
``${term.key}`` must have a default in course.yaml.  Unknown names get a did-you-mean.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trainpack.core.errors import Problem, did_you_mean, problem
from trainpack.core.model import Course
from trainpack.core.model_editions import CountryPack, EditionSpec, Languages
from trainpack.core.placeholders import NAMESPACES, PlaceholderUse, find, leftovers, map_strings
from trainpack.load.course import RawCourse
from trainpack.load.yamlsource import YamlDoc
from trainpack.validate.known import Known, paired, route_problems
from trainpack.validate.known import at as _at
from trainpack.validate.translations import template_gaps, translation_problems

Validator = Callable[..., Any]


def validate_packs(
    raw: RawCourse,
    course: Course,
    validate: Validator,
    problems: list[Problem],
    known: Known | None = None,
    course_ok: bool = True,
) -> Course:
    """Validate the pack files and return the course with them attached."""
    editions = [e for e in (validate(d, EditionSpec, problems) for d in raw.editions) if e]
    countries = []
    for doc in raw.countries:
        pack = validate(doc, CountryPack, problems)
        if pack is not None:
            pack._lines = {key: doc.where(("values", key)) for key in pack.values}
            countries.append(pack)
    languages = validate(raw.languages, Languages, problems) if raw.languages else None
    uses = _placeholders(raw, problems)
    catalogs: dict[str, dict[str, object]] = {}
    for language, entries in raw.catalogs.items():
        catalogs.setdefault(language, {})[""] = entries
    for module in raw.modules:
        module_id = module.doc.data.get("id") if isinstance(module.doc.data, dict) else None
        for language, entries in module.catalogs.items():
            catalogs.setdefault(language, {})[str(module_id)] = entries
    course = course.model_copy(
        update={
            "editions": editions,
            "countries": countries,
            "languages": languages,
            "placeholders": uses,
            "catalogs": catalogs,
            "theme_ids": raw.theme_ids,
        }
    )
    known = known or Known.of(raw, [m.id for m in course.modules])
    problems += _check_names(raw, course, known, course_ok)
    problems += _check_values(raw, course, course_ok)
    problems += translation_problems(raw)
    if raw.languages is not None:
        problems += template_gaps(raw.root, languages, raw.languages.path)
    return course


def _placeholders(raw: RawCourse, problems: list[Problem]) -> list[PlaceholderUse]:
    uses: list[PlaceholderUse] = []
    docs = [m.doc for m in raw.modules] + ([raw.course] if raw.course else [])

    def scan(doc: YamlDoc) -> Callable[[tuple, str], str]:
        def one(path: tuple, text: str) -> str:
            where = doc.where(path)
            for namespace, key, _ in find(text):
                uses.append(PlaceholderUse(namespace, key, where))
                if namespace not in NAMESPACES:
                    problems.append(
                        Problem(
                            where,
                            f"unknown placeholder '${{{namespace}.{key}}}'",
                            "placeholders are ${country.key} or ${term.key}; "
                            + did_you_mean(namespace, NAMESPACES),
                        )
                    )
            for bad in leftovers(text):
                problems.append(
                    Problem(
                        where,
                        f"malformed placeholder '{bad}'",
                        "write ${country.key} or ${term.key} with lower-case "
                        "letters, digits and underscores, or write $ { … } "
                        "with a space if you mean the characters",
                    )
                )
            return text

        return one

    for doc in docs:
        map_strings(doc.data, scan(doc))
    for module in raw.modules:
        for name in ("handout", "facilitator"):
            for part in getattr(module, name):
                for offset, line in enumerate(part.markdown.splitlines(), 1):
                    for namespace, key, column in find(line):
                        uses.append(
                            PlaceholderUse(
                                namespace,
                                key,
                                problem(
                                    module.folder / f"{name}.md",
                                    part.body_line + offset - 1,
                                    column + 1,
                                    "",
                                ).location,
                            )
                        )
    return uses


def _check_names(raw: RawCourse, course: Course, known: Known, course_ok: bool) -> list[Problem]:
    found: list[Problem] = []
    countries = known.countries
    languages = course.language_codes()
    sections = {f"{m.id}/{s.id}" for m in course.modules for s in m.sections}
    defaults = course.info.defaults
    for doc, edition in paired(raw.editions, course.editions):
        found += _check_edition(doc, edition, known, course, languages, sections)
    if not course_ok or raw.course is None:
        return found
    if countries and defaults.country not in countries:
        found.append(
            _at(
                raw.course,
                ("defaults", "country"),
                f"unknown country pack '{defaults.country}'",
                did_you_mean(defaults.country, countries),
            )
        )
    if defaults.edition and defaults.edition not in known.editions:
        found.append(
            _at(
                raw.course,
                ("defaults", "edition"),
                f"unknown edition '{defaults.edition}'",
                did_you_mean(defaults.edition, known.editions),
            )
        )
    if defaults.theme and course.theme_ids and defaults.theme not in course.theme_ids:
        found.append(
            _at(
                raw.course,
                ("defaults", "theme"),
                f"unknown theme '{defaults.theme}'",
                did_you_mean(defaults.theme, course.theme_ids),
            )
        )
    return found


def _check_edition(
    doc: YamlDoc,
    edition: EditionSpec,
    known: Known,
    course: Course,
    languages: list[str],
    sections: set[str],
) -> list[Problem]:
    found: list[Problem] = []
    audiences, countries = known.audiences, known.countries
    checks = [
        ("audience", edition.audience, audiences, "audience"),
        ("country", edition.country, countries, "country pack"),
        ("language", edition.language, languages, "language"),
        ("theme", edition.theme, course.theme_ids, "theme"),
    ]
    for key, value, names, what in checks:
        if value not in names and (names or key != "theme"):
            found.append(_at(doc, (key,), f"unknown {what} '{value}'", did_you_mean(value, names)))
    found += route_problems(doc, edition.modules, edition.exclude_sections, known, sections)
    return found


def _check_values(raw: RawCourse, course: Course, course_ok: bool) -> list[Problem]:
    """Every placeholder used must have a value in every pack (TODO counts as a value)."""
    found: list[Problem] = []
    terms = set(course.info.terms)
    for use in course.placeholders:
        if course_ok and use.namespace == "term" and use.key not in terms:
            found.append(
                Problem(
                    use.location,
                    f"no default for '${{term.{use.key}}}'",
                    f"add `{use.key}: …` under `terms:` in course.yaml; "
                    + did_you_mean(use.key, terms),
                )
            )
    needed = {u.key: u for u in course.placeholders if u.namespace == "country"}
    for doc, pack in paired(raw.countries, course.countries):
        for key, use in sorted(needed.items()):
            if key not in pack.values and not (key == "as_of" and pack.as_of):
                found.append(
                    _at(
                        doc,
                        ("values",),
                        f"country pack '{pack.id}' has no value for "
                        f"'{key}' (used at {use.location})",
                        f"add `{key}: …` under values:, or `{key}: TODO` for the "
                        "in-country team to fill",
                    )
                )
    return found


def todo_problems(course: Course, country_id: str) -> list[Problem]:
    """Values an in-country team still has to fill, as errors at the pack's lines."""
    pack = next(c for c in course.countries if c.id == country_id)
    return [
        Problem(
            pack._lines[key],
            f"country pack '{pack.id}': '{key}' is still TODO ({pack.values[key]})",
            "fill in the value for this country before delivering",
        )
        for key in pack.todo()
    ]
