"""A course's own templates are untrusted code: the classic Jinja escapes, resource bombs and
plain mistakes.  None may run anything, read anything outside, hang or show a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.conftest import build_decks, run_cli

CANARY = "/tmp/trainpack-hostile-pwned"
ESCAPES = {
    "cycler-globals": "cycler.__init__.__globals__.os.popen('touch " + CANARY + "').read()",
    "str-mro": "''.__class__.__mro__[1].__subclasses__()",
    "joiner-globals": "joiner.__init__.__globals__['os'].system('touch " + CANARY + "')",
    "namespace-globals": "namespace.__init__.__globals__",
    "lipsum-globals": "lipsum.__globals__['os'].popen('id').read()",
    "config": "config.__class__.__init__.__globals__",
    "self-context": "self._TemplateReference__context",
    "request": "request.application.__globals__",
    "format-attr": "'{0.__class__.__mro__}'.format('')",
    "attr-filter": "('' | attr('__class__'))",
    "path-read": "course.root.parent.parent.parent.joinpath('outside/secret.txt').read_text()",
    "path-open": "edition.course.root.joinpath('../outside/secret.txt').open().read()",
    "model-copy": "course.model_copy(update={'root': '/'})",
    "model-dump": "course.model_dump_json()",
    "list-mutation": "module.sections.clear()",
    "dict-mutation": "course.info.__dict__",
    "getattr-chain": "module|attr('__init__')|attr('__globals__')",
    "asset-escape": "asset('../../outside/secret.txt')",
    "asset-absolute": "asset('/etc/passwd')",
}
BOMBS = {
    "string-times": "'x' * 1000000000",
    "list-times": "[0] * 1000000000",
    "power": "2 ** 99999999999",
    "range-huge": "range(1000000000)|list|length",
    "center": "'x'|center(1000000000)",
    "format-width": "'%999999999d' % 1",
    "str-format-width": "'{:999999999}'.format(1)",
    "concat-doubling": "('x' * 1000000) ~ ('x' * 1000000) ~ ('x' * 1000000)",
}
STATEMENTS = {
    "nested-loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "recursion": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "scratch-doubling": "{% set s = ['x'] %}{% for i in range(64) %}{% set _ = s.extend(s) %}{% endfor %}",
    "include-escape": "{% include '../../../outside/secret.txt' %}",
    "include-absolute": "{% include '/etc/passwd' %}",
    "import-os": "{% import 'os' as os %}",
}
MISTAKES = {
    "divide-by-zero": "{{ 1/0 }}",
    "undefined": "{{ no_such_name.x }}",
    "syntax": "{{ module.title ",
    "unknown-tag": "{% frobnicate %}",
    "bad-filter": "{{ module.title | nosuchfilter }}",
    "type-error": "{{ module.title + 3 }}",
    "call-non-callable": "{{ module.title() }}",
    "bad-helper-call": "{{ refs(5) }}",
}


def _deck(course: Path, body: str) -> None:
    target = course / "templates" / "deck" / "deck.html.j2"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        '<section data-layout="title">\n  <h1>{{ module.title }}</h1>\n' + body + "\n</section>\n",
        "utf-8",
    )


def _attack(course: Path, tmp_path: Path, outside: Path, body: str, case: str, kind: str):
    _deck(course, body)
    Path(CANARY).unlink(missing_ok=True)
    out = tmp_path / "out"
    done = build_decks(
        course,
        out,
        case=case,
        kind=kind,
        timeout=150,
    )
    assert not Path(CANARY).exists(), f"{case}: a template ran a command"
    for path in out.rglob("*") if out.exists() else []:
        if path.is_file():
            assert b"TOP-SECRET" not in path.read_bytes(), f"{case}: a file leaked"
    assert "TOP-SECRET" not in done.text and "root:x:" not in done.text
    return done


@pytest.mark.parametrize("expr", ESCAPES.values(), ids=ESCAPES.keys())
def test_template_escapes_run_nothing_and_read_nothing(course, tmp_path, outside, expr):
    done = _attack(
        course,
        tmp_path,
        outside,
        "  <p>{{ " + expr + " }}</p>",
        f"escape {expr}",
        "template-escape",
    )
    assert done.code == 1 and "templates/deck/deck.html.j2:3: error:" in done.err, done.err


@pytest.mark.parametrize("expr", BOMBS.values(), ids=BOMBS.keys())
def test_template_bombs_are_refused_within_bounds(course, tmp_path, outside, expr):
    done = _attack(
        course, tmp_path, outside, "  <p>{{ " + expr + " }}</p>", f"bomb {expr}", "template-bomb"
    )
    assert done.code == 1 and "deck.html.j2:3: error:" in done.err, done.err


@pytest.mark.parametrize("body", STATEMENTS.values(), ids=STATEMENTS.keys())
def test_template_statements_stay_bounded(course, tmp_path, outside, body):
    done = _attack(course, tmp_path, outside, "  " + body, f"statement {body}", "template-bomb")
    assert done.code == 1 and "deck.html.j2" in done.err, done.err


@pytest.mark.parametrize("body", MISTAKES.values(), ids=MISTAKES.keys())
def test_template_mistakes_are_reported_at_the_template_line(course, tmp_path, outside, body):
    done = _attack(
        course, tmp_path, outside, "  <p>" + body + "</p>", f"mistake {body}", "template-mistake"
    )
    assert done.code == 1 and "templates/deck/deck.html.j2:3" in done.err, done.err


def test_an_unknown_data_layout_is_reported_at_the_template_line(course, tmp_path, outside):
    target = course / "templates" / "deck" / "deck.html.j2"
    target.parent.mkdir(parents=True)
    target.write_text('<section data-layout="no-such-layout">\n<h1>x</h1>\n</section>\n', "utf-8")
    done = run_cli(
        "build",
        "--source",
        course,
        "--out",
        tmp_path / "out",
        "--formats",
        "pptx",
        case="unknown data-layout",
        kind="template-mistake",
    )
    assert done.code == 1 and "no-such-layout" in done.err, done.err


def test_a_course_template_with_html_reaching_files_leaks_nothing(course, tmp_path, outside):
    target = course / "templates" / "handout" / "handout.html.j2"
    target.parent.mkdir(parents=True)
    link = f"file://{outside}/secret.txt"
    target.write_text(
        f'<html><body><h1>x</h1><img src="{link}"><iframe src="{link}"></iframe>'
        f'<link rel="stylesheet" href="{link}"><a rel="attachment" href="{link}">a</a>'
        f'<object data="{link}"></object><style>@import url("{link}");</style>'
        '<img src="http://127.0.0.1:9/x.png"></body></html>',
        "utf-8",
    )
    out = tmp_path / "out"
    run_cli(
        "build",
        "--source",
        course,
        "--out",
        out,
        "--formats",
        "pdf",
        "--modules",
        "basics",
        case="html in a course template reaching files",
        kind="template-escape",
    )
    for path in out.rglob("*.pdf"):
        assert b"TOP-SECRET" not in path.read_bytes()
