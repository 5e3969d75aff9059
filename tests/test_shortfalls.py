"""Who gets no (or too few) meetings and why: reasons on built cases, and brute-force oracles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matchmaker as mm
from matchmaker.model import Delegation, Mission, Participant
from matchmaker.model.availability import TimeWindow
from matchmaker.reporting.console import shortfall_detail, shortfall_reason, shortfall_text
from matchmaker.reporting.labels import label
from matchmaker.reporting.shortfalls import REASONS, Shortfall, foreseeable_shortfalls, shortfalls
from matchmaker.scheduling import EventPlan
from matchmaker.scheduling.constraints import unplaced_reasons
from matchmaker.scheduling.sizing import slot_availability
from tests.strategies import missions

DAY = dt.date(2025, 9, 29)


def _mission(people: list[Participant]) -> Mission:
    return Mission(
        "t",
        Delegation("Jawa Timur", "Jawa Timur"),
        Delegation("Sumatera Selatan", "Sumatera Selatan"),
        people,
        date=DAY,
    )


def _a(pid: str, **kw: object) -> Participant:
    return Participant(pid, f"PT {pid}", "Jawa Timur", "Jawa Timur", offers="10631=1000000000", **kw)  # type: ignore[arg-type]


def _b(pid: str, **kw: object) -> Participant:
    return Participant(pid, f"PT {pid}", "Sumatera Selatan", "Sumatera Selatan", needs="10631", **kw)  # type: ignore[arg-type]


def _by_id(found: tuple[Shortfall, ...]) -> dict[str, Shortfall]:
    return {s.participant: s for s in found}


def test_availability_outside_the_event_is_named_with_both_spans() -> None:
    m = _mission([_a("A1"), _a("A2", availability="18:00-20:00"), _b("B1"), _b("B2")])
    found = _by_id(foreseeable_shortfalls(m, mm.default_plan()))
    assert set(found) == {"A2"}
    s = found["A2"]
    assert (s.reason, s.side, s.wanted, s.got) == ("availability", "A", 1, 0)
    assert s.detail == "available 18:00-20:00, the event runs 09:00-16:00"


def test_fewer_free_slots_than_min_meetings_is_availability() -> None:
    m = _mission([_a("A1", availability="09:00-09:30", min_meetings=3), _b("B1"), _b("B2"), _b("B3")])
    s = _by_id(foreseeable_shortfalls(m, mm.default_plan()))["A1"]
    assert s.reason == "availability"
    assert s.wanted == 3
    assert "free for 1 slots" in s.detail
    assert "min_meetings 3" in s.detail


def test_do_not_meet_with_every_plausible_partner_is_a_veto() -> None:
    m = _mission([_a("A1"), _a("A2"), _b("B1", do_not_meet="A1; A2"), _b("B2")])
    s = _by_id(foreseeable_shortfalls(m, mm.default_plan()))["B1"]
    assert s.reason == "all-partners-vetoed"
    assert "all 2 plausible partners" in s.detail


def test_certification_veto_on_every_seller() -> None:
    m = _mission(
        [_a("A1"), _a("A2", certifications="sni"), _b("B1", required_certifications="halal"), _b("B2")]
    )
    found = _by_id(foreseeable_shortfalls(m, mm.default_plan()))
    assert set(found) == {"B1"}
    assert found["B1"].reason == "all-partners-vetoed"


def test_a_veto_of_some_partners_only_is_no_shortfall() -> None:
    m = _mission([_a("A1"), _a("A2"), _b("B1", do_not_meet="A1"), _b("B2")])
    assert foreseeable_shortfalls(m, mm.default_plan()) == ()


def test_no_plausible_partner_below_min_score_or_without_a_common_code() -> None:
    stranger = Participant("B3", "PT B3", "Sumatera Selatan", "Sumatera Selatan", needs="05100")
    m = _mission([_a("A1"), _b("B1"), stranger])
    found = _by_id(foreseeable_shortfalls(m, mm.default_plan(), min_score=0.99))
    assert {s.reason for s in found.values()} == {"no-plausible-partner"}
    assert "at least 0.99" in found["B1"].detail


def test_min_meetings_above_possible_partners_names_both_numbers() -> None:
    m = _mission([_a("A1"), _a("A2"), _b("B1", min_meetings=3), _b("B2")])
    s = _by_id(foreseeable_shortfalls(m, mm.default_plan()))["B1"]
    assert (s.reason, s.wanted) == ("no-plausible-partner", 3)
    assert "2 partners" in s.detail
    assert "min_meetings 3" in s.detail


def test_max_meetings_zero_asks_for_nothing() -> None:
    m = _mission([_a("A1"), _a("A2", availability="18:00-20:00", max_meetings=0), _b("B1")])
    assert foreseeable_shortfalls(m, mm.default_plan()) == ()


def test_sparse_scores_agree_with_dense_when_every_pair_is_a_candidate() -> None:
    m = _mission([_a("A1"), _a("A2", availability="18:00-20:00"), _b("B1", min_meetings=2), _b("B2")])
    dense = foreseeable_shortfalls(m, mm.default_plan(), scores=mm.score(m))
    sparse = foreseeable_shortfalls(m, mm.default_plan(), scores=mm.score(m, top_k=10, executor="serial"))
    assert dense == sparse
    assert dense


def test_after_a_run_the_bundled_mission_falls_short_only_where_it_was_foreseeable() -> None:
    # with the default relevance floor, the few participants left without a meeting have no
    # partner above it (or only vetoed ones): nobody is short because of the solvers
    m = mm.east_java_south_sumatra_2020()
    result = mm.run(m, baseline=False)
    foreseen = {s.participant: s.reason for s in foreseeable_shortfalls(m, result.plan, result.scores)}
    assert {s.participant: s.reason for s in shortfalls(result)} == foreseen
    assert result.shortfalls == shortfalls(result)
    assert mm.run(m, baseline=False, min_score=0).shortfalls == ()


def test_after_a_run_outside_availability_is_reported_with_got_zero() -> None:
    m = _mission([_a("A1"), _a("A2", availability="18:00-20:00"), _b("B1"), _b("B2")])
    found = _by_id(shortfalls(mm.run(m, baseline=False)))
    assert found["A2"].reason == "availability"
    assert found["A2"].got == 0


def test_shared_pool_of_tables_running_out_is_tables_full() -> None:
    people = [_a(f"A{i}") for i in range(3)] + [_b(f"B{j}") for j in range(6)]
    m = _mission(people)
    plan = EventPlan(
        start="09:00", end="09:50", meeting=dt.timedelta(minutes=20), buffer=dt.timedelta(minutes=5)
    )
    plan = dataclasses.replace(plan, tables=1)
    result = mm.run(m, plan, baseline=False)
    assert len(result.matching.pairs) == 2  # two slots, one table
    found = shortfalls(result)
    assert found
    assert {s.reason for s in found} == {"tables-full"}
    placed = {pid for meeting in result.schedule.meetings for pid in (meeting.a, meeting.b)}
    assert {s.participant for s in found} == {p.id for p in people} - placed
    assert all("1 tables holds 2 meetings" in s.detail for s in found)


def _possible_meetings(m: Mission, plan: EventPlan, min_score: float | None) -> dict[str, int]:
    """Brute force, a loop over every pair: the fewer of free slots and possible partners."""
    s = mm.score(m)
    fa, fb = slot_availability(plan.resolved(m), m)
    forced = {tuple(p) for p in s.forced.tolist()}
    count = dict.fromkeys((*s.row_ids, *s.col_ids), 0)
    for i, a in enumerate(s.row_ids):
        for j, b in enumerate(s.col_ids):
            value = s.total[i, j]
            plausible = value > 0 and (min_score is None or value >= min_score)
            if (plausible or (i, j) in forced) and not s.forbidden[i, j] and (fa[i] & fb[j]).any():
                count[a] += 1
                count[b] += 1
    free = dict(
        zip((*s.row_ids, *s.col_ids), np.concatenate([fa.sum(axis=1), fb.sum(axis=1)]).tolist(), strict=True)
    )
    return {pid: min(n, free[pid]) for pid, n in count.items()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(missions(max_a=4, max_b=5), st.sampled_from([None, 0.3]), st.data())
def test_foreseeable_shortfalls_match_brute_force_and_bound_the_run(
    m: Mission, min_score: float | None, data: st.DataObject
) -> None:
    windows = st.sampled_from([(), ("09:00-10:00",), ("18:00-20:00",), ("13:00-14:00",)])
    people = []
    for p in m.participants:
        # a min_meetings the event can hold, or the run refuses it (checked elsewhere)
        lo = p.min_meetings if p.min_meetings is None else min(p.min_meetings, 1)
        people.append(
            dataclasses.replace(
                p,
                availability=tuple(map(TimeWindow.parse, data.draw(windows))),
                min_meetings=lo,
                must_meet=(),
            )
        )
    m = dataclasses.replace(m, participants=tuple(people), date=DAY)
    plan = mm.default_plan().resolved(m)
    found = _by_id(foreseeable_shortfalls(m, plan, min_score=min_score))
    possible = _possible_meetings(m, plan, min_score)
    for p in m.participants:
        want = p.min_meetings if p.min_meetings is not None else (0 if p.max_meetings == 0 else 1)
        assert (p.id in found) == (possible[p.id] < want), p.id
        if p.id in found:
            assert found[p.id].reason in REASONS[:3]
            assert found[p.id].wanted == want
            assert found[p.id].got == 0
    try:
        result = mm.run(m, plan, min_score=min_score, baseline=False)
    except (mm.InfeasibleError, mm.ValidationError):
        return
    after = _by_id(shortfalls(result))
    for pid, early in found.items():  # foreseen shortfalls happen, for the same reason
        assert pid in after
        assert after[pid].reason == early.reason
    for p in m.participants:
        got = len(result.schedule.agenda(p.id))
        want = p.min_meetings if p.min_meetings is not None else (0 if p.max_meetings == 0 else 1)
        assert (p.id in after) == (got < want)
        if p.id in after:
            assert after[p.id].got == got
            assert after[p.id].reason in REASONS


def test_shortfall_is_frozen_and_serialisable() -> None:
    s = Shortfall(participant="X", side="A", wanted=1, got=0, reason="availability", detail="d")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.got = 1  # type: ignore[misc]
    assert s.to_dict() == {
        "participant": "X",
        "side": "A",
        "wanted": 1,
        "got": 0,
        "reason": "availability",
        "detail": "d",
    }


def test_rescoring_in_blocks_gives_the_same_reasons(monkeypatch: pytest.MonkeyPatch) -> None:
    import matchmaker.reporting.shortfalls as module

    m = _mission(
        [
            _a("A1"),
            _a("A2"),
            _b("B1", do_not_meet="A1; A2"),
            _b("B2", required_certifications="halal"),
            _b("B3"),
        ]
    )
    whole = foreseeable_shortfalls(m, mm.default_plan())
    monkeypatch.setattr(module, "_DENSE_BLOCK", 1)  # one participant per block
    assert foreseeable_shortfalls(m, mm.default_plan()) == whole
    assert {s.participant: s.reason for s in whole} == {
        "B1": "all-partners-vetoed",
        "B2": "all-partners-vetoed",
    }


def test_the_floor_is_at_least_min_score_as_the_detail_says() -> None:
    """A pair scoring exactly ``min_score`` may meet (the matching and the shortfall analysis
    both keep ``total >= min_score``), and the detail says "at least", not "above"."""
    m = _mission([_a("A1"), _b("B1")])
    scores = mm.score(m)
    exact = float(scores.total[0, 0])
    assert 0 < exact < 1
    assert foreseeable_shortfalls(m, mm.default_plan(), scores, min_score=exact) == ()
    assert [(x.a, x.b) for x in mm.run(m, min_score=exact).schedule.meetings] == [("A1", "B1")]
    higher = float(np.nextafter(exact, 1.0))
    found = _by_id(foreseeable_shortfalls(m, mm.default_plan(), scores, min_score=higher))
    assert found["B1"].detail == f"no partner scores at least {higher:g} and shares a free slot"
    assert mm.run(m, min_score=higher).schedule.meetings == ()


# ------------------------------------------------------------ the reasons, said in Indonesian
def _numbers_as_indonesian_writes_them(english: str) -> list[str]:
    """The numbers of an English detail as the Indonesian one must carry them: 09.00, 0,15."""
    out = []
    for token in re.findall(r"\d+(?:[.:]\d+)?", english):
        out.append(token.replace(":", ".") if ":" in token else token.replace(".", ","))
    return out


def _every_reason() -> list[Shortfall]:
    """Shortfalls of every reason the two-delegation path gives, with their real details."""
    found: list[Shortfall] = []
    two_days = EventPlan(start="09:00", end="12:00", days=(DAY, DAY + dt.timedelta(days=1)))
    cases: list[tuple[list[Participant], EventPlan, float | None]] = [
        ([_a("A1"), _a("A2", availability="13:00-16:00"), _b("B1"), _b("B2")], two_days, 0.15),
        (
            [_a("A1", availability="09:00-09:30", min_meetings=3), _b("B1"), _b("B2"), _b("B3")],
            mm.default_plan(),
            0.15,
        ),
        ([_a("A1"), _a("A2"), _b("B1", do_not_meet="A1; A2"), _b("B2")], mm.default_plan(), 0.15),
        (
            [_a("A1"), _a("A2"), _a("A3"), _b("B1", do_not_meet="A1; A2", min_meetings=2)],
            mm.default_plan(),
            0.15,
        ),
        ([_a("A1"), _b("B1", do_not_meet="A1")], mm.default_plan(), 0.15),
        ([_a("A1"), _b("B1")], mm.default_plan(), 0.99),
        ([_a("A1"), _a("A2"), _b("B1", min_meetings=3), _b("B2")], mm.default_plan(), None),
    ]
    for people, plan, floor in cases:
        found += foreseeable_shortfalls(_mission(people), plan, min_score=floor)
    pool = EventPlan(
        start="09:00", end="09:50", meeting=dt.timedelta(minutes=20), buffer=dt.timedelta(minutes=5)
    )
    people = [_a(f"A{i}") for i in range(3)] + [_b(f"B{j}") for j in range(6)]
    found += shortfalls(mm.run(_mission(people), dataclasses.replace(pool, tables=1), baseline=False))
    return found


def test_every_shortfall_reason_carries_its_numbers_in_indonesian() -> None:
    """Before, Indonesian gave the reason alone ("tidak ada mitra yang cocok") where English
    said "no partner scores at least 0.15 and shares a free slot"; and the English warning
    named the reason by its code ("no-plausible-partner: ...")."""
    found = _every_reason()
    assert {s.reason for s in found} == {
        "availability",
        "all-partners-vetoed",
        "no-plausible-partner",
        "tables-full",
    }
    assert len({s.detail for s in found}) >= 8  # each form of each reason
    for s in found:
        said = shortfall_detail(s, "id")
        assert said is not None, s.detail
        assert not re.search(r"\b(the|of|and|partners?|slot|event|scores?)\b", said), said
        at = 0
        for number in _numbers_as_indonesian_writes_them(s.detail):  # in order, each one
            at = said.index(number, at) + len(number)
        line = shortfall_text(s, "id")
        assert line.endswith(f"{label(f'shortfall_{s.reason}', 'id')}: {said}")
        english = shortfall_text(s)
        assert f", {label(f'shortfall_{s.reason}', 'en')}: {s.detail}" in english
        assert s.reason not in english.replace(s.detail, "")  # no code, but the words


def test_an_event_of_several_days_names_both_days_in_indonesian() -> None:
    (s,) = [s for s in _every_reason() if s.participant == "A2" and s.reason == "availability"]
    assert s.detail == "available 13:00-16:00, the event runs 09:00-12:00 on 2025-09-29 to 2025-09-30"
    assert shortfall_reason(s, "id") == (
        "tidak ada waktu luang selama acara: luang 13.00-16.00, acara berlangsung 09.00-12.00 pada "
        "2025-09-29 s.d. 2025-09-30"
    )
    assert shortfall_detail(dataclasses.replace(s, detail="a detail of another version"), "id") is None
    assert shortfall_reason(dataclasses.replace(s, detail="a detail of another version"), "id") == (
        "tidak ada waktu luang selama acara"
    )


@pytest.mark.parametrize(
    ("detail", "indonesian"),
    [  # the group path's and the event day's details
        (
            "meets online only, and everyone of Jawa Timur meets on site only; make it or them hybrid "
            "(mode hybrid / hibrida)",
            "hanya bertemu daring, dan semua peserta Jawa Timur hanya luring; jadikan salah satunya "
            "hibrida (mode_pertemuan hibrida)",
        ),
        (
            "no partner scores at least 0.15 with a free slot in common",
            "tidak ada mitra dengan skor minimal 0,15 yang sama-sama punya sesi kosong",
        ),
        ("2 of its meetings found no slot or table", "2 pertemuannya tidak mendapat sesi atau meja"),
        (
            "1 candidate partner, whose time went to pairs of higher score",
            "1 calon mitra, yang waktunya terpakai pasangan dengan skor lebih tinggi",
        ),
        (
            "arrives at 13:00, after the last slot it is free for",
            "datang pukul 13.00, setelah sesi terakhir yang dapat dihadirinya",
        ),
        (
            "arrives at 2020-12-03 10:05: the re-plans book no slot starting before 2020-12-03 10:15 "
            "(lead time) (the last re-plan was at 2020-12-03 10:00), and it is free for none later",
            # the date before "pukul" (it said "pukul 2020-12-03 10.05")
            "datang 2020-12-03 pukul 10.05: penjadwalan ulang tidak memesan sesi yang dimulai sebelum "
            "2020-12-03 pukul 10.15 (waktu tenggang) (penjadwalan ulang terakhir 2020-12-03 pukul 10.00), "
            "dan tidak ada sesi sesudahnya yang dapat dihadirinya",
        ),
    ],
)
def test_the_other_paths_shortfall_details_in_indonesian(detail: str, indonesian: str) -> None:
    s = Shortfall(participant="X", side="A", wanted=1, got=0, reason="unplaced", detail=detail)
    assert shortfall_detail(s, "id") == indonesian


def _unplaced_messages() -> list[str]:
    """Every reason :func:`unplaced_reasons` gives, from the scheduler itself."""
    ids_a, ids_b = ["A1", "A2"], ["B1", "B2"]
    rows, cols = np.array([0, 1]), np.array([0, 1])
    unplaced = np.array([-1, -1])
    none_free = np.array([[False, False], [True, True]])
    found = []
    for allowed, available, capacity, proven in [
        (none_free, np.array([2, 2, 2, 2]), None, True),  # no common slot (the first), then crowded
        (np.ones((2, 2), bool), np.array([0, 2, 2, 2]), None, True),  # A1 overbooked
        (np.ones((2, 1), bool), np.array([2, 2, 2, 2]), 1, True),  # 2 meetings, 1 slot x 1 table
        (np.ones((2, 2), bool), np.array([2, 2, 2, 2]), None, False),  # not found, not proven
    ]:
        reasons = unplaced_reasons(ids_a, ids_b, rows, cols, unplaced, allowed, available, capacity, proven)
        found += [p.message for p in reasons.values()]
    return sorted(set(found))


def test_every_reason_a_matched_meeting_was_not_timetabled_is_said_in_indonesian() -> None:
    """Before, the Indonesian detail dropped the reason after the count."""
    messages = _unplaced_messages()
    assert {m.split()[0] for m in messages} >= {"no", "A1", "more", "the"}  # the five kinds
    assert len(messages) == 5
    for why in [*messages, "no slot left"]:
        detail = f"1 of 3 matched meetings could not be timetabled: {why}"
        s = Shortfall(participant="A1", side="A", wanted=3, got=2, reason="unplaced", detail=detail)
        said = shortfall_detail(s, "id")
        assert said is not None
        head, _, reason = said.partition(": ")
        assert head == "1 dari 3 pertemuan yang dipasangkan tidak mendapat sesi"
        assert reason
        assert not set(reason.split()) & {"slot", "slots", "meetings", "both", "solver"}, reason
    overbooked = next(m for m in messages if m.startswith("A1"))
    s = Shortfall(
        participant="A1",
        side="A",
        wanted=3,
        got=2,
        reason="unplaced",
        detail=f"1 of 3 matched meetings could not be timetabled: {overbooked}",
    )
    assert shortfall_detail(s, "id") == (
        "1 dari 3 pertemuan yang dipasangkan tidak mendapat sesi: "
        "A1: pertemuan melebihi sesi yang dapat dihadiri"
    )
