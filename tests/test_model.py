"""The participant model: every validation rule, with its message."""

from __future__ import annotations

import datetime as dt

import pytest

from matchmaker import Delegation, Mission, Participant, TimeWindow, TradeLine, ValidationError
from matchmaker.model import resolve_timezone
from matchmaker.reporting.problems import problem_text

JT, SS = "Jawa Timur", "Sumatera Selatan"


def problems(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str | None, str]]:
    return [(p.kind, p.field, p.message) for p in exc.value.problems]


def mission(*people: Participant, **kwargs: object) -> Mission:
    return Mission("m", Delegation(JT, JT, "visiting"), Delegation(SS, SS, "host"), people, **kwargs)  # type: ignore[arg-type]


def a(pid: str = "A1", **kw: object) -> Participant:
    return Participant(pid, f"PT {pid}", JT, JT, **kw)  # type: ignore[arg-type]


def b(pid: str = "B1", **kw: object) -> Participant:
    return Participant(pid, f"CV {pid}", SS, SS, **kw)  # type: ignore[arg-type]


class TestTradeLine:
    def test_parse_forms(self) -> None:
        assert TradeLine.parse("10722") == TradeLine("10722")
        assert TradeLine.parse("HS:1701=1.500.000.000|120 t") == TradeLine("1701", "HS", 1.5e9, 120.0, "t")
        assert TradeLine.parse("1701", system="HS").key == "HS:1701"
        assert TradeLine.parse("kbli: C").key == "KBLI:C"

    def test_text_round_trip(self) -> None:
        for line in (
            TradeLine("01150"),
            TradeLine("170199", "HS", 2.5e9),
            TradeLine("10", "KBLI", None, 3.5, "t"),
        ):
            assert TradeLine.parse(str(line)) == line

    def test_unknown_kbli_code_suggests_leading_zero(self) -> None:
        with pytest.raises(ValidationError) as exc:
            TradeLine("1150")
        (problem,) = exc.value.problems
        assert problem.kind == "unknown-code"
        assert "unknown KBLI code '1150'" in problem.message
        assert "'01150'" in (problem.hint or "")

    @pytest.mark.parametrize("code", ["99", "9999", "17019", "1701999", "XX", "77"])
    def test_unknown_hs_code(self, code: str) -> None:
        with pytest.raises(ValidationError, match=f"unknown HS code '{code}'"):
            TradeLine(code, "HS")

    def test_hs_section_is_not_a_code(self) -> None:
        with pytest.raises(ValidationError, match="unknown HS code 'IV'"):
            TradeLine("IV", "HS")

    def test_negative_and_non_finite_values(self) -> None:
        with pytest.raises(ValidationError, match=r"value_idr of '10722' is negative \(-5\)"):
            TradeLine("10722", value_idr=-5)
        with pytest.raises(ValidationError, match="must be a finite number"):
            TradeLine("10722", value_idr=float("nan"))
        with pytest.raises(ValidationError, match="volume of '10722' has no unit"):
            TradeLine("10722", volume=3)

    def test_unknown_system(self) -> None:
        with pytest.raises(ValidationError, match="unknown code system 'SITC'"):
            TradeLine("01", "SITC")  # type: ignore[arg-type]

    def test_syntax_error(self) -> None:
        with pytest.raises(ValidationError, match="cannot read"):
            TradeLine.parse("=5")
        with pytest.raises(ValidationError, match="is not an amount"):
            TradeLine.parse("10722=lots")


class TestTimeWindow:
    def test_parse(self) -> None:
        assert TimeWindow.parse("9:00-12.30") == TimeWindow(dt.time(9), dt.time(12, 30))
        assert TimeWindow.parse("2020-12-02 13:00-16:00").day == dt.date(2020, 12, 2)

    def test_empty_window(self) -> None:
        with pytest.raises(ValidationError, match="ends before it starts"):
            TimeWindow.parse("12:00-09:00")

    def test_bad_text(self) -> None:
        with pytest.raises(ValidationError, match="cannot read 'morning' as a time window"):
            TimeWindow.parse("morning")

    def test_contains(self) -> None:
        w = TimeWindow(dt.time(9), dt.time(12))
        day = dt.date(2020, 12, 2)
        assert w.contains(dt.datetime.combine(day, dt.time(9)), dt.datetime.combine(day, dt.time(12)))
        assert not w.contains(
            dt.datetime.combine(day, dt.time(11, 50)), dt.datetime.combine(day, dt.time(12, 10))
        )


