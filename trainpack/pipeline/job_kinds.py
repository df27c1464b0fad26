"""What each output of an edition is made from: the PPTX writer's setup (master, fonts,
logo, colours) and each PDF's HTML, title, allowed folders, the files that shape it and the
slides PDFs it places.  ``build`` turns these into jobs; ``preview`` uses the deck setup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trainpack.load.course import THEMES
from trainpack.pipeline.assets import check_deck_assets
from trainpack.pipeline.jobs import DeckSetup, Job, folder_files, pdf_options
from trainpack.render.printed import Piece
from trainpack.render.renderer import TEMPLATES, Renderer
from trainpack.tailor.edition import Edition


def deck_setup(edition: Edition) -> DeckSetup:
    """What the PPTX writer needs for this edition: master, fonts, logo, direction, colours."""
    from trainpack.core.icons import icon_dirs

    theme = edition.theme
    icons = icon_dirs(edition.course.root)
    if theme is None:
        return DeckSetup(_deck_template(edition), icon_dirs=icons)
    return DeckSetup(
        _deck_template(edition, theme.master),
        fonts=tuple(sorted(theme.font_files.items())),
        logo=theme.pack_logo,
        rtl=edition.direction == "rtl",
        colors=tuple(sorted(theme.colors.items())),
        icon_dirs=icons,
    )


def check_decks(edition: Edition, decks: list, setup: DeckSetup) -> None:
    """Layouts the templates used and files the decks name exist, before anything is written."""
    from trainpack.render.vocabulary import check_layouts
    from trainpack.write.pptx.writer import LAYOUTS

    check_layouts(decks, LAYOUTS, _template_dirs(edition))
    check_deck_assets(Path(edition.course.root), decks, setup.template, setup.logo)


def deck_depends(setup: DeckSetup) -> tuple[Path, ...]:
    return (
        setup.template,
        *(p for _, p in setup.fonts),
        *([setup.logo] if setup.logo else []),
        *folder_files(*setup.icon_dirs),
    )


def pdf_job(
    edition: Edition,
    renderer: Renderer,
    kind: str,
    module: Any = None,
    printed: tuple[Piece, str] | None = None,
) -> Job:
    root = Path(edition.course.root)
    theme_folder = edition.theme.folder if edition.theme else None
    reads: tuple[str, ...] = ()  # the slides PDFs whose pages this PDF places
    roots = [TEMPLATES, root] + ([theme_folder] if theme_folder else [])
    if module is not None and kind in ("slides-pdf", "slide-handout"):
        deck = renderer.decks[module.id]
        if kind == "slides-pdf":
            relative, template = f"slides/{module.folder}.pdf", "slides/slides.html.j2"
            title = module.title
        else:
            relative, template = f"handouts/slides/{module.folder}.pdf", "slides/handout.html.j2"
            title = f"{module.title}: {renderer.gettext('Slides and notes')}"
        html = renderer.slide_pages(module, deck, f"{edition.course.info.title}: {title}", template)
        base = root / module.folder
        pictures: tuple[Path, ...] = folder_files(base)
        reads = () if kind == "slides-pdf" else (f"slides/{module.folder}.pdf",)
    elif module is not None:
        large = kind == "handout-large-print"
        html = renderer.handout(module, large_print=True) if large else renderer.handout(module)
        relative = f"handouts/{'large-print/' if large else ''}{module.folder}.pdf"
        base, title, template = root / module.folder, module.title, "handout/handout.html.j2"
        pictures = folder_files(base)
    elif printed is not None:
        piece, html = printed
        relative, base, template, title = piece.file, root, piece.template, piece.title
        pictures = ()
    else:
        html = renderer.guide() if kind == "guide" else renderer.agenda_sheet()
        if kind == "guide":
            reads = tuple(f"slides/{m.folder}.pdf" for m in renderer.walked_modules())
        relative = "facilitator-guide.pdf" if kind == "guide" else "agenda.pdf"
        base, template = root, f"{kind}/{kind}.html.j2"
        title = renderer.gettext("Facilitator guide" if kind == "guide" else "Agenda")
        pictures = folder_files(*(root / m.folder for m in edition.modules))
    full_title = f"{edition.course.info.title}: {title}"
    options = pdf_options(
        base_dir=base,
        allowed_roots=roots,
        paper=edition.paper,
        title=full_title,
        lang=edition.lang,
        template=TEMPLATES / template,
        properties=renderer.properties(full_title),
    )
    options["sources"] = _markdown_files(root, base, edition)
    depends = folder_files(TEMPLATES, theme_folder, root / "templates") + pictures
    return Job(
        edition.id,
        relative,
        kind,
        module.id if module else None,
        html,
        pdf=options,
        depends=depends,
        reads=reads,
    )


def _markdown_files(root: Path, base: Path, edition: Edition) -> list[Path]:
    """The prose files a PDF's warnings may point at: its module's, or every module's."""
    folders = [base] if base != root else [root / m.folder for m in edition.modules]
    return [f / name for f in folders for name in ("handout.md", "facilitator.md")]


def _template_dirs(edition: Edition) -> list[Path]:
    return [d for d in (Path(edition.course.root) / "templates", TEMPLATES) if d.is_dir()]


def _deck_template(edition: Edition, theme_master: Path | None = None) -> Path:
    """A course folder's own master (templates/deck/master.pptx) wins, then the theme's."""
    own = Path(edition.course.root) / "templates" / "deck" / "master.pptx"
    if own.is_file():
        return own
    return theme_master or THEMES / "default" / "master.pptx"
