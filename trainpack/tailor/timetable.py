"""The day's timetable: section durations laid onto the edition's schedule.

Sections run in course order; a break starts at the section boundary nearest its planned
time; a section never runs past the end of a day.  If the content does not fit, optional
sections are dropped (last first) and reported; if the core still does not fit, the build
stops and says by how many minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from trainpack.core.model import Module, Section
from trainpack.core.model_editions import Day, clock, minutes


@dataclass(frozen=True)
class Slot:
    start: int  # minutes since midnight
    end: int
    kind: str  # "section" or "break"
    label: str
    module: Module | None = None
    section: Section | None = None

    @property
    def start_text(self) -> str:
        return clock(self.start)

    @property
    def end_text(self) -> str:
        return clock(self.end)


@dataclass
class DayPlan:
    day: Day
    number: int
    slots: list[Slot] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.day.date or f"Day {self.number}"


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
        agenda, over = _lay_out(modules, days, skip)
        if over == 0:
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
) -> tuple[Agenda, int]:
    queue = [(m, s) for m in modules for s in m.sections if (m.id, s.id) not in skip]
    plans = []
    for number, day in enumerate(days, 1):
        plan_ = DayPlan(day, number)
        plans.append(plan_)
        now, end = minutes(day.start), minutes(day.end)
        breaks = sorted(day.breaks, key=lambda b: minutes(b.at))
        while queue:
            module, section = queue[0]
            if breaks and minutes(breaks[0].at) <= now + section.duration / 2:
                item = breaks.pop(0)
                if now + item.minutes > end:
                    break
                plan_.slots.append(Slot(now, now + item.minutes, "break", item.label))
                now += item.minutes
                continue
            if now + section.duration > end:
                break
            plan_.slots.append(
                Slot(now, now + section.duration, "section", section.title, module, section)
            )
            now += section.duration
            queue.pop(0)
    return Agenda(plans), sum(s.duration for _, s in queue)
