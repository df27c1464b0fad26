"""Real-client checks on the real course (modules/, default audience), after
/work/shared/tools/check-outputs: LibreOffice opens every deck and draws one page per slide with
all of its text on the page; every PDF passes qpdf, embeds its fonts and has text on each page.
The decks of the `full` and `long-text` fixtures (every layout; overflow pressure) go through
LibreOffice in the same call.

Marked `clients`; skipped where LibreOffice or poppler/qpdf are not installed.
Run only these: pytest -m clients.  Skip them: pytest -m "not clients".
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from pptx import Presentation

from trainpack.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "courses"
TOOLS = ("soffice", "qpdf", "pdffonts", "pdftotext", "pdfinfo")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]

pytestmark = [
    pytest.mark.clients,
    pytest.mark.skipif(
        bool(MISSING),
        reason=f"real-client tools not installed: "
        f"{', '.join(MISSING)} (apt-get install libreoffice-impress qpdf "
        "poppler-utils)",
    ),
]


def run(*args: object, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def edition(shipped_pack: Path) -> Path:
    """The real course's default edition, both formats (built once per run, in conftest)."""
    return shipped_pack / "multi-agency-england"


@pytest.fixture(scope="module")
def decks(
    edition: Path, shipped_pack: Path, tmp_path_factory: pytest.TempPathFactory
) -> list[Path]:
    """The real course's decks, then those of the full and long-text fixtures (pptx only)."""
    found = sorted((edition / "slides").glob("*.pptx"))
    assert len(found) >= 10
    for name in ("full", "long-text"):
        out = tmp_path_factory.mktemp(f"decks-{name}")
        assert (
            main(
                [
                    "build",
                    "--source",
                    str(FIXTURES / name),
                    "--out",
                    str(out),
                    "--formats",
                    "pptx",
                    "--quiet",
                ]
            )
            == 0
        )
        found += sorted(out.glob("*/slides/*.pptx"))
    # The other shipped editions: another theme, Ukrainian, Arabic (right to left).
    out = shipped_pack
    renamed = tmp_path_factory.mktemp("decks-editions-renamed")
    for deck in sorted(out.glob("*/slides/*.pptx")):
        if deck.parent.parent.name != edition.name:
            target = renamed / f"{deck.parent.parent.name}-{deck.name}"
            shutil.copy(deck, target)
            found.append(target)
    names = [deck.stem for deck in found]
    assert len(set(names)) == len(names), "one --outdir: deck names must differ"
    return found


@pytest.fixture(scope="module")
def converted(decks: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every deck converted by LibreOffice headless in ONE soffice call (its own profile, so a
    LibreOffice already running elsewhere cannot swallow the job): deck name -> PDF."""
    work = tmp_path_factory.mktemp("libreoffice")
    profile, out = work / "profile", work / "pdf"
    result = run(
        "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        out,
        *decks,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pdfs = {deck.name: out / f"{deck.stem}.pdf" for deck in decks}
    missing = [name for name, pdf in pdfs.items() if not pdf.is_file() or not pdf.stat().st_size]
    assert missing == [], f"LibreOffice did not convert: {missing}\n{result.stderr}"
    return pdfs


def all_pdfs(edition: Path, converted: dict[str, Path]) -> list[tuple[str, Path]]:
    ours = sorted(edition.rglob("*.pdf"))
    assert len(ours) >= 11  # the real course's ten handouts and its guide
    return [(p.relative_to(edition).as_posix(), p) for p in ours] + [
        (f"{name} -> LibreOffice PDF", pdf) for name, pdf in converted.items()
    ]


def page_count(pdf: Path) -> int:
    info = run("pdfinfo", pdf)
    assert info.returncode == 0, info.stderr
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def page_texts(pdf: Path) -> list[str]:
    """pdftotext of the whole file, one string per page (pages end with a form feed)."""
    result = run("pdftotext", pdf, "-")
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\f")[: page_count(pdf)]


def words(texts: list[str]) -> Counter:
    """Words as check-outputs compares them: split at white space, lower case, punctuation
    dropped ('child-protection' -> 'childprotection'; pdftotext joins a word a client broke
    after its hyphen, so both sides agree)."""
    return Counter(w for w in (_key(x) for t in texts for x in t.split()) if w)


ARABIC = re.compile("[\u0600-\u06ff]")
HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")


def _key(word: str) -> str:
    return re.sub(r"\W", "", word.lower())


def letters(texts: list[str]) -> Counter:
    """Arabic slides are compared letter by letter: pdftotext reorders lam-alef ligatures and
    moves harakat to other 'words' ('الأطفال' comes back as 'األطفال'), but every letter of a
    line that ran off the slide is still missing."""
    return Counter(c for t in texts for c in HARAKAT.sub("", re.sub(r"\W", "", t)))


def slide_words(slide) -> list[str]:
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return texts


# --- decks in LibreOffice -----------------------------------------------------------------


def test_libreoffice_draws_one_page_per_slide(decks, converted) -> None:
    wrong = []
    for deck in decks:
        slides = len(Presentation(str(deck)).slides)
        pages = page_count(converted[deck.name])
        if pages != slides:
            wrong.append(f"{deck.name}: {slides} slides but {pages} pages")
    assert wrong == []


def test_no_text_runs_off_a_slide(decks, converted) -> None:
    """Every word python-pptx finds in a slide's text shapes and tables is on the page
    LibreOffice drew for it (pdftotext drops what falls outside the page)."""
    spills = []
    for deck in decks:
        pages = page_texts(converted[deck.name])
        for number, slide in enumerate(Presentation(str(deck)).slides, 1):
            texts = slide_words(slide)
            compare = letters if ARABIC.search(" ".join(texts)) else words
            missing = compare(texts) - compare([pages[number - 1]])
            if missing:
                spills.append(f"{deck.name} slide {number}: missing {sorted(missing)}")
    assert spills == []


# --- every PDF: ours and LibreOffice's ------------------------------------------------------


def test_every_pdf_passes_qpdf_check(edition, converted) -> None:
    bad = []
    for label, pdf in all_pdfs(edition, converted):
        result = run("qpdf", "--check", pdf)
        if result.returncode != 0:
            bad.append(f"{label}: {(result.stdout + result.stderr).strip()[-300:]}")
    assert bad == []


def test_every_font_is_embedded(edition, converted) -> None:
    bad = []
    for label, pdf in all_pdfs(edition, converted):
        result = run("pdffonts", pdf)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        column = lines[0].index(" emb ") + 1  # fixed-width columns: read 'emb' where it sits
        fonts = [line for line in lines[2:] if line.strip()]
        if not fonts:
            bad.append(f"{label}: no fonts at all (text drawn as paths or images?)")
        not_embedded = sorted({f.split()[0] for f in fonts if f[column : column + 3] != "yes"})
        if not_embedded:
            bad.append(f"{label}: not embedded: {', '.join(not_embedded)}")
    assert bad == []


def test_every_page_has_text(edition, converted) -> None:
    empty = []
    for label, pdf in all_pdfs(edition, converted):
        texts = page_texts(pdf)
        blank = [str(n) for n, text in enumerate(texts, 1) if not text.split()]
        if len(texts) != page_count(pdf) or blank:
            empty.append(f"{label}: no text on page(s) {', '.join(blank)}")
    assert empty == []
