"""The event plan: slot grid, breaks, time zones, and its validation messages."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchmaker import TimeWindow, ValidationError
from matchmaker.scheduling import EventPlan
from matchmaker.scheduling.constraints import overlapping_break

DAY = dt.date(2020, 12, 2)


def kinds(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str | None]]:
    return [(p.kind, p.field) for p in exc.value.problems]


def test_realistic_day_in_wib() -> None:
    plan = EventPlan(
        start="09:00",
        end="16:00",
        meeting=20,
        buffer=5,
        breaks=["12:00-13:00"],
        days=DAY,
        timezone="WIB",
        hosts="A",
    )
    starts = [s.start.strftime("%H:%M") for s in plan.slots]
    assert starts[:3] == ["09:00", "09:25", "09:50"]
    assert "13:00" in starts
    assert not any("12:00" <= t < "13:00" for t in starts)
    assert all(s.end - s.start == dt.timedelta(minutes=20) for s in plan.slots)
    assert plan.slots[-1].end.time() <= dt.time(16)
    assert len(plan.slots) == 14
    assert str(plan.slots[0].start.tzinfo) == "Asia/Jakarta"


def test_wita_slots_are_correct_utc_instants() -> None:
    plan = EventPlan(start="09:00", slots_per_day=2, meeting=30, buffer=0, days="2020-12-02", timezone="WITA")
    first = plan.slots[0].start
    assert first.utcoffset() == dt.timedelta(hours=8)
    assert first.astimezone(dt.timezone.utc) == dt.datetime(2020, 12, 2, 1, 0, tzinfo=dt.timezone.utc)
    assert plan.slots[1].start.astimezone(dt.timezone.utc).hour == 1
    assert plan.slots[1].start.astimezone(dt.timezone.utc).minute == 30


@pytest.mark.parametrize(("zone", "hours"), [("WIB", 7), ("WITA", 8), ("WIT", 9), ("Asia/Makassar", 8)])
def test_indonesian_zones_have_fixed_offsets(zone: str, hours: int) -> None:
    days = [dt.date(2021, m, 1) for m in (1, 4, 7, 10)]
    plan = EventPlan(start="08:00", slots_per_day=1, days=days, timezone=zone)
    assert {s.start.utcoffset() for s in plan.slots} == {dt.timedelta(hours=hours)}


def test_daylight_saving_change_inside_a_day_is_refused() -> None:
    plan = EventPlan(start="00:30", end="05:00", days="2021-03-28", timezone="Europe/Berlin")
    with pytest.raises(ValidationError, match="clocks change"):
        _ = plan.slots


@given(
    st.integers(6, 10),
    st.integers(10, 60),
    st.integers(0, 15),
    st.lists(st.tuples(st.integers(9, 16), st.integers(0, 45), st.integers(10, 90)), max_size=3),
)
def test_breaks_never_hold_meetings(
    start: int, minutes: int, buffer: int, raw: list[tuple[int, int, int]]
) -> None:
    breaks = []
    for hour, minute, length in raw:
        begin = dt.datetime.combine(DAY, dt.time(hour, minute))
        breaks.append(
            TimeWindow(
                begin.time(),
                min(begin + dt.timedelta(minutes=length), dt.datetime.combine(DAY, dt.time(23, 59))).time(),
            )
        )
    plan = EventPlan(
        start=dt.time(start), end="18:00", meeting=minutes, buffer=buffer, breaks=breaks, days=DAY
    )
    try:
        slots = plan.slots
    except ValidationError:
        return  # no slot fits at all: said so
    for s in slots:
        local = (s.start.replace(tzinfo=None), s.end.replace(tzinfo=None))
        assert overlapping_break(*local, breaks) is None
    for earlier, later in itertools.pairwise(slots):
        assert later.start >= earlier.end + dt.timedelta(minutes=buffer)


def test_breaks_on_one_day_only_and_multi_day_grid() -> None:
    plan = EventPlan(
        start="09:00",
        end="11:00",
        meeting=25,
        buffer=5,
        days=["2020-12-02", "2020-12-03"],
        breaks=[TimeWindow(dt.time(9, 30), dt.time(10, 0), dt.date(2020, 12, 3))],
    )
    first = [s for s in plan.slots if s.day == 0]
    second = [s for s in plan.slots if s.day == 1]
    assert len(first) == 4
    assert len(second) == 3
    assert plan.day_start.tolist() == [True, False, False, False, True, False, False]


def test_every_plan_error_is_reported_with_its_field() -> None:
    with pytest.raises(ValidationError) as exc:
        EventPlan(start="10:00", end="09:00", meeting=0, buffer=-5, tables=0, hosts="C")  # type: ignore[arg-type]
    assert set(kinds(exc)) >= {
        ("invalid-plan", "end"),
        ("invalid-plan", "meeting"),
        ("invalid-plan", "buffer"),
        ("invalid-plan", "tables"),
        ("invalid-plan", "hosts"),
    }
    with pytest.raises(ValidationError, match="end time or a number of slots"):
        EventPlan(start="09:00")
    with pytest.raises(ValidationError, match="not both"):
        EventPlan(start="09:00", slots_per_day=3, tables=4, hosts="A")
    with pytest.raises(ValidationError, match="unknown time zone"):
        EventPlan(start="09:00", slots_per_day=3, timezone="Mars/Olympus")
    with pytest.raises(ValidationError) as exc:
        EventPlan(start="9h", slots_per_day=3)
    assert kinds(exc) == [("invalid-plan", "start")]


def test_slot_count_and_end_must_agree_and_a_date_is_needed() -> None:
    with pytest.raises(ValidationError, match="only 3 slots fit"):
        _ = EventPlan(start="09:00", end="10:15", slots_per_day=5, days=DAY).slots
    with pytest.raises(ValidationError, match="no date"):
        _ = EventPlan(start="09:00", slots_per_day=5).slots
    assert len(EventPlan(start="09:00", end="10:15", slots_per_day=2, days=DAY).slots) == 2


def test_table_labels_set_the_number_of_tables() -> None:
    plan = EventPlan(start="09:00", slots_per_day=2, table_labels=["Meja 1", "Meja 2", "VIP"])
    assert plan.tables == 3
    with pytest.raises(ValidationError, match="3 table labels for 2 tables"):
        EventPlan(start="09:00", slots_per_day=2, tables=2, table_labels=["a", "b", "c"])
    assert "3 tables" in str(plan.resolved())


def test_slots_running_past_midnight_are_reported_not_crashed() -> None:
    import datetime as dt

    from matchmaker import ValidationError
    from matchmaker.scheduling import EventPlan

    for start, wanted in (("20:00", 20), ("23:50", 1)):
        plan = EventPlan(start=start, slots_per_day=wanted, days=[dt.date(2025, 1, 2)])  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="before midnight"):
            _ = plan.slots


def test_sizing_needs_a_slot() -> None:
    from matchmaker import ValidationError
    from matchmaker.scheduling import size_event

    with pytest.raises(ValidationError, match="at least one slot"):
        size_event([("A1", "B1")], slots=0)


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("days", 2, "expected a date or a list of them, got 2"),
        ("days", "tomorrow", "'tomorrow' is not a date"),
        ("days", [2], "2 is not a date"),
        ("days", dt.datetime(2025, 9, 29, 10), "2025-09-29 10:00:00 is a date and a time"),
        ("days", {"a": 1}, "expected a date or a list of them"),
        ("breaks", 5, "expected a time window or a list of them, got 5"),
        ("breaks", [5], "5 is not a time window"),
        ("start", "25:00", "'25:00' is not a time of day"),
        ("meeting", "20", "expected a number of minutes"),
        ("timezone", 5, "expected the name of a time zone, got 5"),
        ("table_labels", 5, "expected a table label or a list of them, got 5"),
    ],
)
def test_a_value_of_the_wrong_type_is_one_problem_naming_the_field(
    field: str, value: object, said: str
) -> None:
    """Before, ``days=2`` raised TypeError from the duplicate-day check (a traceback, exit 5
    at the command line), ``days="tomorrow"`` gave Python's "Invalid isoformat string" and a
    false "a day is listed twice" (the letters of the text counted as days), and
    ``timezone=5`` an AttributeError."""
    with pytest.raises(ValidationError) as exc:
        EventPlan(**{"start": "09:00", "slots_per_day": 3, field: value})  # type: ignore[arg-type]
    (problem,) = exc.value.problems
    assert (problem.kind, problem.field) == ("invalid-plan", field)
    assert said in problem.message
    assert "isoformat" not in problem.message
    assert "listed twice" not in str(exc.value)


@pytest.mark.parametrize(
    ("field", "value", "read"),
    [
        ("table_labels", range(1, 4), ("1", "2", "3")),
        ("table_labels", {"Meja 1": 0, "Meja 2": 1}.keys(), ("Meja 1", "Meja 2")),
        ("table_labels", (f"Meja {k}" for k in (1, 2)), ("Meja 1", "Meja 2")),
        ("days", {"2025-09-29": "Senin"}.keys(), (dt.date(2025, 9, 29),)),
        ("days", (d for d in ("2025-09-29", "2025-09-30")), (dt.date(2025, 9, 29), dt.date(2025, 9, 30))),
        ("days", map(dt.date.fromisoformat, ["2025-09-29"]), (dt.date(2025, 9, 29),)),
        ("breaks", map(str.strip, [" 10:00-10:15 "]), (TimeWindow(dt.time(10), dt.time(10, 15)),)),
        ("breaks", iter(["10:00-10:15"]), (TimeWindow(dt.time(10), dt.time(10, 15)),)),
    ],
)
def test_any_iterable_of_values_is_read(field: str, value: object, read: tuple[object, ...]) -> None:
    """The docstring's "a sequence of them": ``range``, ``dict.keys()``, generators and
    ``map`` were read before the check of a config's ``days = 2`` refused all but list,
    tuple and set (invalid-plan)."""
    plan = EventPlan(**{"start": "09:00", "slots_per_day": 3, field: value})  # type: ignore[arg-type]
    assert getattr(plan, field) == read


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("days", 2.5, "expected a date or a list of them, got 2.5"),
        ("days", True, "expected a date or a list of them, got True"),
        ("days", {"2025-09-29": 1}, "expected a date or a list of them, got {'2025-09-29': 1}"),
        ("breaks", {"10:00-10:15": 1}, "expected a time window or a list of them"),
        ("table_labels", b"ab", "expected a table label or a list of them, got b'ab'"),
        ("table_labels", {"Meja 1": 1}, "expected a table label or a list of them"),
    ],
)
def test_a_number_text_or_table_is_not_a_list(field: str, value: object, said: str) -> None:
    """What the check of a config's values was meant to catch stays caught once any
    iterable is read: a table's keys or the bytes of a text are not the values meant."""
    with pytest.raises(ValidationError) as exc:
        EventPlan(**{"start": "09:00", "slots_per_day": 3, field: value})  # type: ignore[arg-type]
    (problem,) = exc.value.problems
    assert (problem.kind, problem.field) == ("invalid-plan", field)
    assert said in problem.message
