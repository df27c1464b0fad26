"""The day's timetable: section durations laid onto the edition's schedule.

Modules run in course order.  Breaks start exactly when the edition plans them: a module
is split around a break (even mid-section) when both parts last at least 15 minutes, and
otherwise the spare minutes go to the session before the break.  A day ends on a section
boundary.  The course ends with a closing and evaluation row.  Printed clock times are on
5-minute steps.  If the content does not fit, optional sections are dropped (last first) and
reported; if the core still does not fit, the build stops and says by how many minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from trainpack.core.model import Module, Section
from trainpack.core.model_editions import Day, clock, minutes

MIN_PART = 15  # no part of a module on the agenda is shorter (minutes)
STEP = 5  # printed clock times are on 5-minute steps
CLOSING = 10  # the closing and evaluation row at the end of the course
CLOSING_LABEL = "Closing and evaluation"


def on_step(total: int) -> int:
    """The nearest STEP-minute clock time (a trainer prints 10:35, not 10:37)."""
    return (total + STEP // 2) // STEP * STEP


@dataclass(frozen=True)
class Slot:
    start: int  # minutes since midnight
    end: int
    kind: str  # "section" or "break"
    label: str
    module: Module | None = None
    section: Section | None = None
    spare: int = 0  # minutes before a break left for questions (not in the section's length)

    @property
    def start_text(self) -> str:
        return clock(on_step(self.start))

    @property
    def end_text(self) -> str:
        return clock(on_step(self.end))


@dataclass
class DayPlan:
    day: Day
    number: int
    slots: list[Slot] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.day.date or f"Day {self.number}"

    @property
    def start_text(self) -> str:
        """When the day really starts and ends (its first and last row), for headings."""
        return self.slots[0].start_text if self.slots else self.day.start

    @property
    def end_text(self) -> str:
        return self.slots[-1].end_text if self.slots else self.day.end


@dataclass
class Agenda:
    days: list[DayPlan]
    dropped: list[tuple[Module, Section]] = field(default_factory=list)

    def start_of(self, module: Module, section: Section) -> Slot | None:
        for day in self.days:
            for slot in day.slots:
                if (
                    slot.module is not None
                    and slot.module.id == module.id
                    and slot.section is not None
                    and slot.section.id == section.id
                ):
                    return slot
        return None

    def module_rows(self) -> list[tuple[DayPlan, list[Slot]]]:
        """Per day: one slot per module part and per break, for agenda slides and sheets."""
        rows = []
        for day in self.days:
            merged: list[Slot] = []
            for slot in day.slots:
                last = merged[-1] if merged else None
                if (
                    slot.kind == "section"
                    and last is not None
                    and last.kind == "section"
                    and last.module is slot.module
                ):
                    merged[-1] = Slot(last.start, slot.end, "section", last.label, last.module)
                else:
                    label = slot.module.title if slot.module is not None else slot.label
                    merged.append(Slot(slot.start, slot.end, slot.kind, label, slot.module))
            rows.append((day, merged))
        return rows


class DoesNotFit(Exception):
    """``over``: minutes the content and breaks need beyond the days' length (0 when the total
    would fit but whole sections cannot be packed into the days); ``left``: minutes of
    sections that found no place."""

    def __init__(self, over: int, left: int, dropped: list[tuple[Module, Section]]) -> None:
        super().__init__(over)
        self.over, self.left, self.dropped = over, left, dropped


def plan(modules: Sequence[Module], days: Sequence[Day]) -> Agenda:
    """Fit the modules onto the days, dropping optional sections only as far as needed."""
    optional = [(m, s) for m in modules for s in m.sections if s.optional]
    dropped: list[tuple[Module, Section]] = []
    while True:
        skip = {(m.id, s.id) for m, s in dropped}
        agenda, over, closed = _lay_out(modules, days, skip)
        if over == 0 and (closed or not optional):  # an optional section gives way to closing
            agenda.dropped = dropped
            return agenda
        if not optional:
            needed = sum(
                s.duration for m in modules for s in m.sections if (m.id, s.id) not in skip
            )
            needed += sum(b.minutes for d in days for b in d.breaks)
            available = sum(minutes(d.end) - minutes(d.start) for d in days)
            raise DoesNotFit(max(needed - available, 0), over, dropped)
        dropped.append(optional.pop())


def _lay_out(
    modules: Sequence[Module], days: Sequence[Day], skip: set[tuple[str, str]]
) -> tuple[Agenda, int, bool]:
    """Modules in order; breaks exactly when planned, a module split around one only when
    both parts last MIN_PART minutes (otherwise the spare minutes become time for
    questions at the end of the part before); whole sections at the end of a day; the
    closing and evaluation row after the last module.  Returns the agenda, the minutes of
    sections left over and whether the closing row found room."""
    # Per module, its remaining [section, minutes left] parts (a cut section keeps its rest).
    queue = [
        (m, [[s, s.duration] for s in m.sections if (m.id, s.id) not in skip]) for m in modules
    ]
    pending: list[tuple[Module, list[list[Any]]]] = [p for p in queue if p[1]]
    plans: list[DayPlan] = []
    closed = False
    for number, day in enumerate(days, 1):
        plan_ = DayPlan(day, number)
        plans.append(plan_)
        now, end = minutes(day.start), minutes(day.end)
        breaks = sorted(day.breaks, key=lambda b: minutes(b.at))
        while True:
            due = minutes(breaks[0].at) if breaks else end
            if breaks and now >= due:
                item = breaks.pop(0)
                if due + item.minutes > end:
                    break
                _spare(plan_, due)
                plan_.slots.append(Slot(due, due + item.minutes, "break", item.label))
                now = due + item.minutes
                continue
            if not pending:
                if not closed and now + CLOSING <= due:
                    plan_.slots.append(Slot(now, now + CLOSING, "break", CLOSING_LABEL))
                    now, closed = now + CLOSING, True
                elif not closed and breaks:  # close after the coming break
                    now = due
                    continue
                break
            module, parts = pending[0]
            left = sum(p[1] for p in parts)
            room = due - now
            if left <= room:
                now = _place(plan_, module, parts, now, left)
                pending.pop(0)
                continue
            if not breaks:  # the day ends: whole sections only, each part at least MIN_PART
                fit = 0
                for _, length in parts:
                    if fit + length > room:
                        break
                    fit += length
                if fit >= MIN_PART and left - fit >= MIN_PART:
                    now = _place(plan_, module, parts, now, fit)
                break
            before = min(room, left - MIN_PART)
            if before >= MIN_PART:
                now = _place(plan_, module, parts, now, before)
            now = due  # spare minutes before the break (see _spare)
    left = sum(p[1] for _, parts in pending for p in parts)
    return Agenda(plans), left, closed


def _place(plan_: DayPlan, module: Module, parts: list, now: int, length: int) -> int:
    """Lay ``length`` minutes of the module's remaining sections from ``now`` (a section
    may be cut; its rest stays at the head of ``parts``)."""
    while length > 0 and parts:
        section, left = parts[0]
        take = min(left, length)
        plan_.slots.append(Slot(now, now + take, "section", section.title, module, section))
        now, length = now + take, length - take
        if take == left:
            parts.pop(0)
        else:
            parts[0][1] = left - take
    return now


def _spare(plan_: DayPlan, until: int) -> None:
    """Minutes left before a break go to the session before it (questions, a pause)."""
    if plan_.slots and plan_.slots[-1].kind == "section" and plan_.slots[-1].end < until:
        last = plan_.slots[-1]
        plan_.slots[-1] = Slot(
            last.start,
            until,
            "section",
            last.label,
            last.module,
            last.section,
            last.spare + until - last.end,
        )
