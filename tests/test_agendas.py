"""Agendas to send: phone numbers, text messages, contacts.csv, reasons, time zones."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.export import export_all, records
from matchmaker.export.agendas import (
    CONTACT_COLUMNS,
    CONTACT_HEADERS_ID,
    agenda_lines,
    meeting_reasons,
    normalise_phone,
    text_agenda,
)
from matchmaker.model import Delegation, Mission, Participant
from matchmaker.pipeline import run
from matchmaker.reporting.commodities import commodity_name
from matchmaker.scheduling import EventPlan


@pytest.fixture(scope="module")
def result(bundled):
    return run(bundled)


@pytest.mark.parametrize(
    ("given_", "expected"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("62 812 3456 7890", "+6281234567890"),
        ("+62 0812 3456 7890", "+6281234567890"),  # a trunk 0 written after +62
        ("0062 812 3456 7890", "+6281234567890"),
        ("812-3456-7890", "+6281234567890"),
        ("(031) 567.8910", "+62315678910"),
        ("+65 6123 4567", "+6561234567"),
    ],
)
def test_normalise_phone(given_: str, expected: str) -> None:
    assert normalise_phone(given_) == expected


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("", "empty"),
        ("0812", "too few"),
        ("call me", "only digits"),
        ("+62 812 3456 7890 1234 5", "too many"),
    ],
)
def test_normalise_phone_rejects_with_a_hint(bad: str, why: str) -> None:
    with pytest.raises(ValueError, match=why) as info:
        normalise_phone(bad)
    assert repr(bad) in str(info.value)
    assert "0812-3456-7890" in str(info.value)


@given(
    st.text("0123456789", min_size=8, max_size=11),
    st.sampled_from(["0{}", "+62{}", "62{}", "+62 {}", "0062{}", "{}"]),
    st.sampled_from([" ", "-", ".", ""]),
)
def test_every_way_of_writing_a_mobile_number_gives_one_form(rest: str, form: str, sep: str) -> None:
    number = "8" + rest
    written = form.format(sep.join([number[:3], number[3:7], number[7:]]))
    assert normalise_phone(written) == "+62" + number


@settings(max_examples=300)
@given(
    st.from_regex(r"0[0-9]{0,16}", fullmatch=True) | st.text("00123456789 +-٣", max_size=18),
    st.sampled_from(["ID", "SG"]),
)
def test_numbers_of_digits_alone_read_as_the_rules_read_them(text: str, country: str) -> None:
    """The shortcut for a number of digits with its trunk 0 (most are written so) gives
    what the rules give, at every length around its bounds, and errors alike."""
    from matchmaker.export.agendas import _normalise_phone

    try:
        expected: str | ValueError = _normalise_phone(text, country)
    except ValueError as error:
        expected = error
    if isinstance(expected, str):
        assert normalise_phone(text, country=country) == expected
    else:
        with pytest.raises(ValueError, match="^" + re.escape(str(expected)) + "$"):
            normalise_phone(text, country=country)


def test_text_agenda_has_every_meeting_with_partner_table_and_contact(result, bundled) -> None:
    rec = records(result.schedule, result.scores, mission=bundled)
    lines = agenda_lines(result, rec, lang="id")
    for pid in ("JT-001", "SS-003"):
        text = text_agenda(bundled, pid, lines[pid], lang="id")
        agenda = result.schedule.agenda(pid)
        assert text.count(" WIB, Meja ") == len(agenda)
        for m in agenda:
            partner = bundled[m.partner(pid)]
            assert f"{m.start:%H.%M}–{m.end:%H.%M} WIB, Meja {m.table}" in text  # 09.00 in Indonesian
            assert f"{partner.name} ({partner.id})" in text
            if partner.phone:
                assert normalise_phone(partner.phone) in text
        assert "Rabu, 2 Desember 2020" in text
        assert f"Total {len(agenda)} pertemuan." in text
        assert "Alasan pertemuan: " in text


def test_both_sides_of_a_table_read_the_event_s_time() -> None:
    """A company from Bali at an event in WIB read its agenda in WITA, its partner and the
    venue's grid in WIB: an hour apart for one table.  At the venue it reads the venue's time."""
    people = [
        Participant("A1", "Hotel Bali", "X", "Bali", offers="10631", phone="0361 123456"),
        Participant("B1", "Toko Jawa", "Y", "Jawa Timur", needs="10631", phone="0812 3456 7890"),
    ]
    mission = Mission(
        "m",
        Delegation("X", "Bali"),
        Delegation("Y", "Jawa Timur"),
        people,
        date=dt.date(2025, 1, 2),
        timezone="WIB",
    )
    result = run(mission, EventPlan(start="09:00", end="10:00"))
    rec = records(result.schedule, result.scores, mission=mission)
    lines = agenda_lines(result, rec, lang="en")
    (bali,), (java,) = lines["A1"], lines["B1"]
    assert (bali.start.hour, bali.zone) == (9, "WIB")  # not 10:00 WITA: the table is in Java
    assert (java.start.hour, java.zone) == (9, "WIB")
    assert str(bali.start.tzinfo) == str(java.start.tzinfo) == "Asia/Jakarta"
    assert "09:00–09:20 WIB, Table 1" in text_agenda(mission, "A1", lines["A1"])
    assert "WITA" not in text_agenda(mission, "A1", lines["A1"])
    assert bali.phone == "+6281234567890"
    assert java.phone == "+62361123456"


def test_reasons_name_the_trade_from_each_side(result, bundled) -> None:
    reasons = meeting_reasons(result, "en")
    m = result.schedule.meetings[0]
    e = result.scores.explain(m.a, m.b)
    best = max(e.matches, key=lambda x: x.weight * x.fit)
    seller = m.a if best.direction == "A→B" else m.b
    buyer = m.partner(seller)
    name = commodity_name(best.need, "en")  # one display name per commodity, as in the summary
    assert reasons[(buyer, m.a, m.b)] == f"offers {name} that you need"
    assert reasons[(seller, m.a, m.b)] == f"needs {name} that you offer"
    assert meeting_reasons(result, "id")[(buyer, m.a, m.b)] == (
        f"menawarkan {commodity_name(best.need, 'id')} yang Anda butuhkan"
    )
    assert len(reasons) == 2 * len(result.schedule.meetings)
    assert meeting_reasons(result, "en", limit=10) == {}


def test_pack_has_messages_contacts_and_printable_agendas(result, bundled, tmp_path: Path) -> None:
    written = export_all(result, tmp_path, formats=["agendas"], lang="id")["agendas"]
    with_meetings = {pid for m in result.schedule.meetings for pid in (m.a, m.b)}
    # everyone gets a message: those without a meeting are told so (none of the bundled takes none)
    assert {p.stem for p in (tmp_path / "messages").iterdir()} == {p.id for p in bundled}
    assert len(with_meetings) < len(bundled.participants)
    assert {p.name for p in written} >= {"contacts.csv", "agendas.html"}
    with (tmp_path / "contacts.csv").open(encoding="utf-8", newline="") as handle:
        header, *cells = list(csv.reader(handle))
    assert tuple(header) == CONTACT_HEADERS_ID  # the pack is in Indonesian
    rows = [dict(zip(CONTACT_COLUMNS, row, strict=True)) for row in cells]
    assert [r["id"] for r in rows] == [p.id for p in bundled]
    for r in rows:
        p = bundled[r["id"]]
        if p.phone:
            assert r["phone"] == normalise_phone(p.phone)
            assert r["wa"] == r["phone"][1:]
        assert int(r["meetings"]) == len(result.schedule.agenda(p.id))
        assert r["message_file"] == f"messages/{p.id}.txt"
        if not p.phone and not p.email:
            assert r["note"]
    page = (tmp_path / "agendas.html").read_text(encoding="utf-8")
    assert page.count("<section class='agenda'") == len(with_meetings)  # a page for each with a meeting


def test_contacts_keep_unreadable_numbers_and_neutralise_formulas(tmp_path: Path) -> None:
    people = [
        Participant("A1", "=HYPERLINK(1)", "X", "Jatim", offers="10631", phone="ext. 12"),
        Participant("B1", "B", "Y", "Sumsel", needs="10631", phone="+62 812 3456 7890"),
    ]
    mission = Mission(
        "m", Delegation("X", "Jatim"), Delegation("Y", "Sumsel"), people, date=dt.date(2025, 1, 2)
    )
    export_all(run(mission), tmp_path, formats=["agendas"])
    text = (tmp_path / "contacts.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(1)" in text
    rows = list(csv.DictReader(text.splitlines()))
    assert rows[0]["phone"] == ""
    assert rows[0]["phone_as_given"] == "ext. 12"
    assert "not a phone number" in rows[0]["note"]
    assert rows[1]["phone"] == "+6281234567890"  # a bare number stays usable for bulk-message tools


def test_hostile_text_stays_on_its_line(tmp_path: Path) -> None:
    people = [
        Participant("A1", "Evil\nName\u2028two", "X", "Jatim", offers="10631", city="Kota\r\nBaru"),
        Participant("B1", "B", "Y", "Sumsel", needs="10631"),
    ]
    mission = Mission(
        "m\nx", Delegation("X", "Jatim"), Delegation("Y", "Sumsel"), people, date=dt.date(2025, 1, 2)
    )
    result = run(mission)
    rec = records(result.schedule, result.scores, mission=mission)
    text = text_agenda(mission, "B1", agenda_lines(result, rec)["B1"])
    assert "   Evil Name two (A1), Kota Baru" in text


def test_a_two_delegation_pack_s_messages_contacts_and_agenda_rows_are_pinned(tmp_path: Path) -> None:
    """The files the group path's agendas share their writers with, as they were before it
    (one side in WITA, contacts with and without numbers): the same bytes."""
    people = [
        Participant("A1", "Hotel Bali", "X", "Bali", offers="10631", phone="0361 123456", city="Denpasar",
                    contact="Made", email="made@hotel.id"),
        Participant("A2", "CV Jaya", "X", "Bali", offers="10631", city="Gianyar"),
        Participant("B1", "Toko Jawa", "Y", "Jawa Timur", needs="10631", phone="0812 3456 7890",
                    city="Surabaya", contact="Budi"),
        Participant("B2", "UD Sumber", "Y", "Jawa Timur", needs="10631", phone="ext. 9"),
    ]  # fmt: skip
    mission = Mission(
        "Misi",
        Delegation("X", "Bali"),
        Delegation("Y", "Jawa Timur"),
        people,
        date=dt.date(2025, 1, 2),
        venue="Hall",
        timezone="WIB",
    )
    result = run(mission, EventPlan(start="09:00", end="10:00"))
    export_all(result, tmp_path, formats=["agendas"], lang="id")
    assert (tmp_path / "messages" / "B1.txt").read_bytes().decode("utf-8") == (
        "*Misi*\nAgenda Toko Jawa (B1)\nHall\n\nKamis, 2 Januari 2025\n"
        "1) 09.00–09.20 WIB, Meja 1\n   Hotel Bali (A1), Denpasar\n"
        "   Kontak: Made, +62361123456, made@hotel.id\n"
        "   Alasan pertemuan: menawarkan Beras yang Anda butuhkan\n"
        "2) 09.25–09.45 WIB, Meja 2\n   CV Jaya (A2), Gianyar\n"
        "   Alasan pertemuan: menawarkan Beras yang Anda butuhkan\n\nTotal 2 pertemuan.\n"
    )
    assert (tmp_path / "contacts.csv").read_bytes().decode("utf-8").split("\r\n") == [
        "id,nama,sisi,delegasi,kontak,telepon,wa,telepon_tertulis,email,jumlah_pertemuan,berkas_pesan,catatan",
        "A1,Hotel Bali,A,X,Made,+62361123456,62361123456,0361 123456,made@hotel.id,2,messages/A1.txt,",
        "A2,CV Jaya,A,X,,,,,,2,messages/A2.txt,tanpa telepon atau email: serahkan agenda cetak",
        "B1,Toko Jawa,B,Y,Budi,+6281234567890,6281234567890,0812 3456 7890,,2,messages/B1.txt,",
        "B2,UD Sumber,B,Y,,,,ext. 9,,2,messages/B2.txt,"
        "''ext. 9' bukan nomor telepon yang terbaca; perbaiki di tabel peserta",
        "",
    ]
    page = (tmp_path / "agendas.html").read_text(encoding="utf-8")
    assert (
        "<tbody><tr><td>09.00–09.20 WIB</td><td class=id>1</td>"
        "<td>Hotel Bali <small><span class=id>A1</span>, Denpasar</small></td>"
        "<td>Made<br>+62361123456<br>made@hotel.id</td><td>menawarkan Beras yang Anda butuhkan</td>"
    ) in page
    assert "<p class='meta lead'>Y · Surabaya · 2 pertemuan</p>" in page
