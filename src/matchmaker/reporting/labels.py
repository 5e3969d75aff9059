"""Labels of reports and exports in English (``"en"``) and Bahasa Indonesia (``"id"``)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

__all__ = ["LANGUAGES", "Language", "check_language", "label"]

Language = Literal["en", "id"]
LANGUAGES: tuple[Language, ...] = ("en", "id")

_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        # key: (English, Bahasa Indonesia)
        "total_value": ("Total transaction value", "Total nilai transaksi"),
        "transactions": ("Transactions", "Jumlah transaksi"),
        "mous": ("MoUs signed", "MoU ditandatangani"),
        "sold": ("sold", "menjual"),
        "bought": ("bought", "membeli"),
        "top_commodities": ("Top commodities", "Komoditas utama"),
        "declared_potential": ("Declared potential of the meetings", "Potensi yang dinyatakan peserta"),
        "realised": ("realised", "terealisasi"),
        "participants": ("Participants", "Peserta"),
        "meetings": ("Meetings", "Pertemuan"),
        "meeting_with": ("Meeting with", "Pertemuan dengan"),
        "slot": ("Slot", "Sesi"),
        "table": ("Table", "Meja"),
        "time": ("Time", "Waktu"),
        "partner": ("Partner", "Mitra"),
        "agenda": ("Agenda", "Agenda"),
        "score": ("Score", "Skor"),
        "mean_score": ("Mean score", "Skor rata-rata"),
        "unplaced": ("Meetings not placed", "Pertemuan yang tidak terjadwal"),
        "reason": ("Reason", "Alasan"),
        "summary": ("Summary", "Ringkasan"),
        "coverage": ("Coverage", "Cakupan"),
        "overview": ("Overview", "Ikhtisar"),
        "grid": ("Slots and tables", "Sesi dan meja"),
        "outcome_form": ("Outcome form", "Formulir hasil"),
        "seller": ("Seller", "Penjual"),
        "buyer": ("Buyer", "Pembeli"),
        "value_idr": ("Value (IDR)", "Nilai (Rp)"),
        "commodity": ("Commodity", "Komoditas"),
        "mou": ("MoU", "MoU"),
        "notes": ("Notes", "Catatan"),
        "score_distribution": ("Score of the chosen meetings", "Skor pertemuan terpilih"),
        "meetings_per_participant": ("Meetings per participant", "Pertemuan per peserta"),
        "sector_flows": ("Trade flows by sector", "Arus perdagangan per sektor"),
        # sentences of an evaluation (placeholders filled by Evaluation.to_text)
        "eval_meetings": ("{n} meetings", "{n} pertemuan"),
        "eval_score": (", total score {total} (mean {mean})", ", skor total {total} (rata-rata {mean})"),
        "eval_side": (
            "{side}: {with_}/{n} with a meeting ({cov}), meetings min/median/max {lo}/{med}/{hi}, "
            "Gini of meetings {gm}, of score {gs}",
            "{side}: {with_}/{n} mendapat pertemuan ({cov}), pertemuan min/median/maks {lo}/{med}/{hi}, "
            "Gini pertemuan {gm}, skor {gs}",
        ),
        "eval_wishes": (
            "wishes honoured: must-meet {mm}, would-like {wl}",
            "keinginan terpenuhi: wajib bertemu {mm}, ingin bertemu {wl}",
        ),
        "eval_blocking": ("blocking pairs: {n}", "pasangan yang saling lebih memilih: {n}"),
        "eval_slots": (
            "slots used {used} (lower bound {bound}); unplaced {unplaced}; "
            "idle gaps {gaps} (worst agenda {worst})",
            "sesi terpakai {used} (batas bawah {bound}); tidak terjadwal {unplaced}; jeda kosong {gaps} "
            "(agenda terburuk {worst})",
        ),
        "eval_potential": (
            "declared potential of the meetings: {value}",
            "potensi yang dinyatakan untuk pertemuan: {value}",
        ),
        "side": ("side", "sisi"),
        "without_meeting": ("without any meeting", "tanpa pertemuan"),
        "slots": ("Slots", "Sesi"),
        "start": ("Start", "Mulai"),
        "date": ("Date", "Tanggal"),
        "matching_line": (
            "matching: {method} ({backend}), objective {objective}",
            "pencocokan: {method} ({backend}), nilai tujuan {objective}",
        ),
        "baseline_line": ("; greedy baseline {objective}", "; pembanding greedy {objective}"),
        "schedule_line": (
            "schedule: {method} ({backend}), lower bound {bound} slots",
            "jadwal: {method} ({backend}), batas bawah {bound} sesi",
        ),
        "rules_broken": ("Rules the matching breaks", "Aturan yang dilanggar pencocokan"),
        # --- the organiser's pack: report, printable agendas, messages (owner: report) ---
        "why": ("Why this meeting", "Alasan pertemuan"),
        "contact": ("Contact", "Kontak"),
        "phone": ("Phone", "Telepon"),
        "email": ("E-mail", "Email"),
        "city": ("City", "Kota"),
        "agenda_of": ("Agenda of {name}", "Agenda {name}"),
        "agendas": ("Agendas", "Agenda peserta"),
        "no_meetings": ("No meetings.", "Tidak ada pertemuan."),
        "n_meetings": ("{n} meetings", "{n} pertemuan"),
        "one_meeting": ("1 meeting", "1 pertemuan"),
        "why_they_offer": ("offers {what} that you need", "menawarkan {what} yang Anda butuhkan"),
        "why_you_offer": ("needs {what} that you offer", "membutuhkan {what} yang Anda tawarkan"),
        "why_both_wish": ("you both asked to meet", "kedua pihak ingin bertemu"),
        "why_you_wish": ("you asked to meet them", "Anda ingin bertemu mereka"),
        "why_they_wish": ("they asked to meet you", "mereka ingin bertemu Anda"),
        "why_forced": ("a meeting the organiser set", "pertemuan yang ditetapkan panitia"),
        "why_regional": ("trade potential between your regions", "potensi dagang antardaerah"),
        "why_scale": ("businesses of a matching size", "skala usaha yang sepadan"),
        "why_other": ("a good overall score", "skor keseluruhan yang baik"),
        "totals": ("Totals", "Rekapitulasi"),
        "per_delegation": ("Meetings per delegation", "Pertemuan per delegasi"),
        "per_sector": ("Meetings per sector", "Pertemuan per sektor"),
        "delegation": ("Delegation", "Delegasi"),
        "sector": ("Sector", "Sektor"),
        "with_meeting": ("With a meeting", "Mendapat pertemuan"),
        "mean_meetings": ("Meetings per participant (mean)", "Pertemuan per peserta (rata-rata)"),
        "shortfalls": ("Fewer meetings than asked", "Pertemuan kurang dari yang diminta"),
        "shortfalls_none": (
            "Everyone got at least the meetings they asked for.",
            "Semua peserta mendapat pertemuan sebanyak yang diminta.",
        ),
        "wanted": ("Asked", "Diminta"),
        "got": ("Got", "Didapat"),
        "participant": ("Participant", "Peserta"),
        "fairness": ("Evenness of meetings", "Pemerataan pertemuan"),
        "fairness_help": (
            "100 % = everyone has the same number of meetings; lower = a few have many, others few.",
            "100 % = semua peserta mendapat jumlah pertemuan yang sama; makin rendah makin timpang.",
        ),
        "fairness_score": ("Evenness of match quality", "Pemerataan mutu pertemuan"),
        "fairness_score_help": (
            "100 % = every participant's meetings are equally good.",
            "100 % = mutu pertemuan semua peserta setara.",
        ),
        "coverage_help": (
            "Share of participants with at least one meeting.",
            "Bagian peserta yang mendapat sedikitnya satu pertemuan.",
        ),
        "score_help": (
            "How well two businesses fit, from 0 (not at all) to 1 (an exact match).",
            "Kecocokan dua usaha, dari 0 (tidak cocok) sampai 1 (sangat cocok).",
        ),
        "technical": ("Technical appendix", "Lampiran teknis"),
        "grid_block": ("Tables {first} to {last}", "Meja {first} sampai {last}"),
        "summarised": (
            "This event has {n} meetings, more than {limit} shown in one page: the slot × table grid "
            "and the agendas are in grid.csv, agendas.csv, the messages/ folder and the calendars.",
            "Acara ini memiliki {n} pertemuan, lebih dari {limit} yang dapat ditampilkan di satu halaman: "
            "jadwal sesi × meja dan agenda ada di grid.csv, agendas.csv, folder messages/ dan kalender.",
        ),
        "print_note": (
            "Print: the grid on landscape pages, each agenda on its own page.",
            "Cetak: jadwal di halaman lanskap, setiap agenda di halaman tersendiri.",
        ),
        "printable_agendas": ("Printable agendas (one per page)", "Agenda siap cetak (satu per halaman)"),
        "shortfall_availability": ("free in no slot of the event", "tidak ada waktu luang selama acara"),
        "shortfall_no-plausible-partner": ("no suitable partner", "tidak ada mitra yang cocok"),
        "shortfall_all-partners-vetoed": (
            "every suitable partner ruled out by a rule",
            "semua mitra yang cocok terhalang aturan",
        ),
        "shortfall_unplaced": (
            "matched, but no free slot or table",
            "sudah dipasangkan, tetapi tidak ada sesi/meja",
        ),
        "shortfall_tables-full": ("the tables ran out", "meja tidak mencukupi"),
        "shortfall_partners-full": (
            "suitable partners' time went to better matches",
            "waktu mitra yang cocok terpakai untuk pasangan yang lebih cocok",
        ),
        "total_line": ("{n} meetings in total.", "Total {n} pertemuan."),
        "synthetic_note": (
            "The participants of the bundled mission are synthetic; the event is real.",
            "Peserta misi bawaan adalah data sintetis; acaranya nyata.",
        ),
    }
)


def check_language(lang: str) -> Language:
    """``lang`` if it is ``"en"`` or ``"id"``; otherwise a ``ValueError`` naming both."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use 'en' (English) or 'id' (Bahasa Indonesia)")
    return lang


def label(key: str, lang: str = "en") -> str:
    """The label ``key`` in ``lang``.

    >>> label("total_value", "id")
    'Total nilai transaksi'
    """
    english, indonesian = _LABELS[key]
    return indonesian if check_language(lang) == "id" else english
