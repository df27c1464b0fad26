"""Editions: country packs through placeholders, terminology, translations, timetables, and
loud failures for every unknown name."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from trainpack.load.course import load_course
from trainpack.tailor.edition import edition_spec, tailor_edition
from trainpack.validate.course import validate_course


def course_of(path: Path):
    return validate_course(load_course(path))[0]


def deck_text(path: Path) -> str:
    return "\n".join(
        shape.text_frame.text
        for slide in Presentation(str(path)).slides
        for shape in slide.shapes
        if shape.has_text_frame
    )


@pytest.fixture
def editions(course_copy):
    return course_copy("editions")


def test_placeholders_and_terms_are_filled_per_edition(editions):
    course = course_of(editions)
    england = tailor_edition(course, edition_spec(course, "everyone-england"))
    police = tailor_edition(course, edition_spec(course, "police-short"))
    bullets = england.modules[0].sections[0].slides[1].bullets
    assert "Refer through the National Referral Mechanism and tell the child" in bullets
    police_bullets = police.modules[0].sections[0].slides[1].bullets
    assert (
        "Refer through the National Referral Mechanism and tell the young person" in police_bullets
    )


def test_every_edition_builds_into_its_own_folder(editions, run_cli, tmp_path):
    code, _, err = run_cli(
        "build",
        "--source",
        str(editions),
        "--all-editions",
        "--formats",
        "pptx",
        "--out",
        str(tmp_path / "out"),
        "--quiet",
    )
    assert code == 0, err
    england = deck_text(tmp_path / "out" / "everyone-england" / "slides" / "01-basics.pptx")
    police = deck_text(tmp_path / "out" / "police-short" / "slides" / "01-basics.pptx")
    assert "tell the child" in england and "tell the young person" in police
    assert "${" not in england + police
    assert "Indicators at a glance" in england  # the optional section fits here…
    assert "Indicators at a glance" not in police  # …and is dropped from the short day
    xml = (
        Presentation(str(tmp_path / "out" / "police-short" / "slides" / "01-basics.pptx"))
        .slides[0]
        .shapes.title.text_frame.paragraphs[0]
        .runs[0]
        ._r.get_or_add_rPr()
    )
    assert xml.get("lang") == "uk-UA"


@pytest.mark.parametrize(
    "key, value, message, hint",
    [
        ("audience", "polise", "unknown audience 'polise'", "did you mean 'police'?"),
        ("country", "englnd", "unknown country pack 'englnd'", "did you mean 'england'?"),
        ("language", "ukr", "unknown language 'ukr'", "did you mean 'uk'?"),
    ],
)
def test_unknown_names_in_an_edition_are_errors_with_did_you_mean(
    editions, run_cli, key, value, message, hint
):
    path = editions / "editions" / "police-short.yaml"
    text = path.read_text("utf-8")
    old = next(line for line in text.splitlines() if line.startswith(f"{key}:"))
    path.write_text(text.replace(old, f"{key}: {value}"), "utf-8")
    line = text.splitlines().index(old) + 1
    code, _, err = run_cli("check", "--source", str(editions))
    assert code == 1
    assert f"police-short.yaml:{line}:" in err and message in err and hint in err
    assert "Traceback" not in err


def test_a_country_pack_missing_a_used_key_is_an_error(editions, run_cli):
    pack = editions / "countries" / "england.yaml"
    pack.write_text(
        pack.read_text("utf-8").replace(
            "  child_protection_authority: children's social care\n", ""
        ),
        "utf-8",
    )
    code, _, err = run_cli("check", "--source", str(editions))
    assert code == 1
    assert "country pack 'england' has no value for 'child_protection_authority'" in err
    assert "02-responding/module.yaml" in err  # where it is used


def test_malformed_or_unknown_placeholders_are_errors(editions, run_cli):
    module = editions / "02-responding" / "module.yaml"
    module.write_text(
        module.read_text("utf-8").replace(
            "bullets: [Act the same day]",
            'bullets: ["Call ${contry.police}", "Ring ${country.Bad"]',
        ),
        "utf-8",
    )
    code, _, err = run_cli("check", "--source", str(editions))
    assert code == 1
    assert "unknown placeholder '${contry.police}'" in err and "did you mean 'country'?" in err
    assert "malformed placeholder '${country.Bad'" in err


def test_template_pack_values_are_listed_by_check_and_other_editions_still_build(
    editions, run_cli, tmp_path
):
    edition = editions / "editions" / "everyone-england.yaml"
    edition.write_text(
        edition.read_text("utf-8").replace("country: england", "country: template"), "utf-8"
    )
    code, _, err = run_cli("check", "--source", str(editions), "--edition", "everyone-england")
    assert code == 1
    assert "'referral_mechanism' is still TODO" in err
    assert "'child_protection_authority' is still TODO" in err
    assert "countries/template.yaml:5:" in err
    code, _, err = run_cli(
        "build",
        "--source",
        str(editions),
        "--formats",
        "pptx",
        "--out",
        str(tmp_path / "out"),
        "--quiet",
    )
    assert code == 0  # a template pack builds as a visible draft for the in-country team


def test_core_content_that_does_not_fit_fails_with_the_minutes_over(editions, run_cli, tmp_path):
    edition = editions / "editions" / "police-short.yaml"
    edition.write_text(edition.read_text("utf-8").replace('end: "09:40"', 'end: "09:15"'), "utf-8")
    code, _, err = run_cli(
        "build",
        "--source",
        str(editions),
        "--edition",
        "police-short",
        "--formats",
        "pptx",
        "--out",
        str(tmp_path / "out"),
        "--quiet",
    )
    assert code == 1
    assert "does not fit the schedule; it needs 5 minutes more than the days allow" in err
    assert "basics/practice" in err  # the optional section it already dropped
    assert not (tmp_path / "out" / "police-short").exists()


def test_schedule_places_breaks_at_their_planned_time(editions):
    course = course_of(editions)
    edition = tailor_edition(course, edition_spec(course, "everyone-england"))
    (day,) = edition.agenda.days
    kinds = [(s.start_text, s.kind, s.label) for s in day.slots]
    assert kinds[0] == ("09:00", "section", "Introduction")
    # The break starts when the edition plans it (09:40), whatever the sections around it.
    assert ("09:40", "break", "Break") in kinds
    assert edition.agenda.dropped == []


def test_translations_are_used_and_stale_ones_fall_back_with_a_warning(editions, run_cli):
    code, out, _ = run_cli("translations", "--source", str(editions), "--language", "uk")
    assert code == 0 and "01-basics/locales/uk.po" in out
    po = editions / "01-basics" / "locales" / "uk.po"
    text = po.read_text("utf-8")
    text = text.replace(
        'msgctxt "title"\nmsgid "What child trafficking is"\nmsgstr ""',
        'msgctxt "title"\nmsgid "What child trafficking is"\nmsgstr "Що таке торгівля дітьми"',
    )
    po.write_text(text, "utf-8")
    course = course_of(editions)
    edition = tailor_edition(course, edition_spec(course, "police-short"))
    assert edition.modules[0].title == "Що таке торгівля дітьми"
    assert any("missing uk translation" in p.message for p in edition.warnings)

    module = editions / "01-basics" / "module.yaml"
    module.write_text(
        module.read_text("utf-8").replace(
            "title: What child trafficking is", "title: What child trafficking means"
        ),
        "utf-8",
    )
    course = course_of(editions)
    edition = tailor_edition(course, edition_spec(course, "police-short"))
    assert edition.modules[0].title == "What child trafficking means"  # English fallback
    assert any("1 stale uk translation" in p.message for p in edition.warnings)
    code, out, _ = run_cli("translations", "--source", str(editions), "--language", "uk")
    assert "1 changed since translated (basics)" in out
    assert "#, fuzzy" in po.read_text("utf-8")


def test_unknown_edition_on_the_command_line_is_a_usage_error(editions, run_cli, tmp_path):
    code, _, err = run_cli(
        "build",
        "--source",
        str(editions),
        "--edition",
        "police-shrt",
        "--out",
        str(tmp_path / "o"),
        "--quiet",
    )
    assert code == 2 and "did you mean 'police-short'?" in err


def test_template_pack_exists_in_the_shipped_course_with_every_key_todo():
    course = course_of(Path(__file__).resolve().parent.parent / "modules")
    if not course.countries:
        pytest.skip("the shipped course has no country packs yet")
    template = next(c for c in course.countries if c.id == "template")
    assert template.todo() == list(template.values)
    for pack in course.countries:
        if pack.id != "template":
            assert pack.todo() == [], pack.id


def test_check_flags_a_low_contrast_theme_of_the_course(editions, run_cli):
    theme = editions / "themes" / "pale"
    theme.mkdir(parents=True)
    default = Path(__file__).resolve().parent.parent / "themes" / "default"
    text = (default / "theme.yaml").read_text("utf-8").replace("id: default", "id: pale")
    (theme / "theme.yaml").write_text(text.replace('text: "333333"', 'text: "BBBBBB"'), "utf-8")
    (theme / "master.pptx").write_bytes((default / "master.pptx").read_bytes())
    code, _, err = run_cli("check", "--source", str(editions))
    assert code == 1
    assert "themes/pale/theme.yaml" in err and "4.5:1" in err and "BBBBBB" in err.upper()


def test_icon_names_and_case_profile_settings_are_not_offered_for_translation():
    from trainpack.load.catalog import texts

    data = {
        "icon": "clock",
        "items": [{"icon": "eye", "label": "Notice"}],
        "case_studies": [
            {
                "id": "amir",
                "profile": {
                    "name": "Amir",
                    "gender": "boy",
                    "from": "national",
                    "exploitation": ["criminal"],
                },
            }
        ],
    }
    found = {context: text for context, _, text in texts(data)}
    assert found == {"items.0.label": "Notice", "case_studies.amir.profile.name": "Amir"}


def test_a_translation_over_the_word_budget_warns_at_its_po_entry(editions, run_cli):
    """Translations run longer than the English: the budget is checked in every language,
    at the .po line a translator edits, with vowel marks not splitting Arabic words."""
    run_cli("translations", "--source", str(editions), "--language", "uk")
    run_cli("translations", "--source", str(editions), "--language", "ar")
    context = 'msgctxt "sections.intro.slides.1.bullets.1.sub.0"\nmsgid "Sexual exploitation"\n'
    long_uk = " ".join(["слово"] * 40)
    for language, text in (("uk", long_uk), ("ar", "اسْتِغْلَالٌ جِنْسِيٌّ، اسْتِغْلَالٌ جِنْسِيٌّ")):
        po = editions / "01-basics" / "locales" / f"{language}.po"
        body = po.read_text("utf-8")
        assert context + 'msgstr ""' in body
        po.write_text(body.replace(context + 'msgstr ""', context + f'msgstr "{text}"'), "utf-8")
    code, _, err = run_cli("check", "--source", str(editions))
    assert code == 0, err
    uk = (editions / "01-basics" / "locales" / "uk.po").read_text("utf-8").splitlines()
    line = uk.index(f'msgstr "{long_uk}"') + 1
    warning = f"01-basics/locales/uk.po:{line}: warning: in uk, this slide (basics) carries"
    assert any(warning in row for row in err.splitlines()), err
    assert "locales/ar.po" not in err  # four vowelled words, not eighteen pieces
    code, _, err = run_cli("check", "--source", str(editions), "--strict")
    assert code == 1 and f"uk.po:{line}: error: in uk, this slide" in err
