"""Property tests (Hypothesis) where a bug would hide from hand-picked examples: the YAML
loader's positions, the fit engine against an independent measure, placeholders after
substitution, and the timetable's arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import ImageFont

from trainpack.core.model import Module
from trainpack.core.model_editions import Break, Day, clock, minutes
from trainpack.core.placeholders import PATTERN, leftovers, substitute
from trainpack.core.resources import FONTS
from trainpack.load.yamlsource import load_yaml
from trainpack.tailor.timetable import DoesNotFit, plan
from trainpack.write.pptx import fit

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# --- the YAML loader keeps the right line and column for any key ----------------------------

KEY = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
SCALAR = st.from_regex(r"[A-Za-z][A-Za-z0-9 ]{0,20}", fullmatch=True).map(str.strip)


@st.composite
def nested(draw: st.DrawFn, depth: int = 0) -> dict:
    keys = draw(st.lists(KEY, min_size=1, max_size=5, unique=True))
    out: dict = {}
    for key in keys:
        if depth < 2 and draw(st.booleans()):
            out[key] = draw(nested(depth + 1))
        else:
            out[key] = draw(SCALAR) or "x"
    return out


def _write(data: dict, indent: int, lines: list[str], where: dict, path: tuple) -> None:
    """Serialise by hand so we know where each key is (0-based line, column)."""
    for key, value in data.items():
        where[path + (key,)] = (len(lines), indent)
        if isinstance(value, dict):
            lines.append(" " * indent + f"{key}:")
            _write(value, indent + 2, lines, where, path + (key,))
        else:
            lines.append(" " * indent + f'{key}: "{value}"')


@SETTINGS
@given(data=nested(), blank_lines=st.integers(0, 3))
def test_yaml_loader_keeps_line_and_column_of_every_key(
    tmp_path: Path, data: dict, blank_lines: int
) -> None:
    lines: list[str] = ["# a comment"] + [""] * blank_lines
    where: dict = {}
    _write(data, 0, lines, where, ())
    path = tmp_path / "doc.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = load_yaml(path)
    assert doc.data == data
    for loc, (line, column) in where.items():
        found = doc.where(loc, at_key=True)
        assert (found.line, found.column) == (line + 1, column + 1), loc


# --- the fit engine never returns a size whose lines exceed the box -------------------------

WORD = st.from_regex(r"[A-Za-z]{1,14}[,.]?", fullmatch=True)
CARLITO = FONTS / "Carlito-Regular.ttf"


def _independent_height(words: list[str], size: float, width: float) -> float:
    """Greedy wrap measured by FreeType through Pillow (not fontTools' advance table)."""
    font = ImageFont.truetype(str(CARLITO), size=max(1, round(size * 10)))
    scale = 0.1  # measure at 10x for sub-point precision

    def length(text: str) -> float:
        return float(font.getlength(text)) * scale

    lines, current = 1, ""
    for word in words:
        trial = f"{current} {word}" if current else word
        if current and length(trial) > width:
            lines, current = lines + 1, word
        else:
            current = trial
    return lines * size * fit.LINE


@pytest.mark.skipif(not CARLITO.is_file(), reason="Carlito is not shipped in templates/fonts")
@SETTINGS
@given(
    words=st.lists(WORD, min_size=1, max_size=60),
    width=st.floats(250, 850),
    tall=st.floats(60, 400),
)
def test_fit_never_returns_a_size_that_overflows(words: list[str], width: float, tall: float):
    block = fit.Block((fit.Piece(" ".join(words)),))
    size = fit.best_size([block], (width, tall), 28.0, 12.0)
    if size is None:
        return
    # The longest word must fit a line at all for a greedy wrap to be comparable.
    assume(all(len(w) * size * 0.6 < width for w in words))
    assert _independent_height(words, size, width) <= tall


# --- placeholders never survive substitution -------------------------------------------------

NAMESPACE_KEY = st.tuples(st.sampled_from(["country", "term"]), KEY)
FREE_TEXT = st.text(st.characters(blacklist_characters="${}", codec="utf-8"), max_size=20)


@SETTINGS
@given(
    parts=st.lists(st.one_of(FREE_TEXT, NAMESPACE_KEY), max_size=12),
    value=FREE_TEXT,
)
def test_known_placeholders_never_survive_substitution(parts: list, value: str) -> None:
    text = "".join(p if isinstance(p, str) else f"${{{p[0]}.{p[1]}}}" for p in parts)
    values: dict[str, dict[str, str]] = {}
    for part in parts:
        if not isinstance(part, str):
            values.setdefault(part[0], {})[part[1]] = value
    result = substitute(text, values)
    assert not PATTERN.search(result)
    assert leftovers(result) == []


# --- the timetable's slots add up to the day -----------------------------------------------


def _module(index: int, durations: list[int]) -> Module:
    return Module.model_validate(
        {
            "id": f"m{index}",
            "title": f"Module {index}",
            "summary": "s",
            "duration": sum(durations),
            "objectives": ["o"],
            "key_messages": ["k"],
            "sections": [
                {"id": f"s{n}", "title": f"Section {n}", "duration": d}
                for n, d in enumerate(durations)
            ],
        }
    )


@SETTINGS
@given(
    sections=st.lists(st.lists(st.integers(5, 90), min_size=1, max_size=4), min_size=1, max_size=4),
    start=st.integers(7 * 12, 10 * 12).map(lambda n: n * 5),
    length=st.integers(3 * 12, 9 * 12).map(lambda n: n * 5),
    break_at=st.floats(0.2, 0.8),
    break_minutes=st.sampled_from([10, 15, 30, 45]),
    days=st.integers(1, 2),
)
def test_timetable_slots_never_overlap_and_hold_every_section(
    sections: list[list[int]],
    start: int,
    length: int,
    break_at: float,
    break_minutes: int,
    days: int,
) -> None:
    end = min(start + length, 23 * 60 + 55)
    at = start + int((end - start) * break_at) // 5 * 5
    day = Day(
        start=clock(start),
        end=clock(end),
        breaks=[Break(at=clock(at), minutes=break_minutes)] if start <= at < end else [],
    )
    modules = [_module(i, d) for i, d in enumerate(sections)]
    try:
        agenda = plan(modules, [day] * days)
    except DoesNotFit:
        return
    taught = 0
    for day_plan in agenda.days:
        previous_end = minutes(day_plan.day.start)
        for slot in day_plan.slots:
            assert slot.start >= previous_end, "slots overlap"
            assert slot.end > slot.start
            previous_end = slot.end
            if slot.kind == "section":
                taught += slot.end - slot.start - slot.spare
        assert previous_end <= minutes(day_plan.day.end), "the day overruns its end"
    dropped = {(m.id, s.id) for m, s in agenda.dropped}
    expected = sum(s.duration for m in modules for s in m.sections if (m.id, s.id) not in dropped)
    assert taught == expected


@SETTINGS
@given(
    sections=st.lists(st.lists(st.integers(5, 90), min_size=1, max_size=4), min_size=1, max_size=5),
    start=st.integers(8 * 12, 10 * 12).map(lambda n: n * 5),
    length=st.integers(4 * 12, 8 * 12).map(lambda n: n * 5),
    break_at=st.floats(0.2, 0.8),
    break_minutes=st.sampled_from([10, 15, 30, 45]),
    days=st.integers(1, 2),
)
def test_an_agenda_a_trainer_would_print(
    sections: list[list[int]],
    start: int,
    length: int,
    break_at: float,
    break_minutes: int,
    days: int,
) -> None:
    """Breaks at their planned time, printed times on 5-minute steps, no part of a module
    under 15 minutes (unless the module is shorter), headings with the real start and end,
    and a closing and evaluation row at the very end."""
    from trainpack.tailor.timetable import CLOSING_LABEL, MIN_PART

    end = start + length
    at = start + int(length * break_at) // 5 * 5
    breaks = [Break(at=clock(at), minutes=break_minutes)]
    day = Day(start=clock(start), end=clock(end), breaks=breaks)
    modules = [_module(i, d) for i, d in enumerate(sections)]
    try:
        agenda = plan(modules, [day] * days)
    except DoesNotFit:
        return
    rows = [slot for day_plan, slots in agenda.module_rows() for slot in slots]
    for day_plan, slots in agenda.module_rows():
        for slot in slots:
            assert slot.start_text.endswith(("0", "5")) and slot.end_text.endswith(("0", "5"))
            if slot.kind == "break" and slot.label == "Break":
                assert slot.start == at, "a break starts when it was planned"
            if slot.kind == "section":
                whole = slot.module.duration
                assert slot.end - slot.start >= min(MIN_PART, whole), "a fragment under 15 minutes"
        if slots:
            assert day_plan.start_text == slots[0].start_text
            assert day_plan.end_text == slots[-1].end_text
    closing = [r for r in rows if r.label == CLOSING_LABEL]
    assert len(closing) <= 1 and (not closing or rows[-1] is closing[0])
    taught = sum(s.duration for m in modules for s in m.sections)
    if taught + break_minutes + 10 + 2 * MIN_PART <= length:  # room to spare on one day
        assert closing, "the course ends with a closing and evaluation row"
