"""Benchmark the default build, stage by stage, against the raw engines on the same content.

    python bench/bench.py [--runs 5] [--source modules] [--json bench/results/latest.json]

Reports medians over warm runs in one process: load+validate, render, PPTX, PDF, total; ms per
slide and per PDF page; peak memory (max RSS); the raw engines on the same content (python-pptx
adding and saving the same slides with plain text, WeasyPrint rendering the same HTML and CSS),
and our overhead over them as a ratio.  Also times `build.py --help` and `check` in fresh
processes and confirms neither imports WeasyPrint or python-pptx.  The PPTX writer is also
timed on its own against bare python-pptx, decks only, in many interleaved runs
(``pptx_decks_only``; ``--only decks``), since the whole-build figures are too few and too
noisy for a ratio of two-second stages.  Targets: help < 0.3 s, overhead <= 15 %.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainpack.load.course import load_course  # noqa: E402
from trainpack.pipeline.build import BuildRequest, build_course, plan_edition  # noqa: E402
from trainpack.render.renderer import TEMPLATES  # noqa: E402
from trainpack.validate.course import validate_course  # noqa: E402


class Quiet:
    def stage(self, name: str, total: int) -> None: ...
    def advance(self, label: str) -> None: ...


def our_build(source: Path, out: Path) -> dict[str, float]:
    start = time.perf_counter()
    course, _ = validate_course(load_course(source))
    loaded = time.perf_counter()
    result = build_course(course, BuildRequest(out=out), Quiet(), jobs=1, force=True)
    end = time.perf_counter()
    return {
        "load+validate": loaded - start,
        "render": result.timings["render"],
        "pptx": result.timings["pptx"],
        "pdf": result.timings["pdf"],
        "total": end - start,
        "slides": result.slides,
        "pages": result.pages,
    }


def raw_engines(source: Path, out: Path) -> dict[str, float]:
    """The same slides through bare python-pptx, the same HTML through bare WeasyPrint: the
    very payloads our build's jobs carry (laid-out decks; every PDF's HTML)."""
    from pptx import Presentation
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    course, _ = validate_course(load_course(source))
    plan = plan_edition(course, BuildRequest(out=out / "none"), Quiet())
    decks = [job.payload for job in plan.jobs if job.deck is not None]
    pages_html = [job.payload for job in plan.jobs if job.deck is None]
    edition = plan.edition
    master = edition.theme.master if edition.theme else ROOT / "themes" / "default" / "master.pptx"
    start = time.perf_counter()
    for number, deck in enumerate(decks):
        prs = Presentation(str(master))
        layout = {lay.name: lay for lay in prs.slide_layouts}["Title and Content"]
        for spec in deck.slides:
            slide = prs.slides.add_slide(layout)
            slide.shapes.title.text = spec.title_text
            slide.placeholders[1].text_frame.text = "\n".join(p.text for p in spec.body)
            slide.notes_slide.notes_text_frame.text = "\n".join(spec.notes)
        prs.save(str(out / f"raw-{number}.pptx"))
    pptx = time.perf_counter() - start
    fonts = FontConfiguration()
    page = CSS(string="@page { size: A4 }", font_config=fonts)
    start = time.perf_counter()
    for number, html in enumerate(pages_html):
        HTML(string=html, base_url=str(TEMPLATES) + "/").write_pdf(
            out / f"raw-{number}.pdf", font_config=fonts, stylesheets=[page], pdf_tags=True
        )
    return {"pptx": pptx, "pdf": time.perf_counter() - start}


def decks_only(source: Path, out: Path, runs: int) -> dict[str, float]:
    """The PPTX writer against bare python-pptx on the same laid-out decks, interleaved run
    by run: decks take under two seconds, so many runs give a steadier ratio than the
    few whole builds can."""
    from pptx import Presentation

    from trainpack.pipeline.jobs import write_job

    course, _ = validate_course(load_course(source))
    plan = plan_edition(course, BuildRequest(out=out / "none"), Quiet())
    jobs = [job for job in plan.jobs if job.deck is not None]
    edition = plan.edition
    master = edition.theme.master if edition.theme else ROOT / "themes" / "default" / "master.pptx"

    def ours() -> float:
        start = time.perf_counter()
        for job in jobs:
            write_job(job, out / "decks" / job.relative)
        return time.perf_counter() - start

    def raw() -> float:
        start = time.perf_counter()
        for number, job in enumerate(jobs):
            prs = Presentation(str(master))
            layout = {lay.name: lay for lay in prs.slide_layouts}["Title and Content"]
            for spec in job.payload.slides:
                slide = prs.slides.add_slide(layout)
                slide.shapes.title.text = spec.title_text
                slide.placeholders[1].text_frame.text = "\n".join(p.text for p in spec.body)
                slide.notes_slide.notes_text_frame.text = "\n".join(spec.notes)
            prs.save(str(out / f"raw-deck-{number}.pptx"))
        return time.perf_counter() - start

    ours(), raw()  # warm-up
    pairs = [(ours(), raw()) for _ in range(runs)]
    slides = sum(len(job.payload.slides) for job in jobs)
    mine = statistics.median(o for o, _ in pairs)
    bare = statistics.median(r for _, r in pairs)
    return {
        "runs": runs,
        "ms_per_slide": round(1000 * mine / slides, 2),
        "raw_ms_per_slide": round(1000 * bare / slides, 2),
        "overhead": round(mine / bare, 3),
        "median_pair_ratio": round(statistics.median(o / r for o, r in pairs), 3),
    }


def cold(args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT)
    return time.perf_counter() - start, done.stdout


def incremental(source: Path) -> dict[str, float]:
    """Fresh, no-op and one-edit builds of the default edition, each a new process (as a
    trainer runs them), and --all-editions with --jobs 1 and 2 (fresh each time)."""
    import shutil

    def timed(*args: str) -> float:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "build.py", *args, "--quiet"], capture_output=True, cwd=ROOT
        )
        if done.returncode != 0:  # report it, keep measuring the rest
            print(f"build.py {' '.join(args)}: exit {done.returncode}", file=sys.stderr)
            print(done.stderr.decode()[-2000:], file=sys.stderr)
            return float("nan")
        return time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        course, out = Path(tmp) / "course", Path(tmp) / "out"
        shutil.copytree(source, course)
        common = ["build", "--source", str(course), "--out", str(out)]
        fresh = timed(*common)
        first = snapshot(out)
        noop = timed(*common)
        same = snapshot(out) == first
        prose = sorted(course.glob("*/handout.md"))[0]
        text = prose.read_text("utf-8")
        prose.write_text(text.replace(". ", ". Take your time. ", 1), "utf-8")
        edit = timed(*common)
        changed = [k for k, v in snapshot(out).items() if first.get(k) != v]
        shutil.rmtree(out)
        one = timed(
            "build",
            "--source",
            str(course),
            "--out",
            str(out / "1"),
            "--all-editions",
            "--jobs",
            "1",
        )
        two = timed(
            "build",
            "--source",
            str(course),
            "--out",
            str(out / "2"),
            "--all-editions",
            "--jobs",
            "2",
        )
        identical = _bytes(snapshot(out / "1")) == _bytes(snapshot(out / "2"))
    return {
        "fresh_s": round(fresh, 2),
        "noop_s": round(noop, 2),
        "noop_ratio": round(noop / fresh, 3),
        "noop_byte_identical": same,
        "one_edit_s": round(edit, 2),
        "one_edit_ratio": round(edit / fresh, 3),
        "one_edit_rewrote": changed,
        "all_editions_jobs1_s": round(one, 2),
        "all_editions_jobs2_s": round(two, 2),
        "jobs_speedup": round(one / two, 2),
        "jobs_byte_identical": identical,
    }


def _bytes(snap: dict[str, tuple[int, str]]) -> dict[str, str]:
    """Two folders hold different inodes; compare the files' hashes only."""
    return {k: v[1] for k, v in snap.items()}


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """path -> (inode, sha256) of every output (a kept file keeps its inode)."""
    import hashlib

    return {
        str(p.relative_to(folder)): (p.stat().st_ino, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and p.name != "manifest.json"
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--source", type=Path, default=ROOT / "modules")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--only",
        choices=("writers", "incremental", "decks"),
        help="run one part of the benchmark",
    )
    args = parser.parse_args()
    if args.only == "decks":
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(decks_only(args.source, Path(tmp), max(9, 3 * args.runs)), indent=2))
        return
    if args.only == "incremental":
        print(json.dumps(incremental(args.source), indent=2))
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        our_build(args.source, out / "warm")  # warm-up: imports, font caches
        raw_engines(args.source, out)
        ours, raw = [], []
        for i in range(args.runs):  # interleaved, so the machine's drift hits both alike
            ours.append(our_build(args.source, out / f"run{i}"))
            raw.append(raw_engines(args.source, out))
        decks = decks_only(args.source, out, max(9, 3 * args.runs))
    med = {k: statistics.median(r[k] for r in ours) for k in ours[0]}
    raw_med = {k: statistics.median(r[k] for r in raw) for k in raw[0]}
    probe = (
        "import sys, runpy; sys.argv=['build.py','check','--source',%r]; "
        "from trainpack.cli.main import main; main(sys.argv[1:]); "
        "print('IMPORTS', 'weasyprint' in sys.modules, 'pptx' in sys.modules)"
    )
    helps = sorted(cold(["build.py", "--help"])[0] for _ in range(5))
    checks = [cold(["-c", probe % str(args.source)]) for _ in range(3)]
    report = {
        "runs": args.runs,
        "slides": med["slides"],
        "pdf_pages": med["pages"],
        "median_s": {k: round(v, 3) for k, v in med.items() if k not in ("slides", "pages")},
        "ms_per_slide": round(1000 * med["pptx"] / med["slides"], 2),
        "ms_per_pdf_page": round(1000 * med["pdf"] / med["pages"], 2),
        "raw_median_s": {k: round(v, 3) for k, v in raw_med.items()},
        "raw_ms_per_slide": round(1000 * raw_med["pptx"] / med["slides"], 2),
        "raw_ms_per_pdf_page": round(1000 * raw_med["pdf"] / med["pages"], 2),
        "overhead_pptx": round(med["pptx"] / raw_med["pptx"], 3),
        "overhead_pdf": round(med["pdf"] / raw_med["pdf"], 3),
        "pptx_decks_only": decks,
        "overhead_writers": round(
            (med["pptx"] + med["pdf"]) / (raw_med["pptx"] + raw_med["pdf"]), 3
        ),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "help_median_s": round(statistics.median(helps), 3),
        "check_median_s": round(statistics.median(t for t, _ in checks), 3),
        "check_imports_engines": checks[0][1].strip().splitlines()[-1],
    }
    if args.only is None:
        report["incremental"] = incremental(args.source)
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
