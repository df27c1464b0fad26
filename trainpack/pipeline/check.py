"""What an in-country team asks before delivering an edition: what is still to fill in,
what is untranslated or stale, whether the theme is readable, whether the day fits — and the
command that keeps translators' PO files in step with the English."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from trainpack.core.errors import BuildError, Problem, SourceLocation, problem
from trainpack.core.model import Course
from trainpack.core.resources import THEMES
from trainpack.load.assets import master_problem
from trainpack.load.catalog import Coverage, prose_texts, texts, update_catalog
from trainpack.tailor.edition import edition_spec, tailor_edition
from trainpack.tailor.localise import localise_module
from trainpack.validate.budget import GENERATED_HINT, HINT, over_budget
from trainpack.validate.packs import todo_problems
from trainpack.validate.theme import course_theme
from trainpack.validate.translations import msgstr_line


def check_course(source: Path, edition: str | None = None) -> tuple[Course | None, list[Problem]]:
    """Every stage's checks on whatever loaded, in one list sorted by file and line.

    The course is None when it has errors; ``build`` refuses what this finds errors in
    (schema, references, citations, placeholders, translations, themes, contrast, the
    master being out of date), so a check that passes is a build that starts."""
    from trainpack.load.course import load_course
    from trainpack.validate.course import validate_course
    from trainpack.validate.review import review_course

    raw = load_course(source)  # no course.yaml at all: a usage error, raised
    course: Course | None
    try:
        course, found = validate_course(raw)
        found += review_course(course, raw)  # what a trainer reading it would catch
        found += translated_budget(course)
    except BuildError as exc:
        course, found = None, list(exc.problems)
    found += [p for p in _theme_problems(Path(raw.root), raw.theme_ids) if p not in found]
    if course is not None and edition:
        found += [p for p in check_edition(course, edition) if p not in found]
    found.sort(key=lambda p: (str(p.location.path), p.location.line or 0, p.location.column or 0))
    if any(p.severity == "error" for p in found):
        course = None
    return course, found


UNCOUNTED = {"notes", "title", "answer_notes", "cites"}  # texts a slide's words leave out


def translated_budget(course: Course) -> list[Problem]:
    """A translated slide over the word budget, at the first translated text of that slide in
    its .po file: a translation often runs longer than the English it was made from."""
    defaults = getattr(course.info, "defaults", None)
    limit = getattr(defaults, "slide_words", 40)
    found: list[Problem] = []
    for module in course.modules:
        for language, catalogs in course.catalogs.items():
            entries = catalogs.get(module.id)
            if not entries:
                continue
            po = Path(course.root) / module.folder / "locales" / f"{language}.po"
            local = localise_module(module, entries, {}, Coverage())
            contexts = list(texts(module.model_dump(by_alias=True)))
            for loc, what, words in over_budget(local, limit):
                entry = next(
                    (
                        entries[c]
                        for c, path, text in contexts
                        if path[: len(loc)] == loc
                        and not set(path[len(loc) :]) & UNCOUNTED
                        and c in entries
                        and entries[c].msgstr
                        and entries[c].msgid == text
                    ),
                    None,
                )
                if entry is None:
                    continue  # untranslated: the English warning covers it
                found.append(
                    Problem(
                        SourceLocation(po, msgstr_line(po, entry.line)),
                        f"in {language}, {what} ({module.id}) carries {words} words, "
                        f"over the budget of {limit}",
                        HINT if loc[0] == "sections" else GENERATED_HINT,
                        "warning",
                    )
                )
    return found


def _theme_problems(root: Path, theme_ids: list[str]) -> list[Problem]:
    """Contrast, layouts, fonts and master of every theme the course can use."""
    from trainpack.validate.theme import check_theme, load_theme

    found: list[Problem] = []
    for theme_id in theme_ids:
        try:
            found += check_theme(load_theme(theme_id, [root / "themes", THEMES]))
        except BuildError as exc:
            found += exc.problems
    own = root / "templates" / "deck" / "master.pptx"
    reason = master_problem(own) if own.is_file() else None
    if reason:  # the same check a build makes before it opens the master
        found.append(
            problem(
                own,
                None,
                None,
                f"the master cannot be used: {reason}",
                "save it from PowerPoint as a plain .pptx (no macros)",
            )
        )
    return found


def check_edition(course: Course, name: str) -> list[Problem]:
    """Every problem that stands between this edition and a session, errors and warnings."""
    spec = edition_spec(course, name)
    found: list[Problem] = []
    if any(c.id == spec.country for c in course.countries):
        found += todo_problems(course, spec.country)
    theme = course_theme(course, spec.theme)
    if theme is not None:
        from trainpack.validate.theme import check_theme

        found += check_theme(theme)
    try:
        edition = tailor_edition(course, spec, theme=theme)
    except BuildError as exc:
        return found + [p for p in exc.problems if p not in found]
    found += list(edition.warnings)
    if edition.agenda is not None:
        for module, section in edition.agenda.dropped:
            found.append(
                Problem(
                    section.origin or spec.origin or SourceLocation(Path(course.root)),
                    f"edition '{spec.id}': optional "
                    f"section '{module.id}/{section.id}' is dropped to fit the "
                    "schedule",
                    "lengthen the day to keep it",
                    "note",
                )
            )
    return found


def check_themes(course: Course) -> list[Problem]:
    """Contrast and layouts of every theme the course can use."""
    from trainpack.validate.theme import check_theme

    found: list[Problem] = []
    for theme_id in course.theme_ids:
        theme = course_theme(course, theme_id)
        if theme is not None:
            found += check_theme(theme)
    return found


def update_translations(course: Course, language: str, module_ids: list[str] | None) -> None:
    """Create or update modules/…/locales/<language>.po and the course-wide catalogue."""
    if language not in course.language_codes()[1:]:
        from trainpack.core.errors import did_you_mean

        raise BuildError(
            [
                problem(
                    Path(course.root) / "languages.yaml",
                    None,
                    None,
                    f"'{language}' is not a translation language of this course",
                    did_you_mean(language, course.language_codes()[1:])
                    + "; add it to languages.yaml first",
                )
            ],
            category="usage",
        )
    console = Console(highlight=False)
    root = Path(course.root)
    shared = [(f"course.{c}", t) for c, _, t in texts(course.info.model_dump(by_alias=True))]
    for audience in course.audiences:
        shared += [
            (f"audiences.{audience.id}.{c}", t)
            for c, _, t in texts(audience.model_dump(by_alias=True))
        ]
    for pack in course.countries:
        shared += [
            (f"countries.{pack.id}.{c}", t)
            for c, _, t in texts(pack.model_dump(by_alias=True))
            if pack.status != "template"
        ]
    for src in course.sources:  # source headings are course text too
        shared += [(f"sources.{src.id}.{c}", t) for c, _, t in texts(src.model_dump(by_alias=True))]
    jobs = [(root / "locales" / f"{language}.po", shared, "course-wide text")]
    for module in course.modules:
        if module_ids and module.id not in module_ids:
            continue
        entries = [(c, t) for c, _, t in texts(module.model_dump(by_alias=True))]
        for name in ("handout", "facilitator"):
            entries += [(c, t) for c, _, _, t in prose_texts(getattr(module, name), name)]
        jobs.append((root / module.folder / "locales" / f"{language}.po", entries, module.id))
    for path, entries, label in jobs:
        added, changed = update_catalog(path, language, entries, course.info.title)
        console.print(
            f"{path.relative_to(root)}: {len(entries)} texts, {added} new, "
            f"{changed} changed since translated ({label})"
        )
