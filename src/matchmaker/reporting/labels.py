"""Labels of reports and exports in English (``"en"``) and Bahasa Indonesia (``"id"``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal

__all__ = [
    "CELL_LABELS",
    "COLUMN_LABELS",
    "LANGUAGES",
    "Language",
    "cell_key",
    "cell_labels",
    "check_language",
    "column_key",
    "column_label",
    "csv_dialect",
    "format_names",
    "label",
    "program_why",
]

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
        # the deals recorded against what the participants declared: not "realised", which the
        # summary keeps for contracts (MoUs, LoIs and potential deals count here too)
        "of_potential": ("deals recorded: {share} of it", "nilai transaksi tercatat {share} darinya"),
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
            "ketimpangan pertemuan {gm}, skor {gs} (0 = merata)",
        ),
        "eval_wishes": (
            "wishes honoured: must-meet {mm}, would-like {wl}",
            "keinginan terpenuhi: wajib bertemu {mm}, ingin bertemu {wl}",
        ),
        "eval_blocking": ("blocking pairs: {n}", "pasangan yang saling lebih memilih: {n}"),
        "eval_slots": (
            "slots used {used} (lower bound {bound}); unplaced {unplaced}; "
            "idle gaps {gaps} (worst agenda {worst})",
            "sesi terpakai {used} (paling sedikit {bound} diperlukan); tidak terjadwal {unplaced}; "
            "jeda kosong {gaps} (agenda terburuk {worst})",
        ),
        "eval_potential": (
            "declared potential of the meetings: {value}",
            "potensi yang dinyatakan untuk pertemuan: {value}",
        ),
        "side": ("side", "sisi"),
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
        "mission": ("Mission", "Misi dagang"),
        "venue": ("Venue", "Tempat"),
        "timezone": ("Time zone", "Zona waktu"),
        "slots_of": (
            "{used} of {n} (at least {bound} needed)",
            "{used} dari {n} (paling sedikit {bound} diperlukan)",
        ),
        "matching_method": ("Matching method", "Metode pencocokan"),
        "schedule_method": ("Scheduling method", "Metode penjadwalan"),
        "participant_noun": ("participant", "peserta"),
        "role_seller": ("seller", "penjual"),
        "role_buyer": ("buyer", "pembeli"),
        "role_both": ("both", "keduanya"),
        "role_none": ("none", "tanpa penawaran/kebutuhan"),
        "offers_needs": (
            "offers worth {offers}, needs worth {needs}",
            "penawaran {offers}, kebutuhan {needs}",
        ),
        "top_offered": ("top sectors offered", "sektor yang paling banyak ditawarkan"),
        "top_needed": ("top sectors needed ", "sektor yang paling banyak dibutuhkan"),
        "eval_meeting_one": ("{n} meeting", "{n} pertemuan"),
        # the demo
        "demo_best_pairs": (
            "== Best pairs (score and why) ==",
            "== Pasangan terbaik (skor dan alasannya) ==",
        ),
        "demo_who_meets": ("== Who meets whom ==", "== Siapa bertemu siapa =="),
        "demo_bounds": (
            "bounds: {a} up to the slots each can attend ({lo}–{hi}) or their own maximum; "
            "{b} {blo}–{bhi} each",
            "batas: {a} sebanyak sesi yang dapat dihadiri ({lo}–{hi}) atau maksimum sendiri; {b} {blo}–{bhi} "
            "masing-masing",
        ),
        "demo_without": ("without a meeting: {who}", "tanpa pertemuan: {who}"),
        "demo_timetable": ("== Timetable ==", "== Jadwal =="),
        "demo_plan": ("plan: {plan}", "rencana: {plan}"),
        "demo_agenda_of": ("Agenda of {id} {name}:", "Agenda {id} {name}:"),
        "demo_evaluation": ("== Evaluation ==", "== Evaluasi =="),
        "note": ("Note", "Catatan"),
        "cli_placed": (
            "{placed} of {total} placed in {used} of {slots} slots (at least {bound} needed; at most "
            "{most} placeable)",
            "{placed} dari {total} terjadwal dalam {used} dari {slots} sesi (paling sedikit {bound} "
            "diperlukan; paling banyak {most} dapat dijadwalkan)",
        ),
        "cli_method": (
            "method {method} ({backend}), {proof}; {gaps}",
            "{proof}; {gaps}",
        ),
        "proof_true": ("proven optimal", "terbukti optimal"),
        "proof_false": ("time limit hit, not proven", "batas waktu tercapai, tidak terbukti"),
        "proof_none": ("no proof", "tanpa bukti"),
        "cli_moved": ("{n} moved from the previous schedule", "{n} dipindah dari jadwal sebelumnya"),
        "cli_more_unplaced": ("... and {n} more unplaced", "... dan {n} lainnya tidak terjadwal"),
        # the outcome summary
        "summary_title": ("Outcome of the mission", "Hasil misi dagang"),
        "by_category": ("By kind of agreement", "Menurut jenis kesepakatan"),
        "by_sector": ("By sector", "Menurut sektor"),
        "by_commodity": ("By commodity", "Menurut komoditas"),
        "by_place": ("By regency/city", "Menurut kabupaten/kota"),
        "direction": ("Sold / bought by delegation", "Menjual / membeli per delegasi"),
        "deals": ("Deals", "Transaksi"),
        "volume": ("Volume", "Volume"),
        "value": ("Value", "Nilai"),
        "outcome_sector": ("Sector", "Sektor"),
        "place": ("Regency/city", "Kabupaten/kota"),
        "outcome_delegation": ("Delegation", "Delegasi"),
        "unknown_place": ("(not stated)", "(tidak diisi)"),
        "category_contract": ("Contracts (realised)", "Kontrak (terealisasi)"),
        "category_mou": ("MoU", "MoU"),
        "category_loi": ("LoI", "LoI"),
        "category_potential": ("Potential", "Potensi"),
        "realised_share": (
            "Realised (contracts): {share} of the value",
            "Terealisasi (kontrak): {share} dari nilai",
        ),
        "press_release": ("Press release", "Siaran pers"),
        "outcomes_other_plan": (
            "warning: {n} of the form's meetings are other pairs in {result} ({listed}): the form "
            "was printed from another run, and the comparison with the declared potential is of "
            "meetings that are not its deals'; give --result the result.json of the run that "
            "printed the form (its pack's folder)",
            "peringatan: {n} pertemuan di formulir adalah pasangan lain di {result} ({listed}): "
            "formulir dicetak dari run lain, sehingga perbandingan dengan potensi yang dinyatakan "
            "memakai pertemuan yang bukan milik transaksinya; beri --result dengan result.json dari "
            "run yang mencetak formulir itu (folder paketnya)",
        ),
        "outcomes_other_plan_pair": (
            "{ref}: the form {mine}, the result {theirs}",
            "{ref}: formulir {mine}, hasil {theirs}",
        ),
        "outcomes_other_plan_none": ("no such meeting", "tidak ada"),
        "outcomes_empty": (
            "warning: {form} has no deal filled in (no value in any row): the summary below counts "
            "nothing; fill in the form first",
            "peringatan: {form} belum berisi transaksi (tidak ada nilai di baris mana pun): ringkasan "
            "di bawah tidak menghitung apa pun; isi formulirnya dulu",
        ),
        # console lines of the command line
        "files_written": ("files written to {path}", "berkas ditulis ke {path}"),
        "report_written": ("report written to {path}", "laporan ditulis ke {path}"),
        "files_summary": ("Wrote {files} to {path}: {kinds}", "{files} ditulis ke {path}: {kinds}"),
        "pack_agendas": ("agendas", "agenda"),
        "open_report": ("Open {path} in a browser.", "Buka {path} di peramban."),
        "cli_matching": (
            "matching: {meetings} by {method} ({backend}), objective {objective}",
            "pencocokan: {meetings}, total skor {objective}",
        ),
        "cli_vs_greedy": (" vs greedy {objective} ({gain})", "; pencocokan sederhana {objective} ({gain})"),
        "console_side": (
            "{side}: {with_}/{n} with a meeting ({cov}), meetings min/median/max {lo}/{med}/{hi}, "
            "evenness of meetings {even}, of match quality {even_score}",
            "{side}: {with_}/{n} mendapat pertemuan ({cov}), pertemuan min/median/maks {lo}/{med}/{hi}, "
            "pemerataan pertemuan {even}, pemerataan mutu {even_score}",
        ),
        "console_evenness_help": (
            "(evenness: 100 % = everyone has the same; lower = a few have much, others little)",
            "(pemerataan: 100 % = semua peserta mendapat yang sama; makin rendah makin timpang)",
        ),
        "unmatched_no-capacity": ("no meeting allowed", "tidak boleh mendapat pertemuan"),
        "unmatched_all-forbidden": (
            "every partner ruled out by a rule",
            "semua mitra terhalang aturan",
        ),
        "unmatched_below-min-score": (
            "no allowed partner reaches the minimum score",
            "tidak ada mitra yang mencapai skor minimum",
        ),
        "unmatched_partners-full": (
            "suitable partners' time went to better matches",
            "waktu mitra yang cocok terpakai untuk pasangan yang lebih cocok",
        ),
        "unmatched_not-chosen": ("not chosen by the matching", "tidak terpilih dalam pencocokan"),
        "cli_warning": ("warning: {problem}", "peringatan: {problem}"),
        "cli_unplaced": ("unplaced: {a} – {b}: {reason}", "tidak terjadwal: {a} – {b}: {reason}"),
        "cli_valid": (
            "{file}: no problems; {n_a} in {side_a!r}, {n_b} in {side_b!r}",
            "{file}: tidak ada masalah; {n_a} di {side_a!r}, {n_b} di {side_b!r}",
        ),
        "cli_no_date": (
            "note: no event date yet; run and report need --date (or date in a --config)",
            "catatan: tanggal acara belum ada; run dan report memerlukan --date (atau date di --config)",
        ),
        # progress, warnings and errors of the command line (standard error)
        "progress_reading": ("reading {file}", "membaca {file}"),
        "progress_checking": ("checking the event and the request", "memeriksa acara dan permintaan"),
        "progress_solving": ("matching and scheduling", "mencocokkan dan menjadwalkan"),
        "progress_all": ("scoring, matching and scheduling", "menilai, mencocokkan dan menjadwalkan"),
        "progress_writing": ("writing {formats} to {path}", "menulis {formats} ke {path}"),
        "seconds": ("{n} s", "{n} detik"),
        "shortfalls_before": (
            "warning: participants who cannot get the meetings they ask for",
            "peringatan: peserta yang tidak dapat memperoleh pertemuan sebanyak yang diminta",
        ),
        "shortfalls_after": (
            "warning: participants with fewer meetings than they asked for",
            "peringatan: peserta yang mendapat pertemuan lebih sedikit daripada yang diminta",
        ),
        "shortfall_line": ("{id}: {got} of {wanted}, {reason}", "{id}: {got} dari {wanted}, {reason}"),
        "error": ("error", "kesalahan"),
        "hint": ("hint", "petunjuk"),
        "fail_invalid": ("invalid input", "masukan tidak valid"),
        "fail_output": ("cannot write the output", "hasil tidak dapat ditulis"),
        "fail_infeasible": ("the request cannot be met", "permintaan tidak dapat dipenuhi"),
        "fail_missing_extra": (
            "missing optional package or program",
            "paket atau program opsional belum terpasang",
        ),
        # a browser that was found but failed (errors.ProgramFailedError): not a missing one
        "fail_program_failed": ("the browser failed while printing", "peramban gagal mencetak"),
        "fail_file": ("cannot read or write a file", "berkas tidak dapat dibaca atau ditulis"),
        "fail_failed": ("failed", "gagal"),
        "fail_unexpected": ("unexpected {kind}", "kesalahan tak terduga ({kind})"),
        "hint_cells": ("fix the listed cells and run again", "perbaiki sel yang disebut lalu jalankan lagi"),
        "hint_named": (
            "fix what is named above and run again",
            "perbaiki yang disebut di atas lalu jalankan lagi",
        ),
        "hint_infeasible": (
            "relax the bounds or the plan named above, or lower the minimum score if one is set",
            "longgarkan batas atau rencana yang disebut di atas, atau turunkan skor minimum bila ditetapkan",
        ),
        "hint_missing_extra": ("install what is named above", "pasang yang disebut di atas"),
        "hint_program_failed": (
            "do one of the things named above",
            "lakukan salah satu yang disebut di atas",
        ),
        # a program --pdf prints with (export.browser): not a Python package
        "install_chromium": (
            "install Chromium (Debian/Ubuntu: apt-get install chromium), Google Chrome or Microsoft "
            "Edge, or set MATCHMAKER_CHROMIUM to the browser's program",
            "pasang Chromium (Debian/Ubuntu: apt-get install chromium), Google Chrome atau Microsoft "
            "Edge, atau isi MATCHMAKER_CHROMIUM dengan program peramban itu",
        ),
        # raised while the pack (or the report) is built: the PDFs are printed before anything
        # is moved into place, so nothing was written (export.pack.write_pack, export.write_report)
        "print_failed_hint": (
            "nothing was written (an earlier pack or report is left as it was); set "
            "MATCHMAKER_CHROMIUM to a Chromium, Google Chrome or Microsoft Edge that works, or run "
            "again without the PDFs: leave out --pdf, or add --no-pdf when the config says pdf = "
            "true (Python: pdf=False); agendas.html and report.html print from any browser",
            "tidak ada yang ditulis (paket atau laporan sebelumnya tetap seperti semula); isi "
            "MATCHMAKER_CHROMIUM dengan Chromium, Google Chrome atau Microsoft Edge yang berfungsi, "
            "atau jalankan lagi tanpa PDF: jalankan tanpa --pdf, atau tambahkan --no-pdf bila berkas "
            "pengaturan berisi pdf = true (Python: pdf=False); agendas.html dan report.html dapat "
            "dicetak dari peramban apa pun",
        ),
        "print_failed_hint_report": (
            "nothing was written (an earlier report and its PDF are left as they were); set "
            "MATCHMAKER_CHROMIUM to a Chromium, Google Chrome or Microsoft Edge that works, or run "
            "again without the PDF: leave out --pdf, or add --no-pdf when the config says pdf = "
            "true (Python: pdf=False); the HTML report prints from any browser",
            "tidak ada yang ditulis (laporan sebelumnya dan PDF-nya tetap seperti semula); isi "
            "MATCHMAKER_CHROMIUM dengan Chromium, Google Chrome atau Microsoft Edge yang berfungsi, "
            "atau jalankan lagi tanpa PDF: jalankan tanpa --pdf, atau tambahkan --no-pdf bila berkas "
            "pengaturan berisi pdf = true (Python: pdf=False); laporan HTML dapat dicetak dari "
            "peramban apa pun",
        ),
        # why a browser failed (export.browser.print_pdf, through program_why): {said} is the
        # end of what it wrote on its standard error, in its own words
        "print_wrote_none": (
            "it wrote no PDF of {page} (exit status {status}; it said: {said})",
            "tidak ada PDF {page} yang ditulisnya (status keluar {status}; pesannya: {said})",
        ),
        "print_incomplete": (
            "it stopped while printing {page}: the PDF it wrote is incomplete (exit status "
            "{status}; it said: {said})",
            "peramban berhenti saat mencetak {page}: PDF yang ditulisnya tidak lengkap (status "
            "keluar {status}; pesannya: {said})",
        ),
        "print_timeout": (
            "it did not finish printing {page} in {seconds} s",
            "peramban tidak selesai mencetak {page} dalam {seconds} detik",
        ),
        "print_not_started": (
            "it could not be started ({error})",
            "peramban tidak dapat dijalankan ({error})",
        ),
        "print_said_nothing": ("nothing", "tidak ada"),
        "hint_file": ("check the path and its permissions", "periksa jalur dan izinnya"),
        "hint_debug": (
            "re-run with --debug to see where",
            "jalankan lagi dengan --debug untuk melihat letaknya",
        ),
        "hint_report_bug": (
            "re-run with --debug and report it",
            "jalankan lagi dengan --debug dan laporkan",
        ),
        # the group path's console lines (matchmaker.group_path)
        "group_valid": (
            "{file}: valid, {participants} in {delegations} ({counts}); "
            "{allowed} allowed pairs of delegations",
            "{file}: tidak ada masalah; {participants} dalam {delegations} ({counts}); {allowed} "
            "pasangan delegasi yang boleh bertemu",
        ),
        "group_uses": ("; uses {features}", "; memakai {features}"),
        # the group path's report (export.groups.render_group_report)
        "group_report_placed": (
            "{placed} of the {chosen} meetings chosen are placed",
            "{placed} dari {chosen} pertemuan yang dipilih terjadwal",
        ),
        "group_schedule_line": (
            "schedule: {method}, lower bound {bound} slots",
            "jadwal: {method}, batas bawah {bound} sesi",
        ),
        "group_feature_teams": ("teams", "tim"),
        "group_feature_online": ("online", "pertemuan daring"),
        "group_feature_group meetings": ("group meetings", "pertemuan kelompok"),
        "group_placed": (
            "{placed} of {total} placed in {used} slots (method {method}; at least {lower} needed{upper})",
            "{placed} dari {total} terjadwal dalam {used} sesi (paling sedikit {lower} diperlukan{upper})",
        ),
        "group_upper": (", at most {upper} guaranteed", ", paling banyak {upper} dijamin"),
        "group_score": ("total score {score} ({method}, {proof})", "skor total {score} ({proof})"),
        "group_panels": ("{done} of {total} placed", "{done} dari {total} terjadwal"),
        "group_quota": (
            "quota: {label} [{value}]: {meetings} ({share}) {met}",
            "kuota: {label} [{value}]: {meetings} ({share}) {met}",
        ),
        "quota_met": ("met", "terpenuhi"),
        "quota_not_met": ("NOT met", "TIDAK terpenuhi"),
        # matchmaker event ... (the event day's console lines)
        "event_ready": (
            "{db}: {meetings} of {name} ready for the event day",
            "{db}: {meetings} dalam {name} siap untuk hari acara",
        ),
        "event_recorded": ("recorded: {what} (change {seq})", "tercatat: {what} (perubahan {seq})"),
        "event_undone": (
            "undone: {what}, recorded by {who} ({changes} so far)",
            "diurungkan: {what}, dicatat oleh {who} ({changes} sejauh ini)",
        ),
        "event_undone_replanned": (
            "the re-plan {time} came after it: what the re-plans did stands, and the next one goes "
            "by the changes without it",
            "penjadwalan ulang {time} sudah berjalan sesudahnya: hasil penjadwalan ulang tetap, dan "
            "penjadwalan ulang berikutnya berjalan tanpa catatan ini",
        ),
        # an undone check-in leaves one neither here nor absent: their meetings stay
        "event_undone_presence": (
            "{id} is now neither checked in nor recorded absent, and keeps their meetings: if {id} "
            "does not come, record a no-show: `{command}`",
            "{id} kini tidak tercatat hadir maupun tidak hadir, dan tetap mendapat pertemuannya: "
            "bila {id} ternyata tidak hadir, catat: {command}",
        ),
        # an undone check-in of a no-show who turned up: a no-show again
        "event_undone_no_show_again": (
            "{id} is a no-show again: the next re-plan cancels their meetings; if {id} is here after "
            "all, check them in again: `{command}`",
            "{id} kembali tercatat tidak hadir: penjadwalan ulang berikutnya membatalkan pertemuannya; "
            "bila {id} ternyata hadir, catat hadir lagi: {command}",
        ),
        "log_init": (
            "event file made: {meetings} meetings of {id}",
            "berkas acara dibuat: {meetings} pertemuan {id}",
        ),
        "log_check_in": ("{id}'s check-in{at}", "pencatatan hadir {id}{at}"),
        "log_no_show": ("{id}'s no-show{at}", "catatan tidak hadir {id}{at}"),
        "log_late": ("{id}'s late arrival {until}{told}", "catatan terlambat {id}, datang {until}{told}"),
        # `--lead` given to a command it does nothing for (accepted: older scripts keep running)
        "event_lead_ignored": (
            "note: --lead does nothing for `event {command}`: it is the lead time of `event replan` "
            "(and of `event walkin`'s warnings); accepted so that older scripts keep working, it can "
            "be left out",
            "catatan: --lead tidak berpengaruh pada `event {command}`: opsi itu waktu tenggat "
            "`event replan` (dan peringatan `event walkin`); tetap diterima agar skrip lama tetap "
            "berjalan, dan boleh dihapus",
        ),
        "log_announced": (" (announced {at})", " (dikabarkan {at})"),  # `late`'s, `unavailable`'s --at
        "log_unavailable": ("{id}'s time away {window}{told}", "catatan berhalangan {id} {window}{told}"),
        "log_cancel": (
            "cancel of the meeting of {a} and {b}{meeting}",
            "pembatalan pertemuan {a} dengan {b}{meeting}",
        ),
        "log_walk_in": ("{id} walked in{at}", "{id} datang sebagai peserta dadakan{at}"),
        "log_replan": ("re-plan{at}", "penjadwalan ulang{at}"),
        # what a re-plan did, in `event log` (counts, and where its updates went) and in
        # `event log ID` (each of ID's meetings it changed, with why); in Indonesian a time
        # comes as "pukul 09.00" (or "2020-12-03 pukul 09.00"), except on either side of "→"
        "log_replan_counts": (
            "{added} added, {cancelled} cancelled, {moved} moved",
            "{added} ditambah, {cancelled} dibatalkan, {moved} dipindah",
        ),
        "log_replan_updates": ("updates in {folders}", "pemberitahuan di {folders}"),
        "log_replan_no_updates": ("no updates written", "belum ada pemberitahuan yang ditulis"),
        "log_replan_added": (
            "new meeting with {other} at {new}, table {table} ({why})",
            "pertemuan baru dengan {other} {new}, meja {table} ({why})",
        ),
        "log_replan_cancelled": (
            "meeting with {other} at {old} cancelled ({why})",
            "pertemuan dengan {other} {old} dibatalkan ({why})",
        ),
        "log_replan_moved": (
            "meeting with {other} moved {old} → {new}, table {table} ({why})",
            "pertemuan dengan {other} pindah {old} → {new}, meja {table} ({why})",
        ),
        "log_replan_missed": (
            "meeting with {other} (missed at {old}) booked again {new}, table {table} ({why})",
            "pertemuan dengan {other} (terlewat {old}) dijadwalkan lagi {new}, meja {table} ({why})",
        ),
        "log_replans_unknown_one": (
            "note: re-plan {seqs} was made before matchmaker kept what each re-plan changed: "
            "whether it changed {id}'s day is not known",
            "catatan: penjadwalan ulang {seqs} dibuat sebelum matchmaker menyimpan apa yang diubah "
            "setiap penjadwalan ulang: tidak diketahui apakah jadwal {id} ikut berubah",
        ),
        "log_replans_unknown_many": (
            "note: re-plans {seqs} were made before matchmaker kept what each re-plan changed: "
            "whether they changed {id}'s day is not known",
            "catatan: penjadwalan ulang {seqs} dibuat sebelum matchmaker menyimpan apa yang diubah "
            "setiap penjadwalan ulang: tidak diketahui apakah jadwal {id} ikut berubah",
        ),
        "log_undo": ("undo of change {seq} (about {id})", "perubahan {seq} diurungkan (tentang {id})"),
        "log_undone": ("{what} (undone)", "{what} (diurungkan)"),
        # the kinds of change `undo` takes back, as `undo-other-kind` names them
        "undo_kind_check_in": ("a check-in", "pencatatan hadir"),
        "undo_kind_no_show": ("a no-show", "catatan tidak hadir"),
        "undo_kind_late": ("a late arrival", "catatan terlambat"),
        "undo_kind_unavailable": ("an away window", "catatan berhalangan"),
        "undo_kind_cancel": ("a cancel", "pembatalan pertemuan"),
        "undo_kind_walk_in": ("a walk-in", "kedatangan peserta dadakan"),
        "event_log_empty": ("no change recorded", "belum ada perubahan tercatat"),
        "agenda_table": ("table", "meja"),
        # a meeting of `event agenda` that cannot take place as booked (until a re-plan), and why
        # (a cancel and a no-show: "change_pair-cancelled", "change_no-show", as a re-plan words them)
        "agenda_unattended": ("(cannot take place: {why})", "(tidak dapat berlangsung: {why})"),
        "agenda_late": ("{id} has not arrived by then", "{id} belum datang pada waktu itu"),
        "agenda_away": ("{id} is away then", "{id} berhalangan pada waktu itu"),
        "event_updates": ("updates for {n} in {folder}", "pemberitahuan untuk {n} di {folder}"),
        "event_checked_in_again": (
            "note: {id} was checked in already{when} by {who} (change {seq}), which counts; "
            "`matchmaker event undo {id} --change {undo}` takes back this one",
            "catatan: {id} sudah tercatat hadir{when} oleh {who} (perubahan {seq}), dan itu yang "
            "berlaku; matchmaker event undo {id} --change {undo} mengurungkan yang ini",
        ),
        # a no-show that takes off meetings of later days too (a no-show covers the rest of the
        # event), and what to record instead for one expected on a later day
        "event_noshow_later_late": (
            "note: the no-show takes {id}'s {meetings} on later days ({days}) off the timetable too; "
            "if {id} is expected on a later day, take it back and record the late arrival instead: "
            "`{undo}`, then `{command}` (the time they arrive)",
            "catatan: catatan tidak hadir ini juga menghapus {meetings} {id} pada hari berikutnya "
            "({days}) dari jadwal; jika {id} ditunggu pada hari berikutnya, urungkan catatan ini dan "
            "catat keterlambatannya: {undo}, lalu {command} (waktu ia datang)",
        ),
        "event_noshow_later_away": (
            "note: the no-show takes {id}'s {meetings} on later days ({days}) off the timetable too; "
            "if {id} is expected on a later day, take it back and record the time away instead: "
            "`{undo}`, then `{command}` (and so for each day they are away)",
            "catatan: catatan tidak hadir ini juga menghapus {meetings} {id} pada hari berikutnya "
            "({days}) dari jadwal; jika {id} ditunggu pada hari berikutnya, urungkan catatan ini dan "
            "catat waktu berhalangannya: {undo}, lalu {command} (begitu pula untuk setiap hari "
            "berhalangan)",
        ),
        "event_noshow_other_days": ("; another day's: {times}", "; pada hari lain: {times}"),
        # a re-plan without --out: recorded, and the next one will not tell these changes again
        "event_no_updates": (
            "warning: no updates written for the {n} affected; the next re-plan does not repeat "
            "these changes: write them with `{command}`",
            "peringatan: tidak ada pemberitahuan yang ditulis untuk {n} yang terdampak; penjadwalan "
            "ulang berikutnya tidak mengulang perubahan ini: tulis pemberitahuannya dengan {command}",
        ),
        # `event updates`: a past re-plan's updates written now
        "event_updates_unrecorded": (
            "note: this desk may not write the event file: the updates are written, but where they "
            "went is not recorded for `event log`",
            "catatan: meja ini tidak dapat menulis berkas acara: pemberitahuan sudah ditulis, tetapi "
            "tempatnya tidak tercatat untuk event log",
        ),
        "event_updates_of": ("re-plan {seq} {now}: {updates}", "penjadwalan ulang {seq} {now}: {updates}"),
        "event_updates_later": (
            "note: later re-plans ({seqs}) changed {n} of these meetings again: their updates "
            "supersede these, send them too",
            "catatan: penjadwalan ulang sesudahnya ({seqs}) mengubah lagi {n} pertemuan ini: "
            "pemberitahuannya menggantikan yang ini, kirim juga",
        ),
        # the desk's words: what the score is of, and whether a better re-plan could exist
        # (the method and the proof stay in --json, and in Replan.summary for Python)
        "event_replan": (
            "re-plan {now}: {added} added, {cancelled} cancelled, {moved} moved ({room} to make room, "
            "{rebooked} re-booked), {kept} kept; score of the meetings to come {value} ({proof})",
            "penjadwalan ulang {now}: {added} ditambah, {cancelled} dibatalkan, {moved} dipindah "
            "({room} memberi tempat, {rebooked} dijadwalkan ulang), {kept} tetap; skor pertemuan yang "
            "akan datang {value} ({proof})",
        ),
        "event_replan_best": ("the best possible", "terbaik yang mungkin"),
        "event_replan_good": (
            "the best found; a better one may exist",
            "terbaik yang ditemukan; mungkin ada yang lebih baik",
        ),
        "event_optimal": ("optimal", "optimal"),
        "event_not_optimal": ("not proven optimal", "belum terbukti optimal"),
        "event_status": (
            "here: {present}, not come: {no_show}, expected: {expected}\n"
            "next slot: {slot}, {meetings}, free tables: {tables}",
            "hadir: {present}, tidak hadir: {no_show}, ditunggu: {expected}\n"
            "sesi berikutnya: {slot}, {meetings}, meja kosong: {tables}",
        ),
        "event_none": ("none", "tidak ada"),
        "event_away": ("{n} away in the next slot", "{n} berhalangan pada sesi berikutnya"),
        "event_walked_in": ("{n} walked in", "{n} peserta dadakan"),
        # a partner absent or away, or the pair cancelled: until a re-plan acts on it
        "event_unattended": (
            " ({n} that cannot take place as booked)",
            " ({n} tidak dapat berlangsung seperti dijadwalkan)",
        ),
        "event_as_of": (
            "as of {time}, the latest time recorded (--now gives another)",
            "per {time}, waktu terakhir yang tercatat (--now untuk waktu lain)",
        ),
        # why a re-plan changed a meeting (matchmaker.reporting.reasons.change_reason; in
        # Indonesian a time comes as "pukul 11.00", or "2020-12-03 pukul 11.00")
        "change_pair-cancelled": ("{0} and {1} cancelled it", "{0} dan {1} membatalkannya"),
        "change_no-show": ("{0} did not show up", "{0} tidak hadir"),
        "change_late": ("{0} arrives at {1}", "{0} baru datang {1}"),
        "change_away": ("{0} is away {1}", "{0} berhalangan {1}"),
        "change_unavailable": ("{0} is not available then", "{0} berhalangan pada waktu itu"),
        "change_make-room": (
            "moved to make room for a better meeting",
            "dipindah untuk memberi tempat bagi pertemuan yang lebih cocok",
        ),
        "change_moved-to-attend": (
            "{cause}; moved to a slot both can attend",
            "{cause}; dipindah ke sesi yang dapat dihadiri keduanya",
        ),
        "change_replaces": (
            "replaces {0}'s meeting with {1} ({cause})",
            "menggantikan pertemuan {0} dengan {1} ({cause})",
        ),
        "change_walked-in": ("{0} walked in", "{0} datang sebagai peserta dadakan"),
        "change_fills": ("fills free slots", "mengisi sesi kosong"),
        # a pair whose meeting an earlier re-plan cancelled (one who turned up after all)
        "change_back": (
            "{0} and {1} can meet again: their meeting, cancelled earlier, is back on",
            "{0} dan {1} dapat bertemu lagi: pertemuan yang sempat dibatalkan dijadwalkan kembali",
        ),
        "change_kept": ("can still happen", "tetap dapat berlangsung"),
        "event_table": ("Table {table}", "Meja {table}"),
        "walkin_inline": ("the walk-in given on the command line", "peserta dadakan dari baris perintah"),
        "init_wrote": ("wrote {path}", "menulis {path}"),
        "init_kept": ("kept {path} (it exists)", "{path} dibiarkan (sudah ada)"),
        # --- the organiser's pack: report, printable agendas, messages (owner: report) ---
        "why": ("Why this meeting", "Alasan pertemuan"),
        "contact": ("Contact", "Kontak"),
        "online": ("Online", "Daring"),  # an online meeting's place, before its link
        "representative": ("representative", "perwakilan"),  # which of a team's goes to a meeting
        "group_with": ("Group meeting with", "Pertemuan kelompok dengan"),
        "phone": ("Phone", "Telepon"),
        "email": ("E-mail", "Email"),
        "city": ("City", "Kota"),
        "agenda_of": ("Agenda of {name}", "Agenda {name}"),
        "message_to": ("To {name}", "Kepada {name}"),
        # the event day's update messages (matchmaker.live.messages): the heading, and the line
        # to one recorded as a no-show (the desk checks them in, and the next re-plan books them)
        "update_for": ("Changes to the agenda of {name}", "Perubahan agenda {name}"),
        "update_no_show": (
            "You are recorded as not present. If you are coming after all, please go to the "
            "organisers' desk.",
            "Anda tercatat tidak hadir. Jika Anda tetap datang, silakan lapor ke meja panitia.",
        ),
        # event agenda of one without a meeting: why, and what the desk can do
        "agenda_empty_no-show": (
            "recorded a no-show: the re-plan cancels their meetings; if {id} comes after all, check "
            "them in, and the next re-plan gives back what it can",
            "tercatat tidak hadir: penjadwalan ulang membatalkan pertemuannya; bila {id} ternyata "
            "datang, catat hadir, dan penjadwalan ulang berikutnya mengembalikan yang masih bisa",
        ),
        "agenda_empty_walk-in": (
            "walked in: the next re-plan gives them meetings where partners are free",
            "peserta dadakan: penjadwalan ulang berikutnya memberinya pertemuan bila mitranya masih luang",
        ),
        "agenda_empty_walk-in-replanned": (
            "walked in: the re-plan found no partner free for them (once the desk checks people "
            "in, new meetings go to those checked in only); a later one may",
            "peserta dadakan: penjadwalan ulang belum menemukan mitra yang luang (setelah petugas meja "
            "mencatat kehadiran, pertemuan baru hanya untuk yang sudah hadir); penjadwalan ulang "
            "berikutnya mungkin menemukannya",
        ),
        "agenda_empty_none": ("no meeting on the timetable", "tidak ada pertemuan di jadwal"),
        "event_expected_next": (
            "not checked in yet, with a meeting in the next slot: {ids}",
            "belum tercatat hadir, padahal ada pertemuan di sesi berikutnya: {ids}",
        ),
        "agendas": ("Agendas", "Agenda peserta"),
        # a participant without a meeting: its message, and the organisers' list in agendas.html
        "no_meeting_message": (
            "Thank you for registering. We are sorry: no meeting could be arranged for you at this "
            "event. Please contact the organisers if you have any questions.",
            "Terima kasih telah mendaftar. Mohon maaf, kami tidak dapat mengatur pertemuan untuk Anda "
            "dalam acara ini. Silakan hubungi panitia bila ada pertanyaan.",
        ),
        "agendas_without": ("Without a meeting ({n})", "Tanpa pertemuan ({n})"),
        "agendas_without_note": (
            "For the organisers, not to hand out: these participants get no agenda page; their "
            "message says that no meeting could be arranged.",
            "Untuk panitia, tidak untuk dibagikan: peserta ini tidak mendapat halaman agenda; pesan "
            "mereka menyampaikan bahwa pertemuan tidak dapat diatur.",
        ),
        "agendas_without_note_screen": (
            "For the organisers, not to hand out: these participants get no agenda page; their "
            "message says that no meeting could be arranged.  This list is on screen only: the "
            "printed agendas (agendas.pdf) leave it out; the report prints it.",
            "Untuk panitia, tidak untuk dibagikan: peserta ini tidak mendapat halaman agenda; pesan "
            "mereka menyampaikan bahwa pertemuan tidak dapat diatur.  Daftar ini hanya tampil di "
            "layar: agenda cetak (agendas.pdf) tidak memuatnya; laporan mencetaknya.",
        ),
        "agendas_without_link": (
            "Participants without a meeting ({n}) are listed at the end, without an agenda page.",
            "Peserta tanpa pertemuan ({n}) dicantumkan di akhir, tanpa halaman agenda.",
        ),
        "no_meeting_max_zero": (
            "takes no meeting (max_meetings 0)",
            "tidak mengambil pertemuan (max_meetings 0)",
        ),
        "no_meeting_min_zero": (
            "asked for no minimum (min_meetings 0), and none could be arranged",
            "tidak meminta jumlah minimum (min_meetings 0), dan tidak ada yang dapat diatur",
        ),
        "no_meeting_min_zero_because": (
            "asked for no minimum (min_meetings 0); {why}",
            "tidak meminta jumlah minimum (min_meetings 0); {why}",
        ),
        "n_meetings": ("{n} meetings", "{n} pertemuan"),
        "one_meeting": ("1 meeting", "1 pertemuan"),
        "why_they_offer": ("offers {what} that you need", "menawarkan {what} yang Anda butuhkan"),
        "why_you_offer": ("needs {what} that you offer", "membutuhkan {what} yang Anda tawarkan"),
        "why_both_wish": ("you both asked to meet", "kedua pihak ingin bertemu"),
        "why_you_wish": ("you asked to meet them", "Anda ingin bertemu mereka"),
        "why_they_wish": ("they asked to meet you", "mereka ingin bertemu Anda"),
        "why_forced": ("a meeting the organiser set", "pertemuan yang ditetapkan panitia"),
        "partner_offers": ("Offers", "Menawarkan"),
        "partner_needs": ("Needs", "Membutuhkan"),
        "contact_none": (
            "no phone or e-mail: hand the printed agenda over",
            "tanpa telepon atau email: serahkan agenda cetak",
        ),
        "contact_none_no_meeting": (
            "no phone or e-mail, and no meeting (no agenda page): hand the printed message ({file}) "
            "over or tell them in person",
            "tanpa telepon atau email, dan tanpa pertemuan (tidak ada halaman agenda): serahkan pesan "
            "cetak ({file}) atau sampaikan langsung",
        ),
        # an event-day update (live.messages.write_updates): the printed agenda is out of date
        "contact_none_update": (
            "no phone or e-mail: hand the printed update ({file}) over or tell them in person; "
            "their printed agenda is out of date",
            "tanpa telepon atau email: serahkan pesan perubahan cetak ({file}) atau sampaikan langsung; "
            "agenda cetaknya sudah tidak berlaku",
        ),
        "contact_none_nothing": (
            "no phone or e-mail; nothing to send (takes no meeting)",
            "tanpa telepon atau email; tidak ada yang perlu dikirim (tidak mengambil pertemuan)",
        ),
        "contact_unreadable": (
            "{phone!r} is not a phone number as written; correct it in the participant table",
            "{phone!r} bukan nomor telepon yang terbaca; perbaiki di tabel peserta",
        ),
        "why_sells": (
            "{seller} offers {offer}, {buyer} needs {need}",
            "{seller} menawarkan {offer}, {buyer} membutuhkan {need}",
        ),
        "why_one_wish": ("one of them asked to meet", "satu pihak ingin bertemu"),
        "why_met_before": ("met before", "pernah bertemu"),
        "why_forbidden": ("ruled out by a rule", "terhalang aturan"),
        "component_fit": ("product fit", "kecocokan produk"),
        "component_scale": ("business size", "skala usaha"),
        "component_wishes": ("wishes", "keinginan"),
        "component_regional": ("regional potential", "potensi daerah"),
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
        "print_agendas_note": (
            "Print: each agenda on its own page, with the event's date and venue.",
            "Cetak: setiap agenda di halaman tersendiri, dengan tanggal dan tempat acara.",
        ),
        "print_agendas_note_no_venue": (
            "Print: each agenda on its own page, with the event's date.",
            "Cetak: setiap agenda di halaman tersendiri, dengan tanggal acara.",
        ),
        # the browser prints its own header and footer (date, title, file:// path) unless told not to
        "print_headers_note": (
            'Untick "Headers and footers" in the browser\'s print settings (More settings), or '
            "write the PDF with matchmaker run --pdf.",
            'Matikan "Header dan footer" di setelan cetak peramban (Setelan lainnya), atau buat '
            "PDF-nya dengan matchmaker run --pdf.",
        ),
        "agendas_no_venue": (
            "The mission names no venue (--venue, or venue in the config's [mission]): the agenda "
            "pages say when, but not where.",
            "Misi ini belum menyebut tempat acara (--venue, atau venue di [mission] konfigurasi): "
            "halaman agenda menyebut waktunya, tetapi tidak tempatnya.",
        ),
        "printable_agendas": ("Printable agendas (one per page)", "Agenda siap cetak (satu per halaman)"),
        "shortfall_availability": ("free in no slot of the event", "tidak ada waktu luang selama acara"),
        "shortfall_arrives-too-late": (
            "arrives too late for the last slot it is free for",
            "datang terlambat untuk sesi terakhir yang dapat dihadirinya",
        ),
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
        # the detail says who meets on site (its own words repeated the reason before)
        "shortfall_online-only": (
            "no partner to meet online",
            "tidak ada mitra yang dapat ditemui secara daring",
        ),
        "shortfall_group-meeting": (
            "its group meeting cannot be held",
            "pertemuan kelompoknya tidak dapat diadakan",
        ),
        "shortfall_partners-full": (
            "suitable partners' time went to better matches",
            "waktu mitra yang cocok terpakai untuk pasangan yang lebih cocok",
        ),
        "total_line": ("{n} in total.", "Total {n}."),
        "synthetic_note": (
            "The participants of the bundled mission are synthetic; the event is real.",
            "Peserta misi bawaan adalah data sintetis; acaranya nyata.",
        ),
    }
)


#: Headers of the exported tables in Indonesian; English files keep the column keys
#: (``value_idr``), which programs read.  Readers accept both (:func:`column_key`).
COLUMN_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "meeting": "pertemuan",
        "slot": "sesi",
        "date": "tanggal",
        "start": "mulai",
        "end": "selesai",
        "table": "meja",
        "a_id": "id_a",
        "a_name": "nama_a",
        "b_id": "id_b",
        "b_name": "nama_b",
        "a_delegation": "delegasi_a",  # the group pack's outcome form
        "b_delegation": "delegasi_b",
        "score": "skor",
        "status": "status",
        "reason": "alasan",
        "participant": "peserta",
        "participant_name": "nama_peserta",
        "partner": "mitra",
        "partner_name": "nama_mitra",
        "partner_city": "kota_mitra",
        "partner_contact": "kontak_mitra",
        "seller": "penjual",
        "value_idr": "nilai_rp",
        "commodity": "komoditas",
        "volume": "volume",
        "unit": "satuan",
        "category": "kategori",
        "mou": "mou",
        "notes": "catatan",
        "item": "butir",
        "value": "nilai",
        # the event day's updates (matchmaker.live.messages)
        "change": "perubahan",
        "old_start": "mulai_lama",
        "old_table": "meja_lama",
        "new_start": "mulai_baru",
        "new_table": "meja_baru",
        "move": "jenis_pindah",
        "name": "nama",
        "text": "teks",
        # how to reach them, as contacts.csv heads them (export.agendas.CONTACT_HEADERS_ID)
        "phone": "telepon",
        "wa": "wa",
        "email": "email",
        # the group path's pack (matchmaker.export.groups)
        "id_1": "id_1",
        "name_1": "nama_1",
        "delegation_1": "delegasi_1",
        "id_2": "id_2",
        "name_2": "nama_2",
        "delegation_2": "delegasi_2",
        "mode": "moda",
        "link": "tautan",
        "kind": "jenis",
        "timezone": "zona_waktu",
        "partner_delegation": "delegasi_mitra",
        "representative": "perwakilan",
        "representative_1": "perwakilan_1",  # meetings.csv: which of id_1's (id_2's) team goes
        "representative_2": "perwakilan_2",
        "participants": "peserta_terlibat",
    }
)
_COLUMN_KEYS = {v: k for k, v in COLUMN_LABELS.items()} | {k: k for k in COLUMN_LABELS}

#: Cell values of exported tables in Indonesian, by column (English files keep the keys).
CELL_LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "status": MappingProxyType({"placed": "terjadwal", "unplaced": "tidak terjadwal"}),
        "change": MappingProxyType(
            {"added": "ditambah", "cancelled": "dibatalkan", "moved": "dipindah", "kept": "tetap"}
        ),
        "kind": MappingProxyType({"meeting": "pertemuan", "group": "kelompok"}),
        # the two kinds of moved meeting (MeetingChange.move): it could stay, or had to move
        "move": MappingProxyType({"make-room": "memberi tempat", "rebooked": "dijadwalkan ulang"}),
    }
)


def cell_labels(lang: str = "en") -> Mapping[str, Mapping[str, str]]:
    """The translations of cell values by column in ``lang`` (none for English).

    >>> cell_labels("id")["status"]["placed"], dict(cell_labels("en"))
    ('terjadwal', {})
    """
    return CELL_LABELS if check_language(lang) == "id" else MappingProxyType({})


_CELL_KEYS = {column: {v: k for k, v in words.items()} for column, words in CELL_LABELS.items()}


def cell_key(column: str, text: str) -> str:
    """The value a translated cell stands for (either language), for readers of the files.

    >>> cell_key("status", "terjadwal"), cell_key("status", "placed"), cell_key("name", "terjadwal")
    ('placed', 'placed', 'terjadwal')
    """
    return _CELL_KEYS.get(column, {}).get(text, text)


def column_label(column: str, lang: str = "en") -> str:
    """The header of an exported column in ``lang`` (other columns, e.g. table names, as they are).

    >>> column_label("value_idr", "id"), column_label("value_idr", "en"), column_label("T01", "id")
    ('nilai_rp', 'value_idr', 'T01')
    """
    return COLUMN_LABELS.get(column, column) if check_language(lang) == "id" else column


def column_key(header: str) -> str:
    """The column key of a header in either language; case, spaces and hyphens do not matter.

    Other headers (a table's name in the grid) come back as they are, stripped.

    >>> column_key(" Nilai Rp "), column_key("value-idr"), column_key("Komoditas"), column_key("JT-001")
    ('value_idr', 'value_idr', 'commodity', 'JT-001')
    """
    key = re.sub(r"[\s\-]+", "_", header.strip().casefold())
    return _COLUMN_KEYS.get(key, header.strip())


def csv_dialect(lang: str = "en") -> tuple[str, bool]:
    """(delimiter, byte-order mark) of the CSV files written for ``lang``.

    Excel opens a CSV file with the list separator of the computer's locale: ``;``
    where the decimal mark is a comma, as in Indonesia.  It takes the file for UTF-8
    only with a byte-order mark.  So ``"id"`` files use ``;`` and a BOM, and ``"en"``
    files ``,`` without one (what most programs expect).  matchmaker reads both.

    >>> csv_dialect("id"), csv_dialect("en")
    ((';', True), (',', False))
    """
    return (";", True) if check_language(lang) == "id" else (",", False)


def language_code(value: str) -> str:
    """A language as people write it (``--lang``, ``MATCHMAKER_LANG``, a config's ``lang``), as
    matchmaker names it: ``ID``, ``id_ID.UTF-8`` and ``id-ID`` are ``id``; an unknown one is
    returned the same way, for the caller to refuse.

    >>> [language_code(v) for v in ("ID", "id_ID.UTF-8", "en-GB", " En ", "fr")]
    ['id', 'id', 'en', 'en', 'fr']
    """
    return value.strip().replace("-", "_").split("_")[0].split(".")[0].casefold()


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


def program_why(reason: str, fields: Mapping[str, str], lang: str = "en") -> str:
    """Why a program failed (:class:`~matchmaker.errors.ProgramFailedError` ``reason`` and
    ``fields``) in ``lang``: the label ``reason`` filled with ``fields``; an empty ``said``
    (the program wrote nothing on its standard error) reads "nothing".

    >>> program_why("print_timeout", {"page": "r.html", "seconds": "120"}, "id")
    'peramban tidak selesai mencetak r.html dalam 120 detik'
    >>> program_why("print_wrote_none", {"page": "r.html", "status": "3", "said": ""})
    'it wrote no PDF of r.html (exit status 3; it said: nothing)'
    """
    filled = {**fields, "said": fields.get("said") or label("print_said_nothing", lang)}
    return label(reason, lang).format(**filled)


def format_names(formats: Iterable[str], lang: str = "en") -> str:
    """The export formats as the console's progress line names them (``agendas`` in ``lang``).

    >>> format_names(["csv", "agendas"], "id")
    'csv, agenda'
    """
    return ", ".join(label("pack_agendas", lang) if f == "agendas" else f for f in formats)