class TestParticipant:
    def test_normalises_without_touching_input(self) -> None:
        offers = ["10631=2500000000", TradeLine("1006", "HS")]
        certs = ["Halal", " SNI "]
        p = Participant(
            "A1", "PT A", JT, "east java", offers=offers, certifications=certs, would_like="B1; B2"
        )
        assert p.province == JT
        assert p.offers == (TradeLine("10631", value_idr=2.5e9), TradeLine("1006", "HS"))
        assert p.certifications == ("halal", "sni")
        assert p.would_like == ("B1", "B2")
        assert offers == ["10631=2500000000", TradeLine("1006", "HS")]
        assert certs == ["Halal", " SNI "]

    def test_roles(self) -> None:
        assert a(offers="10631").role == "seller"
        assert a(needs="10631").role == "buyer"
        assert a(offers="10631", needs="01270").role == "both"
        assert a().role == "none"

    def test_unknown_province(self) -> None:
        with pytest.raises(ValidationError) as exc:
            Participant("X1", "PT X", JT, "Jawa Tmur")
        assert problems(exc) == [("unknown-province", "province", "unknown province 'Jawa Tmur'")]
        assert exc.value.problems[0].participants == ("X1",)
        assert exc.value.problems[0].hint == "did you mean 'Jawa Timur'?"

    def test_foreign_region_is_free_text(self) -> None:
        assert Participant("F1", "Acme", SS, "Johor", country="my").province == "Johor"

    def test_all_problems_reported_together(self) -> None:
        with pytest.raises(ValidationError) as exc:
            Participant(
                "X1",
                "",
                JT,
                JT,
                offers="99999; 10722=-1",
                min_meetings=5,
                max_meetings=2,
                must_meet="X1",
                email="nope",
            )
        kinds = sorted(kind for kind, _, _ in problems(exc))
        assert kinds == sorted(
            ["missing", "unknown-code", "negative", "min-above-max", "self-wish", "syntax"]
        )
        assert all(p.participants == ("X1",) for p in exc.value.problems)
        assert "5 problems" not in str(exc.value)  # six of them, all listed
        assert str(exc.value).startswith("6 problems in the input:")

    def test_min_above_max(self) -> None:
        with pytest.raises(ValidationError) as exc:
            a(min_meetings=4, max_meetings=3)
        assert problems(exc) == [
            ("min-above-max", "min_meetings", "min_meetings (4) is greater than max_meetings (3)")
        ]

    @pytest.mark.parametrize("value", [-1, 2.5, "3", True])
    def test_bad_bounds(self, value: object) -> None:
        with pytest.raises(ValidationError, match="max_meetings"):
            a(max_meetings=value)

    def test_wish_naming_oneself(self) -> None:
        with pytest.raises(ValidationError, match="would_like names the participant itself"):
            a(would_like="A1")

    def test_conflicting_wishes(self) -> None:
        with pytest.raises(ValidationError, match="B1 listed in both must_meet and do_not_meet"):
            a(must_meet="B1", do_not_meet="B1")

    def test_duplicate_line(self) -> None:
        with pytest.raises(ValidationError, match="KBLI:10722 is listed twice"):
            a(offers="10722=1; 10722=2")

    def test_id_rules(self) -> None:
        with pytest.raises(ValidationError, match="may not contain ';'"):
            a("A;1")
        assert a("  A1 ").id == "A1"

    def test_availability_text(self) -> None:
        p = a(availability="13:00-16:00; 09:00-12:00")
        assert [str(w) for w in p.availability] == ["09:00-12:00", "13:00-16:00"]
        with pytest.raises(ValidationError, match="availability"):
            a(availability="lunchtime")

    def test_frozen(self) -> None:
        p = a()
        with pytest.raises(AttributeError):
            p.name = "other"  # type: ignore[misc]
        assert p.replace(name="PT Baru").name == "PT Baru"


