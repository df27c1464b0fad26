"""A right-to-left edition with a schedule: its printed agenda reads from the right (times in
the right-hand column, sessions to their left), as the guide's tables do."""

from __future__ import annotations

import shutil
from pathlib import Path

from pypdf import PdfReader

from trainpack.load.course import load_course
from trainpack.pipeline.build import BuildRequest, plan_edition
from trainpack.pipeline.jobs import write_job
from trainpack.validate.course import validate_course

ROOT = Path(__file__).resolve().parent.parent
SCHEDULE = """
schedule:
  - date: Day 1
    start: "09:30"
    end: "13:00"
    breaks:
      - {at: "11:00", minutes: 15, label: Break}
"""


class Quiet:
    def stage(self, name: str, total: int) -> None: ...
    def advance(self, label: str) -> None: ...


def positions(pdf: Path) -> list[tuple[str, float]]:
    """(text, x) of every text piece on the first page."""
    found: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            found.append((text.strip(), cm[4] + tm[4] * cm[0]))

    PdfReader(str(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


def test_the_arabic_agenda_reads_from_the_right(tmp_path: Path) -> None:
    course_dir = tmp_path / "course"
    shutil.copytree(ROOT / "modules", course_dir)
    edition_file = course_dir / "editions" / "community-arabic.yaml"
    edition_file.write_text(edition_file.read_text("utf-8") + SCHEDULE, "utf-8")
    course, _ = validate_course(load_course(course_dir))
    plan = plan_edition(
        course, BuildRequest(edition="community-arabic", out=tmp_path / "out"), Quiet()
    )
    (job,) = [job for job in plan.jobs if job.kind == "agenda"]
    assert 'dir="rtl"' in job.payload
    pdf = tmp_path / "agenda.pdf"
    write_job(job, pdf)
    pieces = positions(pdf)
    times = [x for text, x in pieces if text.startswith("09:30") and "–" in text]
    sessions = [x for text, x in pieces if "الترحيب" in text]  # the welcome session's title
    assert times and sessions, pieces
    assert min(times) > max(sessions), "the time column should be right of the sessions"
