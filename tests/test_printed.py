"""The pieces a trainer prints besides decks and handouts: matched pre/post tests (answer key
in the guide), evaluation form, sign-in sheet, certificates (one per participant)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from trainpack.core.model import Module, QuizQuestion
from trainpack.tailor.prepost import prepost_items

KINDS = {"pre-course-test", "post-course-test", "evaluation-form", "sign-in-sheet", "certificate"}


def text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def module(name: str, questions: list[tuple[bool, int | None]]) -> Module:
    quiz = [
        QuizQuestion(
            question=f"{name} question {i}?",
            options=["One", "Two"],
            answer=1,
            explanation="x",
            prepost=pre,
            objective=objective,
        )
        for i, (pre, objective) in enumerate(questions)
    ]
    return Module.model_validate(
        {
            "id": name,
            "title": name,
            "summary": "s",
            "duration": 10,
            "objectives": ["Explain a", "Describe b"],
            "key_messages": ["k"],
            "sections": [{"id": "s", "title": "S", "duration": 10}],
            "quiz": [q.model_dump() for q in quiz],
        }
    )


def test_items_come_from_prepost_first_then_objectives_then_the_rest() -> None:
    a = module("a", [(True, 1), (False, 1), (False, None), (False, 2)])
    b = module("b", [(True, 2), (False, None), (False, 1), (False, None)])
    c = module("c", [(False, None)] * 6)
    items = prepost_items([a, b, c])
    assert len(items) == 10
    chosen = {i.question.question for i in items}
    assert {"a question 0?", "b question 0?"} <= chosen  # prepost: true
    assert {"a question 1?", "a question 3?", "b question 2?"} <= chosen  # tied to objectives
    # Course order, and the same list every time (pre and post match).
    assert [i.question.question for i in items] == [
        i.question.question for i in prepost_items([a, b, c])
    ]
    assert items[0].module.id == "a" and items[-1].module.id == "c"
    assert items[0].objective == "Explain a"


def test_at_most_twelve_and_all_when_there_are_fewer_than_ten() -> None:
    many = [module(f"m{i}", [(True, 1)] * 3) for i in range(6)]
    items = prepost_items(many)
    assert len(items) == 12
    assert len({i.module.id for i in items}) == 6  # modules taken in turn
    assert len(prepost_items([module("few", [(False, None)] * 4)])) == 4


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from trainpack.cli.main import main

    root = Path(__file__).resolve().parent / "fixtures" / "courses" / "editions"
    out = tmp_path_factory.mktemp("printed")
    names = out / "names.txt"
    names.write_text("\ufeffOlena Kovalenko\n\nJames O'Brien\nمريم حسن\n", "utf-8")
    code = main(
        [
            "build",
            "--source",
            str(root),
            "--edition",
            "everyone-england",
            "--out",
            str(out),
            "--formats",
            "pdf",
            "--participants",
            str(names),
            "--quiet",
        ]
    )
    assert code == 0
    return out / "everyone-england"


def test_every_piece_is_in_the_manifest_with_its_own_kind(pack: Path) -> None:
    manifest = json.loads((pack / "manifest.json").read_text("utf-8"))
    kinds = {f["kind"]: f["path"] for f in manifest["files"]}
    assert set(kinds) >= KINDS
    for kind in KINDS:
        assert (pack / kinds[kind]).is_file()


def test_pre_and_post_tests_ask_the_same_questions_without_answers(pack: Path) -> None:
    pre, post = text(pack / "pre-course-test.pdf"), text(pack / "post-course-test.pdf")
    questions = [line for line in pre.splitlines() if line.rstrip().endswith("?")]
    assert questions and all(q in post for q in questions)
    assert "Before the course" in pre and "After the course" in post
    guide = text(pack / "facilitator-guide.pdf")
    assert "answer key" in guide.lower()
    assert "Correct" not in pre + post and "Why:" not in pre + post


def test_one_certificate_per_participant_and_names_on_the_sign_in_sheet(pack: Path) -> None:
    certificates = PdfReader(str(pack / "certificates.pdf"))
    assert len(certificates.pages) == 3
    first = certificates.pages[0].extract_text()
    assert "Olena Kovalenko" in first and "Certificate of attendance".upper() in first.upper()
    assert "James O\u2019Brien" in certificates.pages[1].extract_text()  # typeset apostrophe
    sign_in = text(pack / "sign-in-sheet.pdf")
    assert "Olena Kovalenko" in sign_in and "Signature" in sign_in


def test_the_evaluation_form_asks_confidence_on_every_objective(pack: Path) -> None:
    form = " ".join(text(pack / "evaluation-form.pdf").split())
    assert "What will you do differently?" in form
    assert "Before" in form and "Now" in form


def test_a_participants_file_that_is_missing_is_a_usage_error(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli("build", "--participants", str(tmp_path / "nobody.txt"))
    assert code == 2 and "no such file" in err and "Traceback" not in err


def test_without_participants_one_certificate_with_a_blank_name(shipped_pack: Path) -> None:
    editions = [d for d in shipped_pack.iterdir() if (d / "manifest.json").is_file()]
    assert len(editions) >= 4
    for edition in editions:
        manifest = json.loads((edition / "manifest.json").read_text("utf-8"))
        assert {f["kind"] for f in manifest["files"]} >= KINDS, edition.name
        assert len(PdfReader(str(edition / "certificates.pdf")).pages) == 1
        for pdf in [*edition.glob("*.pdf"), *edition.glob("handouts/*.pdf")]:
            printed = text(pdf)
            assert "VERIFY" not in printed, pdf
            assert "(your country)" not in printed and "(ваша країна)" not in printed, pdf
