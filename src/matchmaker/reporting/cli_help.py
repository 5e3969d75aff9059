"""The command line's help in Bahasa Indonesia: ``matchmaker --lang id --help``.

The parser is built in English (its help strings are the keys here); under ``id`` every
description, option help and argparse's own words ("usage", "options", "positional
arguments", "show this help message and exit") are replaced by the entries below
(:func:`matchmaker.cli.localise_parser` walks the parser).  A help string without an entry
stays English: ``tests/test_language.py`` lists any such string, so a new option cannot
ship untranslated.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from matchmaker.reporting.labels import check_language

__all__ = ["ARGPARSE_WORDS", "HELP_ID", "METAVAR_ID", "help_text"]

#: argparse's own words (Python's :mod:`argparse` writes them through gettext).
ARGPARSE_WORDS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "usage": ("usage: ", "cara pakai: "),
        "positionals": ("positional arguments", "argumen"),
        "options": ("options", "pilihan"),
    }
)

#: The placeholders of values in the usage lines (argparse's metavar, else the dest in capitals).
METAVAR_ID: Mapping[str, str] = MappingProxyType(
    {
        "COMMAND": "PERINTAH",
        "ACTION": "TINDAKAN",
        "file": "berkas",
        "form": "formulir",
        "directory": "folder",
        "result": "result.json",
        "row": "baris.json",
        "OUT": "FOLDER",
        "CONFIG": "PENGATURAN",
        "DATE": "TANGGAL",
        "NAME": "NAMA",
        "VENUE": "TEMPAT",
        "TIMEZONE": "ZONA",
        "MISSION": "BERKAS_PESERTA",
        "RESULT": "RESULT.JSON",
        "FILE": "BERKAS",
        "DB": "BERKAS_ACARA",
        "WHO": "NAMA",
        "LEAD": "MENIT",
        "AT": "JJ:MM",
        "UNTIL": "JJ:MM",
        "NOW": "JJ:MM",
        "WINDOW": "JJ:MM-JJ:MM",
        "MIN_SCORE": "S",
    }
)

#: English help string -> Bahasa Indonesia.
HELP_ID: Mapping[str, str] = MappingProxyType(
    {
        # the command and argparse's -h
        "Pair buyers and sellers at trade missions and timetable their meetings.": (
            "Mempertemukan penjual dan pembeli dalam misi dagang dan menjadwalkan pertemuan mereka."
        ),
        "Exit codes: 0 ok, 1 invalid input, 2 usage, 3 infeasible, 4 missing extra, 5 failure.": (
            "Kode keluar: 0 berhasil, 1 masukan tidak valid, 2 cara pakai salah, 3 permintaan tidak "
            "dapat dipenuhi, 4 paket opsional belum terpasang, 5 kegagalan."
        ),
        "show this help message and exit": "tampilkan bantuan ini lalu keluar",
        "show the traceback of unexpected errors": "tampilkan jejak lengkap kesalahan tak terduga",
        "print one JSON object (for programs)": "cetak satu objek JSON (untuk program lain)",
        "language of everything a person reads: en or id (default: the config's lang, "
        "else $MATCHMAKER_LANG, else en)": (
            "bahasa semua yang dibaca orang: en atau id (bawaan: lang di berkas pengaturan, "
            "lalu $MATCHMAKER_LANG, lalu en)"
        ),
        # the commands
        "run the bundled East Java – South Sumatra mission end to end": (
            "jalankan contoh misi dagang Jawa Timur – Sumatera Selatan dari awal sampai akhir"
        ),
        "check a participant file and list every problem in it": (
            "periksa berkas peserta dan tampilkan setiap masalahnya"
        ),
        "score, match and schedule a participant file, and write every export": (
            "nilai, pasangkan dan jadwalkan berkas peserta, lalu tulis semua berkas hasil"
        ),
        "write the HTML report of a participant file": "tulis laporan HTML dari berkas peserta",
        "summarise a filled-in outcome form": "rekap formulir hasil yang sudah diisi",
        "write starter files: participant templates, a column guide and run.toml": (
            "tulis berkas awal: templat peserta, panduan kolom dan run.toml"
        ),
        "the event day: check-ins, no-shows, walk-ins, live re-planning": (
            "hari acara: kedatangan, yang tidak hadir, peserta dadakan, penjadwalan ulang langsung"
        ),
        # their options
        "folder for the result pack (default: %(default)s)": (
            "folder untuk berkas hasil (bawaan: %(default)s)"
        ),
        "leave the plots out of the HTML report": "laporan HTML tanpa grafik",
        "also print agendas.html and report.html to agendas.pdf and report.pdf, without the browser's "
        "date and file path (needs Chromium, Chrome or Edge)": (
            "cetak juga agendas.html dan report.html ke agendas.pdf dan report.pdf, tanpa tanggal dan "
            "jalur berkas dari peramban (memerlukan Chromium, Chrome atau Edge)"
        ),
        "also print agendas.html and report.html to agendas.pdf and report.pdf, without the browser's "
        "date and file path (needs Chromium, Chrome or Edge); --no-pdf: not even when the config's "
        "[export] says pdf = true": (
            "cetak juga agendas.html dan report.html ke agendas.pdf dan report.pdf, tanpa tanggal dan "
            "jalur berkas dari peramban (memerlukan Chromium, Chrome atau Edge); --no-pdf: tidak "
            "dicetak, walaupun [export] di berkas pengaturan berisi pdf = true"
        ),
        "also print the report to the PDF of the same name beside it (report.pdf), without the "
        "browser's date and file path (needs Chromium, Chrome or Edge); --no-pdf: not even when the "
        "config's [export] says pdf = true": (
            "cetak juga laporan ke PDF bernama sama di sampingnya (report.pdf), tanpa tanggal dan "
            "jalur berkas dari peramban (memerlukan Chromium, Chrome atau Edge); --no-pdf: tidak "
            "dicetak, walaupun [export] di berkas pengaturan berisi pdf = true"
        ),
        "write into a folder that holds other files (they are kept; same-named files are replaced), "
        "or over files of an earlier pack that were changed since": (
            "tulis ke folder yang berisi berkas lain (berkas itu disimpan; berkas bernama sama "
            "diganti), atau menimpa berkas hasil sebelumnya yang sudah diubah"
        ),
        "participant table (.csv, .xlsx or .json)": "tabel peserta (.csv, .xlsx atau .json)",
        "TOML/JSON settings (mission details, plan, matching bounds)": (
            "pengaturan TOML/JSON (data misi, rencana acara, batas jumlah pertemuan)"
        ),
        "event date, YYYY-MM-DD (overrides the config)": (
            "tanggal acara, TTTT-BB-HH (menggantikan berkas pengaturan)"
        ),
        "delegations A and B may meet (repeat for each pair; default: every pair). A table of "
        "more than two delegations, or with teams, online or group meetings, is planned by "
        "matchmaker.groups": (
            "delegasi A dan B boleh bertemu (ulangi untuk tiap pasangan; bawaan: semua pasangan). "
            "Tabel dengan lebih dari dua delegasi, atau dengan tim, pertemuan daring atau pertemuan "
            "kelompok, dijadwalkan oleh matchmaker.groups"
        ),
        "the sheet of an .xlsx file to read (default: the first)": (
            "lembar berkas .xlsx yang dibaca (bawaan: lembar pertama)"
        ),
        "folder for the result pack (new, empty, or an earlier pack)": (
            "folder untuk berkas hasil (baru, kosong, atau berisi hasil sebelumnya)"
        ),
        "TOML/JSON settings: mission, plan, matching, weights, export": (
            "pengaturan TOML/JSON: misi, rencana acara, pencocokan, bobot, berkas hasil"
        ),
        "the mission's name, the title of the report (overrides the config)": (
            "nama misi, judul laporan (menggantikan berkas pengaturan)"
        ),
        "venue (overrides the config)": "tempat acara (menggantikan berkas pengaturan)",
        "WIB, WITA, WIT or an IANA name (default: the host province's)": (
            "WIB, WITA, WIT atau nama zona IANA (bawaan: zona provinsi tuan rumah)"
        ),
        "large events: score only each participant's K best partners (sparse)": (
            "acara besar: nilai hanya K calon mitra terbaik tiap peserta"
        ),
        "relevance floor: pairs scoring below S (0 to 1) never meet, must-meet pairs excepted "
        "(default: 0.15, matchmaker.scoring.DEFAULT_MIN_SCORE)": (
            "batas kecocokan: pasangan dengan nilai di bawah S (0 sampai 1) tidak dipertemukan, "
            "kecuali yang wajib bertemu (bawaan: 0.15, matchmaker.scoring.DEFAULT_MIN_SCORE)"
        ),
        "the .html file to write (or a folder for report.html)": (
            "berkas .html yang ditulis (atau folder untuk report.html)"
        ),
        "the outcome form (.csv or .xlsx)": "formulir hasil (.csv atau .xlsx)",
        "the participant file the meetings were made from": "berkas peserta yang menjadi dasar pertemuan",
        "result.json of the run, to compare with the declared potential": (
            "result.json dari proses sebelumnya, untuk dibandingkan dengan potensi yang dinyatakan"
        ),
        "the run's TOML/JSON settings (e.g. which delegation is side A)": (
            "pengaturan TOML/JSON yang dipakai (misalnya delegasi mana yang menjadi sisi A)"
        ),
        "the mission's name, for the press paragraph (overrides the config)": (
            "nama misi, untuk paragraf siaran pers (menggantikan berkas pengaturan)"
        ),
        "venue, for the press paragraph (overrides the config)": (
            "tempat acara, untuk paragraf siaran pers (menggantikan berkas pengaturan)"
        ),
        "also write the summary as an HTML page": "tulis juga rekap sebagai halaman HTML",
        "folder to write into (created; existing files are kept)": (
            "folder tujuan (dibuat bila belum ada; berkas yang sudah ada disimpan)"
        ),
        # matchmaker event ...
        "create the event file from a run's result.json": "buat berkas acara dari result.json",
        "a participant has arrived": "peserta sudah datang",
        "a participant did not come": "peserta tidak hadir",
        "a participant arrives late": "peserta datang terlambat",
        "a participant is away for a while": "peserta pergi sementara",
        "a participant who was not on the list": "peserta yang tidak ada dalam daftar",
        "two partners agree to skip their meeting": "dua mitra sepakat membatalkan pertemuannya",
        "only if the latest change about ID is of this kind (another desk may have recorded one since)": (
            "hanya jika perubahan terakhir tentang ID berjenis ini "
            "(petugas meja lain mungkin sudah mencatat yang baru)"
        ),
        "the changes recorded, in order (of one participant with ID)": (
            "perubahan yang tercatat, berurutan (milik satu peserta bila ID diberikan)"
        ),
        "only the changes about this participant": "hanya perubahan tentang peserta ini",
        "a participant's meetings on the timetable now": "pertemuan seorang peserta pada jadwal saat ini",
        "only the last N": "hanya N yang terakhir",
        "take back a change typed by mistake (the latest about a participant, or --change N)": (
            "urungkan perubahan yang keliru dicatat (yang terakhir tentang seorang peserta, atau --change N)"
        ),
        "take back change N about ID (its number in `event log ID`), keeping the later ones": (
            "urungkan perubahan N tentang ID (nomornya di `event log ID`); yang sesudahnya tetap"
        ),
        "re-plan the open slots and write what people receive": (
            "jadwalkan ulang sesi yang tersisa dan tulis pemberitahuan untuk peserta"
        ),
        "who is here, the next slot, free tables": "siapa yang hadir, sesi berikutnya, meja kosong",
        "the event's SQLite file": "berkas SQLite acara",
        "recorded with the change (default: the user name)": (
            "dicatat bersama perubahan (bawaan: nama pengguna)"
        ),
        "minutes before a meeting a re-plan freezes it, for the warning of a walk-in too late "
        "for every slot (10; give the re-plans' --lead)": (
            "berapa menit sebelum pertemuan jadwalnya dikunci, untuk peringatan peserta dadakan yang "
            "terlambat untuk semua sesi (10; samakan dengan --lead penjadwalan ulang)"
        ),
        "minutes before a meeting it is frozen (10)": (
            "berapa menit sebelum pertemuan jadwalnya dikunci (10)"
        ),
        "result.json written by `matchmaker run`": "result.json yang ditulis `matchmaker run`",
        "the participant file the result was made from (only for a result.json without participants)": (
            "berkas peserta yang menjadi dasar hasil (hanya untuk result.json tanpa data peserta)"
        ),
        "the relevance floor (default: the one the run recorded in result.json)": (
            "batas kecocokan (bawaan: yang tercatat di result.json)"
        ),
        "time, HH:MM (2020-12-03T09:10 on an event of several days; default: not given)": (
            "waktu, JJ:MM (2020-12-03T09:10 pada acara beberapa hari; bawaan: tidak dicatat)"
        ),
        "when it was announced, HH:MM (2020-12-03T08:40 on an event of several days; default: not given)": (
            "waktu dikabarkan, JJ:MM (2020-12-03T08:40 pada acara beberapa hari; bawaan: tidak dicatat)"
        ),
        "arrival time, HH:MM (2020-12-03T11:00 on an event of several days)": (
            "waktu datang, JJ:MM (2020-12-03T11:00 pada acara beberapa hari)"
        ),
        "HH:MM-HH:MM ('2020-12-03 13:00-14:00' on an event of several days)": (
            "JJ:MM-JJ:MM ('2020-12-03 13:00-14:00' pada acara beberapa hari)"
        ),
        "time, HH:MM (needed as 2020-12-03T09:10 on an event of several days)": (
            "waktu, JJ:MM (wajib, seperti 2020-12-03T09:10, pada acara beberapa hari)"
        ),
        "arrival time, HH:MM (needed, with the date, on an event of several days)": (
            "waktu datang, JJ:MM (wajib, dengan tanggalnya, pada acara beberapa hari)"
        ),
        "a JSON file with the walk-in's row of the participant table as an object, or the object": (
            "berkas JSON berisi baris tabel peserta untuk peserta dadakan sebagai objek, "
            "atau objek itu sendiri"
        ),
        "time, HH:MM (with the date on an event of several days)": (
            "waktu, JJ:MM (dengan tanggalnya pada acara beberapa hari)"
        ),
        "current time, HH:MM (with the date on an event of several days)": (
            "waktu sekarang, JJ:MM (dengan tanggalnya pada acara beberapa hari)"
        ),
        "a new folder for the updates (.ics, texts, desk sheet)": (
            "folder baru untuk pemberitahuan (.ics, pesan, lembar meja registrasi)"
        ),
        "write a past re-plan's updates (.ics, texts, desk sheet) into a new folder, as --out would have": (
            "tulis pemberitahuan penjadwalan ulang yang sudah lewat (.ics, pesan, lembar meja "
            "registrasi) ke folder baru, seperti yang akan ditulis --out"
        ),
        "the re-plan's number in `event log` (default: the last re-plan)": (
            "nomor penjadwalan ulang di `event log` (bawaan: penjadwalan ulang terakhir)"
        ),
        "a new folder for the updates": "folder baru untuk pemberitahuan",
        "current time, HH:MM (2020-12-03T09:10 on several days; default: the latest time recorded)": (
            "waktu sekarang, JJ:MM (2020-12-03T09:10 pada acara beberapa hari; "
            "bawaan: waktu terakhir yang tercatat)"
        ),
    }
)


def help_text(text: str, lang: str = "en") -> str:
    """A help string of the command line in ``lang`` (English when it has no entry).

    >>> help_text("a participant has arrived", "id")
    'peserta sudah datang'
    >>> help_text("a participant has arrived", "en")
    'a participant has arrived'
    """
    if check_language(lang) == "en":
        return text
    return HELP_ID.get(text, text)
