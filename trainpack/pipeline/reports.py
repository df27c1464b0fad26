"""Read-only reports on a validated course: the module/audience listing and coverage of the
source's sections (which modules cite each one), so gaps show when the guidance changes."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from trainpack.core.model import Course
from trainpack.tailor.edition import tailor_course


def print_listing(course: Course) -> None:
    console = Console(highlight=False)
    editions = {a.id: tailor_course(course, a.id) for a in course.audiences}
    modules = Table(title=f"{course.info.title}: modules", title_justify="left")
    for column in ("#", "id", "title", "min", "level", "audiences"):
        modules.add_column(column, justify="right" if column in ("#", "min") else "left")
    for number, module_id in enumerate(course.info.modules, 1):
        module = course.module(module_id)
        receiving = [a for a, e in editions.items() if any(m.id == module_id for m in e.modules)]
        modules.add_row(
            str(number),
            module.id,
            module.title,
            str(module.duration),
            module.level,
            "all" if len(receiving) == len(editions) else ", ".join(receiving),
        )
    console.print(modules)
    audience_table = Table(title="Audiences", title_justify="left")
    for column in ("id", "name", "level", "modules", "min", "default"):
        audience_table.add_column(
            column, justify="right" if column in ("modules", "min") else "left"
        )
    for audience in course.audiences:
        edition = editions[audience.id]
        audience_table.add_row(
            audience.id,
            audience.name,
            audience.level,
            str(len(edition.modules)),
            str(edition.duration),
            "yes" if audience.id == course.info.defaults.audience else "",
        )
    console.print(audience_table)
    if course.editions:
        edition_table = Table(
            title="Editions (python build.py build --edition ID)", title_justify="left"
        )
        for column in ("id", "audience", "country", "language", "theme", "days", "default"):
            edition_table.add_column(column)
        for spec in course.editions:
            edition_table.add_row(
                spec.id,
                spec.audience,
                spec.country,
                spec.language,
                spec.theme,
                str(len(spec.schedule)) if spec.schedule else "-",
                "yes" if spec.id == course.info.defaults.edition else "",
            )
        console.print(edition_table)


def coverage(course: Course) -> dict[str, list[str]]:
    """Source section id -> ids of the modules that cite it (directly or in any block)."""
    cited: dict[str, list[str]] = {s: [] for s in course.source_sections()}
    for module in course.modules:
        for cite in module.all_cites():
            cited.setdefault(cite, []).append(module.id)
    return cited


def print_coverage(course: Course) -> int:
    """Print the section x module table; 1 when a confirmed section is cited nowhere."""
    console = Console(highlight=False)
    table = Table(title="Coverage of the source's sections", title_justify="left")
    for column in ("section", "heading", "cited by"):
        table.add_column(column)
    sections = course.source_sections()
    gaps = []
    for section_id, modules in coverage(course).items():
        section = sections[section_id]
        if not modules and section.confirmed:
            gaps.append(section_id)
        shown = (
            ", ".join(modules)
            if modules
            else ("NOT COVERED" if section.confirmed else "(not confirmed; optional)")
        )
        table.add_row(section_id, section.heading, shown)
    console.print(table)
    cited = sum(1 for modules in coverage(course).values() if modules)
    console.print(
        f"{cited} of {len(sections)} sections cited; "
        + (
            f"confirmed but not covered: {', '.join(gaps)}"
            if gaps
            else "every confirmed section is cited"
        )
    )
    return 1 if gaps else 0


def listing_json(course: Course) -> dict:
    """Editions (and modules, audiences) as data, for a CI build matrix to fan out."""
    editions = [
        {
            "id": spec.id,
            "name": spec.name,
            "audience": spec.audience,
            "country": spec.country,
            "language": spec.language,
            "theme": spec.theme,
            "paper": spec.paper,
            "large_print": spec.large_print,
            "modules": spec.modules or [],
            "default": spec.id == course.info.defaults.edition,
            "build": ["build", "--edition", spec.id],
        }
        for spec in course.editions
    ]
    return {
        "course": course.info.title,
        "version": course.info.version,
        "editions": editions,
        "modules": [{"id": m.id, "title": m.title, "minutes": m.duration} for m in course.modules],
        "audiences": [{"id": a.id, "name": a.name} for a in course.audiences],
    }
