"""Hostile and faulty course files, by class: YAML bombs and tags, encodings, paths that try
to leave the course, broken masters and pictures, command-line mistakes.  Every case runs the
real CLI under a memory limit; each asserts a clean outcome and that nothing leaked."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile import makers
from tests.hostile.conftest import run_cli

MODULE = "01-basics/module.yaml"
HANDOUT = "01-basics/handout.md"
LONG_URL = (
    "https://www.gov.uk/government/publications/safeguarding-children-who-may-have-been-"
    "trafficked-practice-guidance/annex-a-indicators?utm_source=training&utm_medium=slides"
)
PICTURE = "01-basics/images/sample.png"


@dataclass
class Case:
    name: str
    kind: str
    setup: Callable[[Path, Path], list[str] | None]
    command: str = "build"  # or "check"
    codes: tuple[int, ...] = (1,)
    says: str = ""  # a phrase the error must contain


def _append(rel: str, text: str) -> Callable[[Path, Path], None]:
    def setup(course: Path, outside: Path) -> None:
        with open(course / rel, "a", encoding="utf-8") as handle:
            handle.write(text)

    return setup


def _write(rel: str, data: bytes | str) -> Callable[[Path, Path], None]:
    def setup(course: Path, outside: Path) -> None:
        target = course / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            target.write_text(data, "utf-8")
        else:
            target.write_bytes(data)

    return setup


def _reencode(rel: str, encoding: str, prefix: bytes = b"") -> Callable[[Path, Path], None]:
    def setup(course: Path, outside: Path) -> None:
        text = (course / rel).read_text("utf-8")
        if rel.endswith(".yaml"):
            text = text.replace("title: What child trafficking is", "title: Café naïve")
        else:
            text += "\nÉtude café naïve\n"
        (course / rel).write_bytes(prefix + text.encode(encoding, errors="replace"))

    return setup


def _replace(rel: str, old: str, new: str) -> Callable[[Path, Path], None]:
    def setup(course: Path, outside: Path) -> None:
        text = (course / rel).read_text("utf-8")
        assert old in text, old
        (course / rel).write_text(text.replace(old, new, 1), "utf-8")

    return setup


def _theme(**changes: str) -> Callable[[Path, Path], None]:
    def setup(course: Path, outside: Path) -> None:
        makers.course_theme(
            course, **{k: v.replace("OUTSIDE", str(outside)) for k, v in changes.items()}
        )

    return setup


def _theme_file(name: str, data: bytes, **changes: str) -> Callable[[Path, Path], None]:
    def setup(course: Path, outside: Path) -> None:
        folder = makers.course_theme(course, **changes)
        (folder / name).write_bytes(data)

    return setup


def _master(make: Callable[[Path], None]) -> Callable[[Path, Path], None]:
    def setup(course: Path, outside: Path) -> None:
        target = course / "templates" / "deck" / "master.pptx"
        target.parent.mkdir(parents=True, exist_ok=True)
        make(target)

    return setup


def _symlinked_picture(course: Path, outside: Path) -> None:
    (outside / "secret.png").write_bytes((course / PICTURE).read_bytes())
    (course / PICTURE).unlink()
    (course / PICTURE).symlink_to(outside / "secret.png")


def _deck_img(src: str) -> Callable[[Path, Path], None]:
    def setup(course: Path, outside: Path) -> None:
        target = course / "templates" / "deck" / "deck.html.j2"
        target.parent.mkdir(parents=True)
        target.write_text(
            '<section data-layout="image">\n<h1>x</h1>\n<img src="'
            + src.replace("OUTSIDE", str(outside))
            + '" alt="x">\n</section>\n',
            "utf-8",
        )

    return setup


def _odd_folder(name: str) -> Callable[[Path, Path], None]:
    def setup(course: Path, outside: Path) -> None:
        _append(HANDOUT, "\n![A calm picture](images/sample.png)\n")(course, outside)
        os.rename(course / "01-basics", course / name)

    return setup


CASES = [
    # --- YAML bombs and limits -------------------------------------------------------------
    Case(
        "alias bomb in a module",
        "yaml-bomb",
        _append(MODULE, "\n" + makers.alias_bomb()),
        "check",
        says="alias",
    ),
    Case(
        "alias bomb in an audience",
        "yaml-bomb",
        _write("audiences/bomb.yaml", makers.alias_bomb()),
        says="alias",
    ),
    Case(
        "flow nesting 1000 deep",
        "yaml-bomb",
        _append(MODULE, "\nx: " + "[" * 1000 + "]" * 1000 + "\n"),
        "check",
        says="nested too deeply",
    ),
    Case(
        "block nesting 500 deep",
        "yaml-bomb",
        _append(
            MODULE, "\nx:\n" + "".join("  " * i + "- \n" for i in range(1, 3)) + "- " * 500 + "x\n"
        ),
        "check",
        says="nested too deeply",
    ),
    Case(
        "6 MB module.yaml",
        "yaml-bomb",
        _append(MODULE, "\n#" + "x" * 6_000_000 + "\n"),
        "check",
        says="too large",
    ),
    Case(
        "300k-character title",
        "yaml-bomb",
        _replace(MODULE, "title: What child trafficking is", "title: " + "word " * 60_000),
        "check",
        says="too long",
    ),
    Case("self-referential alias", "yaml-bomb", _append(MODULE, "\nloop: &x [1, *x]\n"), "check"),
    # --- YAML tags -------------------------------------------------------------------------
    Case(
        "!!binary title",
        "yaml-tag",
        _replace(MODULE, "title: What child trafficking is", "title: !!binary aGVsbG8="),
        "check",
        says="!!binary",
    ),
    Case(
        "!!python/object/apply",
        "yaml-tag",
        _replace(
            MODULE,
            "title: What child trafficking is",
            "title: !!python/object/apply:os.system [touch /tmp/trainpack-hostile-pwned]",
        ),
        "check",
        says="not supported",
    ),
    Case(
        "custom tag on a mapping",
        "yaml-tag",
        _append(MODULE, "\nextra: !thing {a: 1}\n"),
        "check",
        says="not supported",
    ),
    Case("!!set", "yaml-tag", _append(MODULE, "\nextra: !!set {a, b}\n"), "check", says="!!set"),
    # --- encodings -------------------------------------------------------------------------
    Case(
        "handout.md in Latin-1",
        "encoding",
        _reencode(HANDOUT, "latin-1"),
        "check",
        says="not UTF-8",
    ),
    Case("handout.md in UTF-16", "encoding", _reencode(HANDOUT, "utf-16"), "build", codes=(0,)),
    Case(
        "handout.md with a UTF-8 BOM",
        "encoding",
        _reencode(HANDOUT, "utf-8", b"\xef\xbb\xbf"),
        "check",
        codes=(0,),
    ),
    Case(
        "module.yaml in Latin-1",
        "encoding",
        _reencode(MODULE, "latin-1"),
        "check",
        says="not UTF-8",
    ),
    Case(
        "module.yaml with a UTF-8 BOM",
        "encoding",
        _reencode(MODULE, "utf-8", b"\xef\xbb\xbf"),
        "check",
        codes=(0,),
    ),
    Case("module.yaml in UTF-16", "encoding", _reencode(MODULE, "utf-16"), "check", codes=(0,)),
    Case(
        "NUL bytes in course.yaml",
        "encoding",
        _append("course.yaml", "\n# \x00\x00\n"),
        "check",
        says="NUL",
    ),
    Case("module.yaml of random bytes", "encoding", _write(MODULE, os.urandom(4096)), "check"),
    Case("empty module.yaml", "encoding", _write(MODULE, ""), "check"),
    Case("course.yaml is a list", "encoding", _write("course.yaml", "- a\n- b\n"), "check"),
    Case(
        "PO file in Latin-1",
        "encoding",
        _write(
            "locales/uk.po",
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgctxt "x"\nmsgid "caf\xe9"\nmsgstr "\xe9"\n'.encode(
                "latin-1"
            ),
        ),
        "check",
    ),
    Case(
        "PO file with a broken msgstr",
        "encoding",
        _write(
            "01-basics/locales/uk.po",
            'msgctxt "title"\nmsgid "What child trafficking is"\nmsgstr "unterminated\n',
        ),
        "check",
        codes=(0, 1),
    ),
    Case(
        "template catalogue with a broken msgstr",
        "encoding",
        _write(
            "templates/locales/en/LC_MESSAGES/messages.po",
            'msgid "Learning objectives"\nmsgstr "x\nmsgstr ""\n',
        ),
        "build",
        codes=(0, 1),
    ),
    Case(
        "Markdown nested 1000 deep",
        "markdown",
        _append(
            HANDOUT,
            "\n\n"
            + "[" * 1000
            + "x"
            + "]" * 1000
            + "\n\n"
            + ">" * 1000
            + " deep\n\n"
            + "*" * 5000
            + "\n",
        ),
        "build",
        codes=(0,),
    ),
    Case(
        "5 MB handout.md",
        "markdown",
        _append(HANDOUT, "\n" + "word " * 1_000_000 + "\n"),
        "check",
        says="too large",
    ),
    # --- paths that try to leave the course ------------------------------------------------
    Case(
        "theme logo outside the course", "path", _theme(logo="OUTSIDE/secret.txt"), says="outside"
    ),
    Case("theme logo /etc/passwd", "path", _theme(logo="/etc/passwd"), says="outside"),
    Case(
        "theme master outside the course",
        "path",
        _theme(master="../../../outside/x.pptx"),
        says="outside",
    ),
    Case("theme font outside the course", "path", _theme(regular="/etc/passwd"), says="outside"),
    Case("slide picture symlinked outside", "path", _symlinked_picture, "check", says="outside"),
    Case(
        "slide picture ../ outside",
        "path",
        _replace(MODULE, "image: images/sample.png", "image: ../../outside/secret.png"),
        "check",
        says="outside",
    ),
    Case("deck template picture /etc/passwd", "path", _deck_img("/etc/passwd"), says="outside"),
    Case(
        "deck template picture outside by ../",
        "path",
        _deck_img("../../outside/secret.txt"),
        says="outside",
    ),
    Case(
        "handout image file:// outside",
        "path",
        _append(HANDOUT, "\n![x](file://OUTSIDE/secret.txt)\n"),
        "build",
        codes=(0,),
    ),
    Case(
        "handout image ../ outside",
        "path",
        _append(HANDOUT, "\n![x](../../outside/secret.txt)\n"),
        "build",
        codes=(0,),
    ),
    Case(
        "a long URL in a process step, a bullet and a handout",
        "odd-valid",
        lambda c, o: (
            _replace(
                "02-responding/module.yaml",
                "detail: Write down what you saw}",
                'detail: "https://www.example.org/safeguarding-referral-form"}',
            )(c, o),
            _replace(MODULE, '- "**Act**: recruiting', f'- "{LONG_URL} **Act**: recruiting')(c, o),
            _append(HANDOUT, f"\nRead more at {LONG_URL} before the course.\n")(c, o),
        ),
        "build",
        codes=(0,),
    ),
    Case(
        "folder name with % # spaces and Cyrillic",
        "odd-valid",
        _odd_folder("01-ba%41sics #1 ж"),
        "build",
        codes=(0,),
    ),
    # --- masters ---------------------------------------------------------------------------
    Case(
        "truncated master",
        "master",
        _master(lambda p: p.write_bytes(makers.MASTER.read_bytes()[:5000])),
        says="master",
    ),
    Case(
        "text file as master",
        "master",
        _master(lambda p: p.write_text("not a deck", "utf-8")),
        says="master",
    ),
    Case(
        "master with a VBA project",
        "master",
        _master(
            lambda p: makers.rezip(
                p, {}, {"ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 512}
            )
        ),
        says="macro",
    ),
    Case(
        "macro-enabled content type",
        "master",
        _master(lambda p: makers.rezip(p, {}, {"ppt/activeX/activeX1.xml": b"<ax/>"})),
        says="active content",
    ),
    Case(
        "master part inflating 200:1+",
        "master",
        _master(lambda p: makers.inflating_master(p)),
        says="unpack",
    ),
    Case(
        "master with a malformed XML part",
        "master",
        _master(lambda p: makers.rezip(p, {"ppt/presentation.xml": b"<p:presentation"})),
        says="damaged",
    ),
    Case(
        "master with an entity bomb part",
        "master",
        _master(
            lambda p: makers.rezip(
                p,
                {
                    "docProps/app.xml": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;&x;&x;&x;&x;&x;&x;">]><a>&y;</a>'
                },
            )
        ),
        codes=(0, 1),
    ),
    # --- pictures --------------------------------------------------------------------------
    Case(
        "20000 x 20000 logo",
        "picture",
        _theme_file("logo.png", makers.png_header(20_000, 20_000), logo="logo.png"),
        says="pixels",
    ),
    Case(
        "20000 x 20000 slide picture",
        "picture",
        _write(PICTURE, makers.png_header(20_000, 20_000)),
        "check",
        says="pixels",
    ),
    Case(
        "truncated slide picture",
        "picture",
        lambda c, o: (c / PICTURE).write_bytes((c / PICTURE).read_bytes()[:200]),
        "check",
        says="damaged",
    ),
    Case(
        "SVG named .png as slide picture",
        "picture",
        _write(PICTURE, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
        "check",
        says="SVG",
    ),
    Case(
        "text named .png as slide picture",
        "picture",
        _write(PICTURE, "hello"),
        "check",
        says="picture",
    ),
    Case(
        "corrupt logo",
        "picture",
        _theme_file("logo.png", os.urandom(2048), logo="logo.png"),
        says="logo",
    ),
    Case(
        "SVG entity bomb in a handout",
        "picture",
        lambda c, o: (
            _write(
                "01-basics/images/bomb.svg",
                '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>',
            )(c, o),
            _append(HANDOUT, "\n![x](images/bomb.svg)\n")(c, o),
        ),
        "build",
        codes=(0,),
    ),
    Case(
        "huge picture in a handout",
        "picture",
        lambda c, o: (
            _write("01-basics/images/huge.png", makers.png_header(30_000, 30_000))(c, o),
            _append(HANDOUT, "\n![x](images/huge.png)\n")(c, o),
        ),
        "build",
        codes=(0,),
    ),
    # --- command-line mistakes -------------------------------------------------------------
    Case(
        "--audience Police",
        "usage",
        lambda c, o: ["--audience", "Police"],
        codes=(2,),
        says="did you mean 'police'",
    ),
    Case("--audience with a path", "usage", lambda c, o: ["--audience", "../../x"], codes=(2,)),
    Case("--edition unknown", "usage", lambda c, o: ["--edition", "nope"], codes=(2,)),
    Case("--source is not a course", "usage", lambda c, o: ["--source", str(o)], codes=(2,)),
    Case("--modules unknown", "usage", lambda c, o: ["--modules", "nope"], codes=(1, 2)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, course: Path, outside: Path, tmp_path: Path) -> None:
    extra = case.setup(course, outside) or []
    extra = [x for x in extra if isinstance(x, str)] if isinstance(extra, list) else []
    out = tmp_path / "out"
    args = ["--source", course] if "--source" not in extra else []
    if case.command == "build":
        args += ["--out", out, "--quiet"]
    canary = Path("/tmp/trainpack-hostile-pwned")
    canary.unlink(missing_ok=True)
    before = {p: p.stat().st_mtime_ns for p in outside.rglob("*")}
    done = run_cli(case.command, *args, *extra, case=case.name, kind=case.kind)
    assert done.code in case.codes, f"{case.name}: exit {done.code}\n{done.err}"
    if case.says:
        assert case.says.lower() in done.err.lower(), done.err
    if done.code:
        assert "error" in done.err and "hint" in done.err or "usage" in done.err, done.err
    assert not canary.exists()
    assert {p: p.stat().st_mtime_ns for p in outside.rglob("*")} == before  # nothing touched
    for path in out.rglob("*") if out.exists() else []:
        if path.is_file():
            assert b"TOP-SECRET" not in path.read_bytes(), f"{case.name}: leaked into {path}"
    if case.kind == "odd-valid":
        assert "cannot find" not in done.err and "refused" not in done.err, done.err