class TestMission:
    def test_sides_and_lookup(self) -> None:
        m = mission(a("A1"), b("B1"), a("A2"), b("B2"))
        assert m.ids("A") == ("A1", "A2")
        assert m.ids("B") == ("B1", "B2")
        assert m.locate("B2") == ("B", 1)
        assert m["A2"].id == "A2"
        assert "A1" in m
        assert "Z" not in m
        with pytest.raises(KeyError, match="no participant 'Z'"):
            m.locate("Z")

    def test_duplicate_ids(self) -> None:
        with pytest.raises(ValidationError) as exc:
            mission(a("A1"), a("A1"))
        assert problems(exc) == [("duplicate-id", "id", "id used more than once")]
        assert exc.value.problems[0].participants == ("A1",)

    def test_participant_on_both_sides(self) -> None:
        with pytest.raises(ValidationError) as exc:
            mission(a("X"), b("X"))
        assert problems(exc) == [
            ("both-sides", "delegation", "listed on both sides ('Jawa Timur' and 'Sumatera Selatan')")
        ]

    def test_wish_naming_unknown_participant(self) -> None:
        with pytest.raises(ValidationError) as exc:
            mission(a("A1", must_meet="B9"), b("B1"))
        assert problems(exc) == [
            ("unknown-wish", "must_meet", "must_meet names 'B9', who is not a participant")
        ]
        assert exc.value.problems[0].participants == ("A1",)

    def test_wish_naming_same_side(self) -> None:
        with pytest.raises(ValidationError, match="names 'A2' of the same delegation"):
            mission(a("A1", would_like="A2"), a("A2"), b("B1"))

    def test_unknown_delegation(self) -> None:
        stranger = Participant("C1", "PT C", "Bali", "Bali")
        with pytest.raises(
            ValidationError, match="delegation 'Bali' is neither 'Jawa Timur' nor 'Sumatera Selatan'"
        ):
            mission(a(), stranger)

    def test_same_delegation_names(self) -> None:
        with pytest.raises(ValidationError, match="both delegations are called"):
            Mission("m", Delegation(JT), Delegation(JT), [])

    def test_timezones(self) -> None:
        assert mission(a(), b(), timezone="WITA").timezone == "Asia/Makassar"
        assert resolve_timezone("wit") == "Asia/Jayapura"
        with pytest.raises(ValidationError, match="unknown time zone 'Mars/Olympus'"):
            mission(a(), b(), timezone="Mars/Olympus")
        # before, AttributeError: 'int' object has no attribute 'strip'
        with pytest.raises(ValidationError, match="a time zone is a name, got 5"):
            mission(a(), b(), timezone=5)  # type: ignore[arg-type]

    def test_caller_list_not_kept(self) -> None:
        people = [a(), b()]
        m = mission(*people)
        people.append(a("A2"))
        assert len(m) == 2

    def test_from_participants(self) -> None:
        m = Mission.from_participants([b("B1"), a("A1")])
        assert m.side_a.name == SS
        assert m.side_a.province == SS
        m = Mission.from_participants([b("B1"), a("A1")], side_a=JT)
        assert m.ids("A") == ("A1",)
        assert m.side_b.role == "host"
        with pytest.raises(ValidationError, match="needs at least two delegations; the participants name 1"):
            Mission.from_participants([a("A1"), a("A2")])
        # a side named after no delegation is said as such (it was "exactly two ... name 2")
        with pytest.raises(ValidationError) as unknown:
            Mission.from_participants([b("B1"), a("A1")], side_a="Bali")
        (problem,) = unknown.value.problems
        assert (problem.kind, problem.field) == ("unknown-side", "side_a")
        assert (
            problem.message
            == f"side_a 'Bali' names no delegation of the participants; they name '{SS}', '{JT}'"
        )
        with pytest.raises(ValidationError) as lone:
            Mission.from_participants([a("A1")], side_a="Bali")
        assert [p.kind for p in lone.value.problems] == ["unknown-side", "too-few-delegations"]

    def test_both_sides_given_build_a_mission_with_an_empty_side(self) -> None:
        """Both sides named and every participant's delegation among them: the mission is
        built, its other side empty, as before the unknown-side check (it raised that side
        and "needs at least two delegations", contradicting the two sides given; ``matchmaker
        event init --mission`` passes the result's side names so)."""
        m = Mission.from_participants([a("A1"), a("A2")], side_a=JT, side_b="Host")
        assert (m.side_a.name, m.ids("A"), m.side_b.name, m.ids("B")) == (JT, ("A1", "A2"), "Host", ())
        m = Mission.from_participants([a("A1")], side_a="Guest", side_b=JT)
        assert (m.side_a.name, m.ids("A"), m.side_b.name, m.ids("B")) == ("Guest", (), JT, ("A1",))
        m = Mission.from_participants([], side_a="Guest", side_b="Host")
        assert (m.side_a.name, m.side_b.name, len(m)) == ("Guest", "Host", 0)

    def test_a_side_naming_no_delegation_with_another_left_out(self) -> None:
        """The unknown-side error stays when the participants name a delegation the sides
        given leave out; with both sides given, no "needs at least two delegations"."""
        with pytest.raises(ValidationError) as both:
            Mission.from_participants([a("A1")], side_a="Guest", side_b="Host")
        assert [(p.kind, p.field) for p in both.value.problems] == [
            ("unknown-side", "side_a"),
            ("unknown-side", "side_b"),
        ]
        with pytest.raises(ValidationError) as one:
            Mission.from_participants([b("B1"), a("A1")], side_a="Bali", side_b=JT)
        (problem,) = one.value.problems
        assert (problem.kind, problem.field, problem.data["given"]) == ("unknown-side", "side_a", "Bali")

    def test_side_b_alone_is_side_b(self) -> None:
        """``side_b`` given alone names side B (it was ignored: its delegation became side A,
        and a side_b naming no delegation became side A's name)."""
        m = Mission.from_participants([a("A1"), b("B1")], side_b=JT)
        assert (m.side_a.name, m.side_b.name, m.ids("B")) == (SS, JT, ("A1",))
        with pytest.raises(ValidationError) as unknown:
            Mission.from_participants([a("A1")], side_b="Bali")
        assert [(p.kind, p.field) for p in unknown.value.problems] == [
            ("unknown-side", "side_b"),
            ("too-few-delegations", "delegation"),
        ]
        with pytest.raises(ValidationError, match="side_a and side_b both name 'Jawa Timur'") as same:
            Mission.from_participants([a("A1"), b("B1")], side_a=JT, side_b=JT)
        (problem,) = same.value.problems
        assert (problem.kind, problem.field) == ("same-delegation", "side_b")
        assert "side_a dan side_b sama-sama menyebut 'Jawa Timur'" in problem_text(problem, "id")
