"""Residence permits (居住证): endorsement windows, the permit's state, and eligibility.

Rules (domain.md §1.3, CN-RP Art. 2/10, ZJ-REG Art. 16/19):

- The permit is endorsed once a year, *within the month before each anniversary* of issue. For
  issue date D and n = 1, 2, … the window is ``[D + n years − 1 month, D + n years)``.
- Not endorsed by the anniversary → the permit's use is suspended (使用功能中止). A late
  endorsement restores it, and the residence years restart from the late endorsement date: the
  next window is counted from that date as if it were a new issue date.
- Eligibility: at least six months since the 居住登记 declaration date, plus one of lawful stable
  work, lawful stable housing or continuous study.

Calendar rule (the texts define none; this is ours, docs/decisions.md): "n years after" and
"m months before/after" keep the day of the month; when that day does not exist in the target
month, the last day of that month is used. So a permit issued on 29 February has its
anniversaries on 28 February in common years (29 February in leap years), and the window before
an anniversary on 31 March opens on 28 (or 29) February. An endorsement dated before the window
opens does not count for that year (it is reported, never silently used).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop.domain.problems import Problem, error, warning

#: Months between the residence declaration and eligibility for a permit (ZJ-REG Art. 16).
ELIGIBILITY_MONTHS = 6


class PermitState(StrEnum):
    """Where a permit stands on a given day."""

    UPCOMING = "upcoming"  # the next endorsement window has not opened yet
    IN_WINDOW = "in_window"  # the endorsement window is open now
    SUSPENDED = "suspended"  # the anniversary passed without an endorsement (overdue)
    TERMINATED = "terminated"  # cancelled by the officer (conditions no longer met, hukou moved, death)


class PermitStatus(StrEnum):
    """The stored ``residence_permit.status``: what the officer records (suspension is computed)."""

    VALID = "valid"
    TERMINATED = "terminated"


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved by ``months`` (may be negative), clamped to the target month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """Return ``day`` moved by whole years; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def endorsement_window(base: date, n: int) -> tuple[date, date]:
    """Return ``[opens, anniversary)`` of the n-th yearly window counted from ``base`` (n ≥ 1)."""
    if n < 1:
        raise ValueError("n starts at 1")
    anniversary = add_years(base, n)
    return add_months(anniversary, -1), anniversary


@dataclass(frozen=True)
class PermitStanding:
    """The result of :func:`permit_standing`.

    Attributes:
        state: :class:`PermitState` on the given day.
        window_opens / due: the current (or missed) endorsement window ``[window_opens, due)``.
        cycle: which yearly endorsement that window is for, counted from ``residence_since``.
        residence_since: the issue date, or the date of the last late endorsement (years restart).
        endorsed_on_time / endorsed_late: endorsements that counted, by kind.
        ignored: endorsements dated before their window opened (do not count).
    """

    state: PermitState
    window_opens: date
    due: date
    cycle: int
    residence_since: date
    endorsed_on_time: tuple[date, ...] = ()
    endorsed_late: tuple[date, ...] = ()
    ignored: tuple[date, ...] = ()

    def days_until_due(self, today: date) -> int:
        """Days from ``today`` to the anniversary (negative once it has passed)."""
        return (self.due - today).days


def permit_standing(issue_date: date, endorsements: Iterable[date], today: date,
                    *, terminated: bool = False) -> PermitStanding:
    """Walk the yearly windows from ``issue_date`` through the endorsements up to ``today``.

    Each window takes the first endorsement dated on or after it opens: before the anniversary it
    is on time; after it, it is late and restarts the count from its own date. Endorsements dated
    after ``today`` are not considered.
    """
    pending = sorted(d for d in endorsements if d <= today)
    base, n = issue_date, 1
    on_time: list[date] = []
    late: list[date] = []
    ignored: list[date] = []
    while True:
        opens, due = endorsement_window(base, n)
        while pending and pending[0] < opens:
            ignored.append(pending.pop(0))
        if not pending:
            break
        endorsed = pending.pop(0)
        if endorsed < due:
            on_time.append(endorsed)
            n += 1
        else:
            late.append(endorsed)
            base, n = endorsed, 1
    if terminated:
        state = PermitState.TERMINATED
    elif today < opens:
        state = PermitState.UPCOMING
    elif today < due:
        state = PermitState.IN_WINDOW
    else:
        state = PermitState.SUSPENDED
    return PermitStanding(state, opens, due, n, base, tuple(on_time), tuple(late), tuple(ignored))


@dataclass(frozen=True)
class Eligibility:
    """Whether a person may apply for a permit, and from when.

    Attributes:
        eligible: True when both the six months and one condition are met on the day asked.
        eligible_from: the declaration date + six months (None without a declaration date).
        conditions: which of ``work``, ``housing``, ``study`` are met.
    """

    eligible: bool
    eligible_from: date | None
    conditions: tuple[str, ...]


def eligibility(declared_date: date | None, today: date, *, work: bool, housing: bool,
                study: bool) -> Eligibility:
    """Six months after the residence declaration, plus lawful work, housing or study (ZJ-REG Art. 16)."""
    conditions = tuple(name for name, met in (("work", work), ("housing", housing), ("study", study)) if met)
    if declared_date is None:
        return Eligibility(False, None, conditions)
    since = add_months(declared_date, ELIGIBILITY_MONTHS)
    return Eligibility(today >= since and bool(conditions), since, conditions)


@dataclass(frozen=True)
class PermitInput:
    """A permit as typed: number, issue date, endorsement dates, status."""

    number: str = ""
    issue_date: date | None = None
    endorsements: Sequence[date] = ()
    status: PermitStatus = PermitStatus.VALID


def validate_permit(inp: PermitInput, *, today: date) -> tuple[dict[str, object], tuple[Problem, ...]]:
    """Normalise and check a permit; return (column values, problems).

    ERROR ``permit.number_required``, ``permit.issue_date_required``, ``permit.issue_date_future``,
    ``permit.endorsement_before_issue``; WARNING ``permit.endorsement_early`` for an endorsement
    dated before its window opened (it does not count).
    """
    problems: list[Problem] = []
    number = "".join(inp.number.split()).upper()
    if not number:
        problems.append(error("number", "permit.number_required"))
    issue = inp.issue_date
    if issue is None:
        problems.append(error("issue_date", "permit.issue_date_required"))
    elif issue > today:
        problems.append(error("issue_date", "permit.issue_date_future", value=issue.isoformat()))
    dates = sorted(set(inp.endorsements))
    if issue is not None:
        for day in dates:
            if day <= issue:
                problems.append(error("endorsements", "permit.endorsement_before_issue",
                                      value=day.isoformat(), issue=issue.isoformat()))
        standing = permit_standing(issue, [d for d in dates if d > issue], today)
        for day in standing.ignored:
            problems.append(warning("endorsements", "permit.endorsement_early", value=day.isoformat()))
    values: dict[str, object] = {
        "number": number,
        "issue_date": issue.isoformat() if issue else None,
        "endorsements": [d.isoformat() for d in dates],
        "status": inp.status.value,
    }
    return values, tuple(problems)
