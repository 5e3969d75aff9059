"""Problems and errors as the command line shows them, in English or Bahasa Indonesia.

The library's exceptions and :class:`~matchmaker.errors.Problem` messages stay English
(API users and programs read them, and ``--json`` carries them unchanged).  A person
who runs ``matchmaker ... --lang id`` reads them here: each problem is rendered from its
record (``kind``, ``field``, ``source``, ``row``, ``column``, ``participants``, ``data``)
through a catalogue keyed by ``kind``; the values a message quotes (``'Jawa Tmur'``)
and the numbers it names are carried over, never the English words around them.
"""

from __future__ import annotations

import errno
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from matchmaker.errors import (
    DataFileError,
    InfeasibleError,
    LocationWords,
    MissingDependencyError,
    Problem,
    ProgramFailedError,
    ValidationError,
)
from matchmaker.reporting.labels import check_language, label, program_why
from matchmaker.reporting.numbers import pukul_dates

__all__ = [
    "alternatives",
    "error_text",
    "location_text",
    "problem_text",
    "reason_cells",
    "reason_text",
]

#: What each kind of problem is, in Indonesian (one short phrase; the values follow).
_PHRASES: Mapping[str, str] = {
    "already-cancelled": "pertemuan sudah dibatalkan",
    "ambiguous": "isian ambigu",
    "availability-outside-event": "hanya tersedia di luar hari acara",
    "bad-answer": "jawaban metode bukan daftar pasangan yang sah",
    "bad-time": "waktu tidak valid",
    "bad-value": "nilai pengaturan tidak valid",
    "below-min-score": "skor pasangan di bawah skor minimum",
    "both-sides": "tercantum di kedua sisi",
    "busy": "berkas acara sedang ditulis oleh petugas meja lain",
    "already-no-show": "sudah tercatat tidak hadir",
    "capacity": "pertemuan melebihi batas",
    "checked-in": "peserta sudah hadir: tidak hadir berarti tidak datang sama sekali",
    "clash": "jadwal bentrok",
    "conflict": "isian saling bertentangan",
    "conflicting-wish": "tercantum di dua daftar keinginan yang bertentangan",
    "crowded": "tidak ada sesi kosong bersama setelah pertemuan lain dijadwalkan",
    "delegations": "misi dua sisi memiliki tepat dua delegasi",
    "disallowed-deal": "transaksi antara delegasi yang tidak boleh bertemu",
    "disallowed-wish": "keinginan bertemu dengan delegasi yang tidak boleh ditemui",
    "duplicate": "nama ganda",
    "duplicate-column": "kolom muncul lebih dari sekali",
    "duplicate-id": "id dipakai lebih dari sekali",
    "duplicate-line": "baris yang sama tercantum dua kali",
    "duplicate-pair": "pasangan tercantum lebih dari sekali",
    "empty": "kosong",
    "empty-side": "satu sisi tidak memiliki peserta",
    "empty-window": "jendela waktu berakhir sebelum dimulai",
    "encoding": "berkas bukan teks UTF-8",
    "event-exists": "berkas sudah berisi acara",
    "event-full": "pertemuan melebihi daya tampung sesi dan meja",
    "file-error": "berkas tidak dapat dibaca atau ditulis",
    "file-format": "format berkas tidak dikenal",
    "floor-not-met": "pertemuan di bawah jumlah minimum",
    "floor-unreachable": "jumlah minimum pertemuan tidak dapat dicapai",
    "floors-infeasible": "jumlah minimum pertemuan tidak dapat dipenuhi bersama-sama",
    "forbidden": "pencocokan memuat pasangan yang tidak diizinkan",
    "forced-above-max": "keinginan wajib bertemu melebihi jumlah maksimum pertemuan",
    "forced-forbidden": "wajib bertemu, tetapi aturan melarangnya",
    "forced-missing": "pasangan wajib bertemu tidak ada dalam pencocokan",
    "forced-no-common-slot": "wajib bertemu, tetapi tidak ada sesi yang sama-sama kosong",
    "forced-over-capacity": "pasangan wajib bertemu melebihi jumlah maksimum pertemuan",
    "format": "format tidak didukung",
    "formula-without-value": "sel berisi rumus tanpa nilai hasil hitungan",
    "group": "pertemuan kelompok tidak valid",
    "group-result": "ini hasil jalur kelompok, yang tidak diterima perintah ini",
    "group-meeting-split": "sesi pertemuan kelompok tidak berurutan",
    "group-path": "misi ini memakai pertemuan kelompok; jalankan lewat jalur kelompok",
    "missing-participants": "result.json ini tidak memuat data peserta (ditulis matchmaker versi lama)",
    "self-wish": "peserta menyebut dirinya sendiri",
    "unavailable": "pertemuan kelompok di luar waktu luang peserta",
    "too-few-delegations": "sebuah misi memerlukan paling sedikit dua delegasi",
    "unknown-line": "sertifikasi untuk baris kebutuhan yang tidak ada",
    "unknown-certification": "sertifikasi yang disyaratkan tidak dimiliki peserta mana pun",
    "unrequired-certification": "sertifikasi yang dimiliki tidak disyaratkan peserta mana pun",
    "unknown-side": "side_a/side_b tidak menyebut delegasi peserta mana pun",
    "unknown-seller": "penjual bukan salah satu pihak pertemuan",
    "missing-seller": "kolom penjual kosong, padahal baris ini mencatat transaksi",
    "workbook-as-text": "berkas ini buku kerja Excel (.xlsx) dengan nama berkas teks",
    "unplaced-group-meeting": "pertemuan kelompok tidak terjadwal: tak ada sesi berurutan yang kosong",
    "implausible-amount": "jumlah rupiah tidak masuk akal (di atas Rp 1.000.000.000.000.000)",
    "in-break": "pertemuan jatuh pada waktu istirahat",
    "invalid": "nilai tidak valid",
    "invalid-meeting": "pertemuan tidak valid",
    "invalid-method": "metode tidak dapat dipakai di sini",
    "invalid-name": "nama tidak valid",
    "invalid-option": "pilihan tidak valid",
    "invalid-parameter": "parameter di luar rentang",
    "invalid-pin": "penetapan pertemuan tidak valid",
    "invalid-plan": "rencana acara tidak valid",
    "invalid-weight": "bobot harus berupa angka",
    "is-a-folder": "ini folder, bukan berkas",
    "kernel-unusable": "kernel terkompilasi (numba) tidak dapat dipakai di mesin ini",
    "lone-surrogate": "setengah karakter (tanpa pasangannya)",
    "meeting-started": "pertemuan sudah dimulai atau sudah lewat",
    "time-without-day": "waktu tanpa tanggal, padahal acara berlangsung beberapa hari",
    "time-needed": "waktunya tidak diberikan, padahal acara berlangsung beberapa hari",
    "window-without-day": "jendela waktu tanpa tanggal, padahal acara berlangsung beberapa hari",
    "meeting-lost": "pertemuan hilang dari jadwal",
    "merged-cells": "sel digabung; setiap baris memerlukan nilainya sendiri",
    "min-above-free-slots": "jumlah minimum pertemuan melebihi sesi yang dapat dihadiri",
    "min-above-max": "jumlah minimum pertemuan lebih besar daripada maksimum",
    "mismatch": "data tidak cocok",
    "misnamed-column": "formulir hasil tidak membaca kolom dengan nama ini",
    "missing": "wajib diisi",
    "missing-column": "kolom wajib tidak ada",
    "missing-date": "acara belum memiliki tanggal, dan jadwal memerlukannya",
    "missing-timezone": "zona waktu acara tidak dapat ditentukan",
    "missing-unit": "volume tanpa satuan",
    "negative": "jumlah tidak boleh negatif",
    "no-common-slot": "tidak ada sesi yang sama-sama kosong",
    "no-event": "berkas acara tidak ada",
    "no-file": "berkas tidak ditemukan",
    "no-folder": "folder tidak ada",
    "no-such-meeting": "pertemuan tidak ada",
    "non-finite-score": "skor bukan angka",
    "not-a-folder": "ini berkas, bukan folder",
    "not-a-result": "bukan result.json matchmaker: isinya bukan objek JSON",
    "not-an-event": "bukan berkas acara",
    "not-finite": "harus berupa angka",
    "not-late": "waktu datang tidak setelah sesi pertama; tidak ada yang hilang",
    "window-without-slot": "jendela waktu itu tidak mengenai sesi pertemuan mana pun; tidak ada yang hilang",
    "not-found": "tidak ditemukan sesi kosong bersama",
    "not-one-to-one": "metode ini hanya untuk pertemuan satu lawan satu",
    "not-permitted": "tidak ada izin untuk berkas ini",
    "now-before-last-replan": "waktu ini sebelum penjadwalan ulang terakhir",
    "out-of-range": "nilai di luar rentang",
    "output-changed": "berkas dari paket sebelumnya sudah diubah sejak ditulis",
    "output-exists": "berkas sudah ada dan bukan tulisan matchmaker",
    "output-updates-exist": "folder pemberitahuan ini sudah ada",
    "output-is-a-file": "folder hasil ternyata sebuah berkas",
    "output-is-a-folder": "hasil yang diminta ternyata sebuah folder",
    "output-is-input": "hasil akan menimpa berkas masukan",
    "output-is-pdf": (
        "laporan adalah halaman HTML, tetapi namanya berakhiran .pdf (PDF-nya ditulis di sampingnya)"
    ),
    "output-not-empty": "folder hasil tidak kosong dan bukan paket matchmaker sebelumnya",
    "output-not-writable": "tidak dapat menulis di sini",
    "outside-availability": "pertemuan di luar waktu luang peserta",
    "participants-not-result": "berkas ini berisi tabel peserta, bukan result.json matchmaker",
    "participant-double-booked": "peserta dijadwalkan dua kali pada waktu yang sama",
    "participant-overbooked": "pertemuan melebihi sesi yang dapat dihadiri",
    "placed-and-unplaced": "pertemuan terjadwal sekaligus tercatat tidak terjadwal",
    "quota-infeasible": "kuota tidak dapat dipenuhi",
    "quotas-conflict": "kuota tidak dapat dipenuhi bersama-sama",
    "ragged": "jumlah sel tidak sama dengan jumlah kolom judul; baris tidak dibaca",
    "read-only": "berkas acara tidak dapat ditulis; tidak ada yang dicatat",
    "repeated-pair": "pasangan bertemu lebih dari sekali",
    "same-group-pair": "pasangan dari delegasi yang sama",
    "same-delegation": "side_a dan side_b menyebut delegasi yang sama",
    "same-delegation-deal": "kedua pihak transaksi dari delegasi yang sama",
    "same-side": "kedua peserta berada di sisi yang sama",
    "same-side-wish": "menyebut peserta dari delegasi yang sama; pertemuan hanya antara dua delegasi",
    "several-tables": "tabel peserta ada di beberapa lembar",
    "shape": "ukuran data tidak cocok",
    "side-floors-exceed-capacity": "jumlah minimum pertemuan satu sisi melebihi daya tampung sisi lain",
    "slot-full": "pertemuan dalam satu sesi melebihi jumlah meja",
    "slot-out-of-plan": "sesi tidak ada dalam rencana",
    "solver-infeasible": "tidak ada pencocokan yang memenuhi semua jumlah minimum dan pasangan wajib",
    "stable": "pencocokan tidak stabil",
    "syntax": "isi tidak dapat dibaca",
    "table-clash": "dua pertemuan di satu meja pada waktu yang sama",
    "template-example": "baris contoh dari templat",
    "table-double-booked": "meja dipakai dua pertemuan pada waktu yang sama",
    "table-out-of-plan": "meja tidak ada dalam rencana",
    "table-pool-full": "meja bersama tidak mencukupi",
    "time-outside-event": "waktu di luar acara",
    "too-few-partners": "mitra yang mungkin lebih sedikit daripada jumlah minimum pertemuan",
    "total-capacity": "jumlah minimum pertemuan melebihi daya tampung acara",
    "type": "jenis data salah",
    "unknown-attribute": "atribut tidak dikenal",
    "unknown-code": "kode tidak dikenal",
    "unknown-column": "kolom tidak dikenal",
    "unknown-component": "komponen skor tidak dikenal",
    "unknown-delegation": "delegasi tidak dikenal",
    "unknown-id": "id tidak dikenal",
    "unknown-key": "pengaturan tidak dikenal",
    "unknown-method": "metode tidak dikenal",
    "unknown-objective": "tujuan optimasi tidak dikenal",
    "unknown-option": "pilihan tidak dikenal",
    "unknown-participant": "peserta tidak dikenal",
    "unknown-province": "provinsi tidak dikenal",
    "unknown-region": "daerah tidak ada dalam tabel regional",
    "unknown-sector": "sektor tidak dikenal",
    "unknown-timezone": "zona waktu tidak dikenal",
    "unknown-wish": "menyebut peserta yang tidak ada",
    "unknown-year": "tidak ada data PDRB untuk tahun ini",
    "unnamed-column": "ada data di kolom tanpa judul",
    "unplaced": "pertemuan tidak terjadwal",
    "unsupported-objective": "metode ini tidak mengoptimalkan tujuan tersebut",
    "version": "ditulis oleh matchmaker versi yang lebih baru",
    "wrong-side": "pertemuan menyebut sisi B lebih dulu",
    "nothing-to-undo": "tidak ada perubahan yang dapat diurungkan",
    "undo-other-kind": "perubahan terakhir bukan jenis yang dimaksud",
    "no-such-change": "tidak ada perubahan bernomor itu yang dapat diurungkan",
    "no-such-replan": "tidak ada penjadwalan ulang bernomor itu",
    "replan-not-kept": "perubahan penjadwalan ulang itu tidak tersimpan",
    "event-format": "berkas acara berformat yang tidak dikenal matchmaker ini",
    "undo-has-later": "perubahan sesudahnya bergantung padanya",
    "same-business": "peserta dadakan dengan nama dan delegasi peserta lain",
    "walk-in-kept": "kedatangan peserta dadakan tidak dapat diurungkan",
    "already-walked-in": "peserta dadakan sudah tercatat datang",
    "zero-weights": "semua komponen berbobot 0",
}


def alternatives(examples: Sequence[str], lang: str = "en") -> str:
    """Examples to choose from, quoted: ``'a' or 'b'`` (``'a' atau 'b'``).

    >>> alternatives(["2020-12-02T09:10", "2020-12-03T09:10"], "id")
    "'2020-12-02T09:10' atau '2020-12-03T09:10'"
    """
    quoted = [f"'{e}'" for e in examples]
    word = "or" if check_language(lang) == "en" else "atau"
    return f"{', '.join(quoted[:-1])} {word} {quoted[-1]}" if len(quoted) > 1 else quoted[0]


#: A time of the event in a problem's data: ``10:40``, ``2020-12-03 10:40``, ``10:40-11:00``.
_TIME = re.compile(r"(\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}(-\d{2}:\d{2})?")

#: Keys of a problem's data that hold text to type (kept as written).
_TYPED = frozenset({"example", "id", "right", "value", "window"})


#: A host's table labelled with its id, the grid's own column's name (at the run or a walk-in's).
_GRID_HOST = (
    "meja tuan rumah {id!r} dinamai dengan id-nya, sama dengan nama kolom jadwal itu sendiri "
    "(grid.csv dan lembar jadwal buku kerja diawali kolom sesi dan mulai, slot dan start dalam "
    "bahasa Inggris, lalu satu kolom per meja menurut namanya)"
)
#: Kinds whose numbers say it all: an Indonesian sentence filled from ``Problem.data``
#: (or, where the record has no data, from the message, by the named groups of a pattern).
_SENTENCES: Mapping[str, tuple[str, str | None]] = {
    "event-format": (  # a file a newer matchmaker wrote
        "berkas acara berformat {format!r}, yang tidak dibaca matchmaker ini; tidak ada yang dibaca "
        "atau ditulis",
        None,
    ),
    "invalid-option:no-page": (  # --pdf (or [export] pdf) with formats that write no page to print
        "{field} mencetak agendas.html dan report.html, tetapi format {formats} tidak menulis keduanya",
        None,
    ),
    "bad-time": (  # the value is the last quoted (the first are the English examples)
        "waktu tidak valid: {value} (tulis misalnya 11:00 atau 2020-12-02T11:00)",
        r"got (?P<value>.+)$",
    ),
    "now-before-last-replan": (
        "waktu {now} sebelum penjadwalan ulang terakhir ({last}): sesi sebelum itu sudah lewat",
        None,
    ),
    "already-cancelled": (
        "pertemuan {a} dengan {b} pukul {start} sudah dibatalkan oleh petugas meja (perubahan {seq})",
        None,
    ),
    "same-delegation": (
        "side_a dan side_b sama-sama menyebut {name!r}: kedua sisi adalah dua delegasi",
        None,
    ),
    "same-delegation-deal": ("{a!r} dan {b!r} sama-sama dari delegasi {delegation!r}", None),
    "disallowed-deal": ("delegasi {first!r} dan {second!r} tidak boleh bertemu di misi ini", None),
    "empty-window": ("jendela waktu {window} kosong atau terbalik (tulis misalnya {right})", None),
    "empty-window:order": ("jendela waktu {window} berakhir sebelum dimulai", None),
    # a window of the participant table that cannot be read: which part, as English says it
    "syntax:hour": ("di jendela waktu {window!r}: jam harus 0..23", None),
    "syntax:minute": ("di jendela waktu {window!r}: menit harus 0..59", None),
    "syntax:month": ("di jendela waktu {window!r}: bulan harus 1..12", None),
    "syntax:date": ("di jendela waktu {window!r}: tanggal itu tidak ada", None),
    "syntax:window": ("{window!r} tidak dapat dibaca sebagai jendela waktu", None),
    # the cells of a participant table, with the values the English text quotes
    "syntax:id": ("id {value!r} tidak boleh memuat ';'", None),
    # a required certification: the item, its need line and what the participant needs or
    # the mission's participants hold, as the English text lists them
    "unknown-line": (
        "{item!r} mensyaratkan sertifikasi untuk baris kebutuhan {code!r}, yang bukan salah satu "
        "kebutuhan peserta ({needs})",
        None,
    ),
    "unknown-line:close": (
        "{item!r} mensyaratkan sertifikasi untuk baris kebutuhan {code!r}, yang bukan salah satu "
        "kebutuhan peserta ({needs})",
        None,
    ),
    "unknown-line:no-needs": (
        "{item!r} mensyaratkan sertifikasi untuk baris kebutuhan {code!r}, padahal peserta tidak "
        "mencantumkan kebutuhan",
        None,
    ),
    "unknown-line:no-certification": ("{item!r} tidak menyebut sertifikasi setelah kodenya", None),
    "unknown-certification": (
        "{certification!r} disyaratkan dari setiap penjual, sertifikasi yang tidak dimiliki peserta "
        "mana pun (yang dimiliki: {known})",
        None,
    ),
    "unknown-certification:line": (
        "{item!r} mensyaratkan {certification!r} dari penjual baris kebutuhan {code!r}, sertifikasi "
        "yang tidak dimiliki peserta mana pun (yang dimiliki: {known})",
        None,
    ),
    "unknown-certification:colon": (
        "{certification!r} disyaratkan dari setiap penjual, sertifikasi yang tidak dimiliki peserta "
        "mana pun (yang dimiliki: {known}); titik dua hanya menandai baris kebutuhan sesudah kodenya",
        None,
    ),
    "unknown-certification:held-once": (
        "{certification!r} disyaratkan dari setiap penjual, sertifikasi yang tidak dimiliki peserta "
        "mana pun (yang dimiliki: {known}); hanya {holder} yang memiliki {meant!r}, yang berbeda satu "
        "salah ketik darinya, dan tidak ada peserta yang mensyaratkan itu",
        None,
    ),
    "unknown-certification:line-held-once": (
        "{item!r} mensyaratkan {certification!r} dari penjual baris kebutuhan {code!r}, sertifikasi "
        "yang tidak dimiliki peserta mana pun (yang dimiliki: {known}); hanya {holder} yang memiliki "
        "{meant!r}, yang berbeda satu salah ketik darinya, dan tidak ada peserta yang mensyaratkan itu",
        None,
    ),
    "unrequired-certification": (
        "{item!r} dimiliki, sertifikasi yang tidak disyaratkan peserta mana pun dan tidak dimiliki "
        "peserta lain; {guess!r} disyaratkan oleh {required_by}",
        None,
    ),
    "syntax:email": ("{value!r} bukan alamat surel", None),
    "type:whole": ("{value!r} bukan bilangan bulat", None),
    "negative:bound": ("{field} negatif ({value})", None),
    "negative:line": ("{name} dari {code!r} negatif ({value:g})", None),
    "conflicting-wish": ("{ids} tercantum di {first} sekaligus di {second}", None),
    "unknown-wish": ("{field} menyebut {id!r}, yang bukan peserta", None),
    "same-side-wish": (
        "{field} menyebut {id!r} dari delegasi yang sama; pertemuan hanya antara dua delegasi",
        None,
    ),
    "missing:id": ("id kosong", None),
    "missing:id-of": ("id kosong (baris {name!r})", None),
    "ragged": (
        "{cells} sel, padahal judul memiliki {width} kolom; baris tidak dibaca",
        r"(?P<cells>\d+) cells but the header has (?P<width>\d+) columns",
    ),
    # a meeting of the group path left out: the pair is never free together, or where both are
    # free another meeting of one of them, or every table, takes the slot
    "no-common-slot:pair": (
        "pertemuan {a} – {b} tidak terjadwal: {a} dan {b} tidak pernah luang pada waktu yang sama "
        "(tidak satu pun dari {slots} sesi cocok bagi keduanya)",
        None,
    ),
    "not-found:pair": (
        "pertemuan {a} – {b} tidak terjadwal: penjadwal tidak menemukan sesi untuknya, padahal di "
        "{open} sesi keduanya luang dan masih ada meja",
        None,
    ),
    "unplaced:people": (
        "pertemuan {a} – {b} tidak terjadwal: di setiap sesi tempat keduanya luang ({common} sesi), "
        "{a} atau {b} bertemu peserta lain",
        None,
    ),
    "unplaced:tables": (
        "pertemuan {a} – {b} tidak terjadwal: di setiap sesi tempat keduanya luang ({common} sesi), "
        "semua meja terpakai",
        None,
    ),
    "unplaced:people-windows": (
        "pertemuan {a} – {b} tidak terjadwal: di setiap sesi tempat keduanya luang ({common} sesi), "
        "{a} atau {b} bertemu peserta lain",
        None,
    ),
    "unplaced:both-windows": (
        "pertemuan {a} – {b} tidak terjadwal: dari {common} sesi tempat keduanya luang, di {people} "
        "sesi {a} atau {b} bertemu peserta lain dan di {tables} sesi semua meja terpakai",
        None,
    ),
    "unplaced:both": (
        "pertemuan {a} – {b} tidak terjadwal: dari {common} sesi tempat keduanya luang, di {people} "
        "sesi {a} atau {b} bertemu peserta lain dan di {tables} sesi semua meja terpakai",
        None,
    ),
    # a kind whose data has a "case" reads "kind:case" first (the same numbers, other words)
    "meeting-started": ("pertemuan {a} dengan {b} pukul {start} sudah dimulai atau sudah lewat", None),
    "meeting-started:replan": (
        "pertemuan {a} dengan {b} pukul {start} sudah dimulai atau sudah lewat "
        "(penjadwalan ulang terakhir pada {now})",
        None,
    ),
    "meeting-started:at": (
        "pertemuan {a} dengan {b} pukul {start} sudah dimulai atau sudah lewat (pembatalan pada {now})",
        None,
    ),
    # a JSON document's (its data has these two); the other syntax problems keep the phrase
    "syntax": ("bukan JSON yang valid, di kolom {json_column}: {json_error}", None),
    "checked-in": (
        "{id} sudah tercatat hadir pada {at}: tidak hadir berarti tidak datang sama sekali",
        None,
    ),
    "checked-in:late": ("{id} sudah tercatat hadir pada {at}: terlambat berarti belum datang", None),
    "checked-in:late-no-time": ("{id} sudah tercatat hadir: terlambat berarti belum datang", None),
    "checked-in:late-walked-in": (
        "{id} datang sebagai peserta dadakan pada {at}: terlambat berarti belum datang",
        None,
    ),
    "checked-in:late-walked-in-no-time": (
        "{id} datang sebagai peserta dadakan: terlambat berarti belum datang",
        None,
    ),
    "checked-in:walked-in": (
        "{id} datang sebagai peserta dadakan pada {at}: tidak hadir berarti tidak datang sama sekali",
        None,
    ),
    "already-no-show": ("{id} sudah tercatat tidak hadir", None),
    "nothing-to-undo": ("tidak ada lagi perubahan tentang {id} yang dapat diurungkan", None),
    "undo-other-kind": ("perubahan terakhir tentang {id} adalah {latest}, bukan {kind}", None),
    "invalid-plan:online-label": (
        "meja {table} bernama {label!r}, yang di sini berarti pertemuan daring (tanpa meja)",
        None,
    ),
    "invalid-plan:grid-column": (
        "meja {table} bernama {label!r}, sama dengan nama kolom jadwal itu sendiri (grid.csv dan "
        "lembar jadwal buku kerja diawali kolom sesi dan mulai, slot dan start dalam bahasa Inggris, "
        "lalu satu kolom per meja menurut namanya)",
        None,
    ),
    "invalid-plan:grid-column-host": (_GRID_HOST, None),
    "invalid-plan:grid-column-walk-in": (_GRID_HOST, None),  # its hint differs
    "no-such-change:none": ("tidak ada perubahan {seq} (yang terakhir {last})", None),
    "no-such-change:undone": ("perubahan {seq} (tentang {whom}) sudah diurungkan", None),
    "no-such-change:kind": (
        "perubahan {seq} bukan perubahan yang dapat diurungkan",
        None,
    ),
    "no-such-change:undo": (
        "perubahan {seq} mengurungkan perubahan {undone} dan tidak dapat diurungkan",
        None,
    ),
    "no-such-change:other": ("perubahan {seq} bukan tentang {id}, melainkan tentang {whom}", None),
    "no-such-replan:none": ("belum ada penjadwalan ulang", None),
    "no-such-replan:missing": ("tidak ada perubahan {seq} (yang terakhir {last})", None),
    "no-such-replan:kind": ("perubahan {seq} bukan penjadwalan ulang", None),
    "replan-not-kept": (
        "penjadwalan ulang {seq} (pukul {at}) dibuat sebelum matchmaker menyimpan apa yang diubah "
        "setiap penjadwalan ulang: pemberitahuannya tidak dapat ditulis lagi",
        None,
    ),
    "replan-not-kept:older-desk": (
        "penjadwalan ulang {seq} (pukul {at}) dibuat oleh matchmaker versi lama (di meja yang belum "
        "diperbarui), yang tidak menyimpan apa yang diubah penjadwalan ulang: pemberitahuannya tidak "
        "dapat ditulis lagi",
        None,
    ),
    "undo-has-later": (
        "perubahan {seq} ({kind}) tidak dapat diurungkan selama perubahan {later} tentang {id}, "
        "yang dicatat sesudahnya, masih berlaku",
        None,
    ),
    "same-business:listed": (
        "{id} bernama dan berdelegasi sama dengan {other} ({name!r}) yang ada di daftar",
        None,
    ),
    "same-business:checked-in": (
        "{id} bernama dan berdelegasi sama dengan {other} ({name!r}) yang ada di daftar "
        "dan sudah tercatat hadir",
        None,
    ),
    "same-business:walked-in": (
        "{id} bernama dan berdelegasi sama dengan {other} ({name!r}) "
        "yang sudah datang sebagai peserta dadakan",
        None,
    ),
    "already-walked-in": ("{id} {name} sudah tercatat datang sebagai peserta dadakan", None),
    "walk-in-kept": (
        "{id} datang sebagai peserta dadakan, dan penjadwalan ulang pada {replan} mungkin sudah "
        "menjadwalkannya: kedatangannya tidak dapat diurungkan setelah penjadwalan ulang",
        None,
    ),
    "not-late": (
        "waktu datang {until} tidak setelah sesi pertama yang akan hilang ({first}): tidak ada yang hilang",
        None,
    ),
    "time-without-day": ("waktu {value!r} tanpa tanggal, padahal acara berlangsung beberapa hari", None),
    "time-needed:check-in": (
        "pencatatan hadir tanpa waktu, padahal acara berlangsung beberapa hari: harinya tidak diketahui",
        None,
    ),
    "time-needed:walk-in": (
        "peserta dadakan tanpa waktu datang, padahal acara berlangsung beberapa hari: "
        "harinya tidak diketahui",
        None,
    ),
    "window-without-day": (
        "jendela waktu {window} tanpa tanggal, padahal acara berlangsung beberapa hari",
        None,
    ),
    "several-tables": ("{count} lembar berisi tabel peserta: {sheets}", None),
    "group-result": ("ini hasil jalur kelompok (delegasi {names}), yang tidak diterima perintah ini", None),
    "misnamed-column": (
        "kolom tidak dikenal '{header}': formulir hasil menamainya '{indonesian}' (atau '{meant}')",
        None,
    ),
    "min-above-free-slots": (
        "meminta paling sedikit {min_meetings} pertemuan, tetapi hanya dapat hadir di {free_slots} sesi",
        None,
    ),
    "lone-surrogate": (
        "setengah karakter di {place}: {code} tanpa pasangannya",
        r"at (?P<place>.+): (?:a )?(?P<code>\\u[0-9a-f]{4})",
    ),
    "too-few-partners": (
        "min_meetings {bound}, tetapi hanya ada {value} mitra yang diizinkan",
        r"min_meetings (?P<bound>\d+) but only (?P<value>\d+)",
    ),
    "capacity": (
        "{value} pertemuan, di atas max_meetings {bound}",
        r"(?P<value>\d+) meetings.*?(?P<bound>\d+)",
    ),
    "floor-not-met": ("{value} pertemuan, di bawah min_meetings {bound}", None),
    "forced-over-capacity": (
        "{value} pasangan wajib bertemu, di atas max_meetings {bound}",
        r"(?P<value>\d+)\D+(?P<bound>\d+)",
    ),
    "min-above-max": (
        "min_meetings ({lo}) lebih besar daripada max_meetings ({hi})",
        r"min_meetings \((?P<lo>\d+)\) is (?:above|greater than) max_meetings \((?P<hi>\d+)\)",
    ),
    "missing-column": ("kolom wajib tidak ada: {columns}", r"missing columns? (?P<columns>.+)"),
    "encoding": ("berkas bukan teks UTF-8 ({where})", r"\((?P<where>.+)\)"),
    "event-full": (
        "{total} pertemuan, tetapi {slots} sesi × {tables} meja hanya memuat {room}",
        r"(?P<total>\d+) meetings but (?P<slots>\d+) slots × (?P<tables>\d+) tables hold only (?P<room>\d+)",
    ),
    "side-floors-exceed-capacity": (
        "jumlah minimum pertemuan sisi {side} adalah {need}, tetapi sisi {other} paling banyak dapat "
        "menampung {room}",
        r"side (?P<side>\w+) add up to (?P<need>\d+), but side (?P<other>\w+) can host at most (?P<room>\d+)",
    ),
    "participant-overbooked": (
        "{n} pertemuan, tetapi hanya dapat hadir di {free} dari {slots} sesi",
        r"(?P<n>\d+) meetings but available in only (?P<free>\d+) of the (?P<slots>\d+) slots",
    ),
    "unknown-delegation": (
        "delegasi {value} bukan {first} maupun {second}",
        r"delegation (?P<value>'[^']*') is neither (?P<first>'[^']*') nor (?P<second>'[^']*')",
    ),
    "both-sides": (
        "tercantum di kedua sisi ({first} dan {second})",
        r"\((?P<first>'[^']*') and (?P<second>'[^']*')\)",
    ),
    "output-is-a-folder:pdf": ("PDF laporan, {pdf} di samping {report}, akan menimpa folder {folder}", None),
    "output-is-a-file:parent": ("folder tempat menulis {name} ternyata sebuah berkas: {file}", None),
    "output-not-empty": (
        "folder hasil tidak kosong dan bukan paket matchmaker sebelumnya ({files})",
        r"\((?P<files>.+)\)$",
    ),
    "output-changed": (
        "berkas dari paket sebelumnya sudah diubah sejak ditulis: {files}",
        r": (?P<files>.+)$",
    ),
    "slot-full": ("{meetings} pertemuan dalam satu sesi, padahal hanya ada {tables} meja", None),
    "delegations": ("misi dua sisi memiliki tepat dua delegasi; peserta menyebut {n}", r"name (?P<n>\d+)"),
    "too-few-delegations": (
        "sebuah misi memerlukan paling sedikit dua delegasi; peserta hanya menyebut {delegations}",
        None,
    ),
    "invalid-method": (
        "metode '{method}' tidak dapat dipakai untuk tabel ini; pakai salah satu dari: {known}",
        None,
    ),
    "unknown-side": (
        "{key} {value} tidak menyebut delegasi peserta mana pun; delegasinya: {found}",
        r"^(?P<key>side_[ab]) (?P<value>'[^']*'|\"[^\"]*\") names no delegation\b.*?; (?:it|they) names? "
        r"(?P<found>.+)$",
    ),
}

#: Column or field names in Indonesian, for locations and hints.
_FIELDS: Mapping[str, str] = {
    "id": "id",
    "name": "nama",
    "delegation": "delegasi",
    "province": "provinsi",
    "city": "kota",
    "offers": "penawaran",
    "needs": "kebutuhan",
    "availability": "ketersediaan",
    "min_meetings": "min_meetings",
    "max_meetings": "max_meetings",
    "date": "tanggal",
}

#: What to do, in Indonesian, by kind or, failing that, by field.
_HINTS: Mapping[str, str] = {
    "kind:conflicting-wish": "hapus mereka dari salah satu dari kedua daftar itu",
    "kind:duplicate-line": "gabungkan kedua baris menjadi satu",
    "kind:missing-date": "beri --date 2025-09-29, atau isi date di bagian [mission] pada --config",
    "kind:min-above-max": "turunkan min_meetings atau naikkan max_meetings",
    "kind:min-above-free-slots": "turunkan min_meetings peserta itu atau perluas ketersediaannya",
    "kind:self-wish": "hapus id peserta itu sendiri dari daftar",
    "kind:too-few-partners": (
        "turunkan min_meetings, atau izinkan lebih banyak pasangan (min_score, do_not_meet)"
    ),
    "kind:side-floors-exceed-capacity": (
        "turunkan min_meetings sisi itu atau naikkan max_meetings sisi lainnya"
    ),
    "kind:both-sides": "usaha yang menjual sekaligus membeli adalah satu peserta di satu sisi",
    "kind:missing-column": "pakai templat dari matchmaker init (judul kolom Indonesia atau Inggris)",
    "kind:unknown-column": "periksa ejaan judul kolom (lihat column-guide.md dari matchmaker init)",
    "kind:encoding": "simpan berkas sebagai teks UTF-8 (dari Excel: CSV UTF-8)",
    "kind:lone-surrogate": (
        "tulis karakternya utuh (escape \\u perlu kedua bagian pasangannya; teks dari baris perintah "
        "atau lingkungan harus UTF-8)"
    ),
    "kind:is-a-folder": "sebutkan jalur berkasnya di dalam folder itu, misalnya folder/nama-berkas",
    "kind:busy": "petugas meja lain sedang menulisnya: coba lagi sebentar lagi",
    "kind:no-file": "beri berkas JSON berisi baris peserta dadakan sebagai objek, atau objek itu sendiri",
    "kind:not-a-folder": "sebutkan folder baru atau folder yang sudah ada untuk berkas awal",
    "kind:already-cancelled": "matchmaker event log {a} menampilkan perubahan tentang {a}",
    "kind:no-such-meeting": "matchmaker event agenda {a} menampilkan pertemuan {a}",
    "kind:same-delegation": "sebutkan delegasi yang lain di side_b, atau kosongkan side_b",
    "kind:window-without-slot": "beri waktu peserta berhalangan, di dalam sesi pertemuan acara",
    "kind:meeting-started": "hanya pertemuan yang belum dimulai yang dapat dibatalkan",
    "kind:checked-in": (
        "jika {id} sudah pergi, catat sisa hari itu sebagai berhalangan: matchmaker event unavailable "
        "{id} --window '{dated}<jam pergi>-{end}'{mistake}{then}"
    ),
    "kind:checked-in:late": (
        "jika {id} pergi dan kembali pukul {until}, catat waktu berhalangannya: matchmaker event "
        "unavailable {id} --window '{dated}<jam pergi>-{until}'"
    ),
    "kind:same-business": (
        "jika itu {other}, catat hadir {other}: matchmaker event checkin {other}{at}; "
        "jika usaha lain, beri namanya sendiri"
    ),
    "kind:same-business:checked-in": (
        "jika itu {other}, ia sudah tercatat hadir: tidak ada lagi yang perlu dicatat; "
        "jika usaha lain, beri namanya sendiri"
    ),
    "kind:same-business:walked-in": (
        "jika itu {other}, tidak ada lagi yang perlu dicatat; jika usaha lain, beri namanya sendiri"
    ),
    "kind:nothing-to-undo": "matchmaker event status menampilkan siapa yang hadir dan yang tidak hadir",
    "kind:unknown-participant:event": "pakai id dari tabel peserta yang diterbitkan atau id peserta dadakan",
    "kind:already-walked-in": (
        "tidak ada lagi yang perlu dicatat; `matchmaker event agenda {id}` menampilkan pertemuannya"
    ),
    "kind:walk-in-kept": (
        "jika {id} sudah pergi atau tercatat dua kali, catat sisa acara sebagai berhalangan: "
        "matchmaker event unavailable {id} --window '{dated}<jam pergi>-{end}'"
    ),
    "kind:walk-in-kept:several": (
        "jika {id} sudah pergi atau tercatat dua kali, catat sisa acara sebagai berhalangan: "
        "matchmaker event unavailable {id} --window '{dated}<jam pergi>-{end}' "
        "(juga untuk setiap hari berikutnya)"
    ),
    "kind:invalid-plan:online-label": "beri meja itu nama lain, misalnya 'Meja 1' atau sebuah nomor",
    "kind:invalid-plan:grid-column": "beri meja itu nama lain, misalnya 'Meja {table}' atau sebuah nomor",
    "kind:invalid-plan:grid-column-host": (
        "beri peserta itu id lain, atau beri rencana acara jumlah meja (tables), bukan hosts"
    ),
    "kind:invalid-plan:grid-column-walk-in": "beri peserta dadakan itu id lain",
    "kind:no-such-change": "matchmaker event log {id} menampilkan perubahan tentang {id} beserta nomornya",
    "kind:no-such-replan": "matchmaker event log menampilkan penjadwalan ulang beserta nomornya",
    "kind:no-such-replan:none": ("jadwalkan ulang dengan `matchmaker event replan --now HH:MM --out FOLDER`"),
    "kind:replan-not-kept": (
        "jumlahnya ada di `matchmaker event log`; pertemuan setiap peserta kini ada di "
        "`matchmaker event agenda ID`; penjadwalan ulang mulai sekarang menyimpan perubahannya"
    ),
    "kind:no-such-change:other": "matchmaker event undo {other} --change {seq} mengurungkannya",
    "kind:no-such-change:undone": "jika ternyata perubahan itu benar, catat lagi: {again}",
    "kind:no-such-change:undo": "untuk mengembalikan perubahan {undone}, catat lagi: {again}",
    "kind:undo-has-later": "urungkan dulu, mulai dari yang terakhir, lalu catat lagi yang benar: {steps}",
    "kind:undo-other-kind": (
        "petugas meja lain mungkin sudah mencatatnya: matchmaker event undo {id} tanpa --kind mengurungkannya"
    ),
    "kind:time-without-day": "tulis tanggalnya juga: {choices}",
    "kind:not-late": "beri waktu peserta datang, setelah sesi itu dimulai; yang sudah datang dicatat hadir",
    "kind:time-needed": "beri waktunya beserta tanggal (--at di baris perintah): {choices}",
    "kind:window-without-day": "tulis tanggalnya juga: {choices}",
    "kind:already-no-show": (
        "matchmaker event status menampilkan yang tidak hadir; yang akhirnya datang dicatat hadir"
    ),
    "kind:not-a-result": (
        "beri result.json yang ditulis matchmaker run di folder --out, misalnya out/result.json"
    ),
    "kind:participants-not-result": (
        "jalankan dulu matchmaker run dengan berkas ini dan --out out/, lalu beri out/result.json"
    ),
    "kind:now-before-last-replan": "beri waktu sekarang, tidak lebih awal dari penjadwalan ulang terakhir",
    "kind:unknown-line": (
        "tulis KODE:sertifikasi dengan KODE persis seperti di kolom needs (mis. '10631:halal'), "
        "atau sertifikasinya saja agar berlaku untuk semua yang dibeli"
    ),
    "kind:unknown-line:close": (
        "maksud Anda {guess!r}? tulis KODE:sertifikasi dengan KODE persis seperti di kolom needs, "
        "atau sertifikasinya saja agar berlaku untuk semua yang dibeli"
    ),
    # {other_column}: the other certifications' column, as the file's header names it
    "kind:unknown-certification": (
        "maksud Anda {guess!r}? tulis sertifikasi yang disyaratkan seperti tertulis di kolom "
        "{other_column}; huruf besar-kecil tidak berpengaruh"
    ),
    "kind:unknown-certification:colon": (
        "jika {left!r} adalah baris kebutuhan, tulis kodenya seperti di kolom needs (mis. '10631:halal'); "
        "jika bukan, tulis sertifikasinya seperti tertulis di kolom {other_column}; huruf besar-kecil "
        "tidak berpengaruh"
    ),
    "kind:unknown-certification:held-once": (
        "salah satunya salah ketik: tulis {guess!r} di sini jika itu yang dimaksud, atau perbaiki sel "
        "{other_column} milik {holder} menjadi {certification!r}; huruf besar-kecil tidak berpengaruh"
    ),
    "kind:unrequired-certification": (
        "maksud Anda {guess!r}? tulis sertifikasi yang dimiliki seperti tertulis di kolom "
        "{other_column}; huruf besar-kecil tidak berpengaruh"
    ),
    "kind:no-common-slot:pair": "perluas waktu luang {a} atau {b} agar ada sesi yang sama",
    "kind:not-found:pair": "schedule_groups(..., method='milp') menempatkan pertemuan sebanyak mungkin",
    "kind:unplaced:people": "tambah sesi, atau turunkan max_meetings",
    "kind:unplaced:people-windows": (
        "tambah sesi, perluas waktu luang {a} atau {b}, atau turunkan max_meetings"
    ),
    "kind:unplaced:tables": "tambah meja atau sesi",
    "kind:unplaced:both": "tambah sesi atau meja, atau turunkan max_meetings",
    "kind:unplaced:both-windows": (
        "tambah sesi atau meja, perluas waktu luang {a} atau {b}, atau turunkan max_meetings"
    ),
    "kind:unknown-timezone": "tulis WIB, WITA, WIT atau nama IANA seperti Asia/Makassar",
    "kind:missing-timezone": "beri --timezone WIB, WITA atau WIT",
    "kind:group-result": (
        "hari acara menerima result.json dari run dua delegasi "
        "tanpa tim, pertemuan daring atau pertemuan kelompok"
    ),
    "kind:misnamed-column": "ganti nama kolom itu; kalau tidak, isinya tidak dibaca",
    "kind:several-tables": (
        "satukan semua peserta dalam satu lembar, atau beri --sheet NAMA untuk membaca salah satunya"
    ),
    "kind:output-changed": (
        "pindahkan berkas itu (misalnya formulir hasil yang sudah diisi), pilih folder baru, "
        "atau tambahkan --force untuk menggantinya"
    ),
    "kind:output-exists": "pilih nama berkas lain, atau tambahkan --force untuk menggantinya",
    "kind:output-updates-exist": "beri --out folder baru untuk pemberitahuan penjadwalan ulang ini",
    "kind:output-is-a-file": "beri --out sebuah folder (baru atau dari run sebelumnya), bukan berkas",
    "kind:output-is-a-folder": "beri nama berkas, misalnya report.html",
    "kind:output-is-a-folder:pdf": (
        "pindahkan atau ganti nama folder {pdf}, atau beri laporan nama lain (PDF-nya memakai nama "
        "laporan dengan .pdf)"
    ),
    "kind:output-is-a-file:parent": "beri jalur di dalam sebuah folder: {file} adalah berkas",
    "kind:output-is-input": (
        "beri hasil nama atau folder lain (--force tidak pernah menimpa berkas yang dibaca perintah)"
    ),
    "kind:output-is-pdf": (
        "beri laporan nama .html (PDF-nya memakai nama yang sama dengan .pdf), misalnya report.html"
    ),
    "kind:output-not-empty": (
        "pilih folder baru atau kosong, atau tambahkan --force (berkas lain di folder itu dibiarkan; "
        "berkas bernama sama dengan isi paket diganti)"
    ),
    "kind:output-not-writable": "pilih folder di disk yang dapat ditulisi (periksa izin dan ruang kosong)",
    "kind:implausible-amount": "periksa jumlah nol dan pemisah ribuan",
    # {a}, {b}: the delegations of the row's a_id and b_id (the sides' on a two-delegation mission)
    "kind:missing-seller": "tulis A, B atau id penjual",
    "kind:missing-seller:named": "tulis A ({a} menjual), B ({b} menjual) atau id penjual",
    "kind:unknown-seller": "tulis A, B atau id penjual",
    "kind:unknown-seller:named": "tulis A, B, id penjual atau delegasinya ({a} atau {b})",
    "kind:same-delegation-deal": "transaksi terjadi antara peserta dua delegasi: periksa id-nya",
    "kind:disallowed-deal": "periksa id-nya; delegasi yang bertemu: {allowed}",
    "kind:workbook-as-text": (
        "ganti akhiran namanya menjadi .xlsx, atau buka di Excel lalu simpan sebagai 'CSV UTF-8'"
    ),
    # {key}: side_a or side_b, the one the problem is about (see _hint)
    "kind:unknown-side": "isi {key} dengan salah satunya, ditulis seperti pada kolom delegasi",
    "kind:too-few-delegations": (
        "kolom delegasi menyebut delegasi yang bertemu: dua, atau lebih untuk misi beberapa delegasi"
    ),
    "field:offers": "tulis misalnya 10631=2.500.000.000 atau HS:1006=750 juta",
    "field:needs": "tulis misalnya 10631=1,5 miliar|500 ton",
    "field:availability": "tulis misalnya 09:00-12:00; 13:00-16:00",
    "field:min_meetings": "tulis bilangan bulat 0 atau lebih",
    "field:max_meetings": "tulis bilangan bulat 0 atau lebih",
}

#: English hints that say what to write, in Indonesian: the event plan's (``[plan]`` of a
#: config), whose kind and field are shared by rules a hint of the field's would not fit.
_HINT_TEXTS: Mapping[str, str] = {
    "use the matchmaker that wrote the file (a newer version: pip install -U matchmaker) on every desk "
    "of the event": (
        "pakai matchmaker yang menulis berkas itu (versi lebih baru: pip install -U matchmaker) di "
        "setiap meja acara"
    ),
    'add "agendas" or "html" to the formats ([export] formats), or leave it out': (
        'tambahkan "agendas" atau "html" ke formats ([export] formats), atau jangan cetak ke PDF'
    ),
    "write it as start-end, e.g. 13:00-14:00": "tulis sebagai mulai-selesai, misalnya 13:00-14:00",
    "write it as start-end, e.g. 09:00-12:00": "tulis sebagai mulai-selesai, misalnya 09:00-12:00",
    # the participant table's (the English hint is the fact; the field's would only show a form)
    "give every participant its own id": "beri setiap peserta id-nya sendiri",
    "give every participant its own id, e.g. JT-001": "beri setiap peserta id-nya sendiri, misalnya JT-001",
    "give the walk-in a new id": "beri peserta dadakan itu id baru",
    "check the id": "periksa id-nya",
    "HS codes are HS 2022 chapters (2 digits), headings (4) or subheadings (6)": (
        "kode HS adalah bab (2 digit), pos (4 digit) atau subpos (6 digit) HS 2022"
    ),
    "write a whole number of meetings, such as 4": (
        "tulis jumlah pertemuan sebagai bilangan bulat, misalnya 4"
    ),
    "write it as '120 t'": "tulis misalnya '120 t'",
    "a cell holding the delimiter (or a decimal comma) must be in double quotes": (
        "sel yang memuat pemisah (atau koma desimal) harus diapit tanda petik ganda"
    ),
    "give the minutes before a meeting it is frozen, e.g. 10": (
        "beri jumlah menit sebelum pertemuan saat jadwalnya dibekukan, misalnya 10"
    ),
    "write HH:MM, e.g. '09:00'": "tulis jam sebagai JJ:MM, misalnya '09:00'",
    "write a number of minutes, e.g. 20": "tulis jumlah menit sebagai angka, misalnya 20",
    "write breaks as HH:MM-HH:MM, e.g. ['12:00-13:00']": (
        "tulis waktu istirahat sebagai JJ:MM-JJ:MM, misalnya ['12:00-13:00']"
    ),
    "write days as YYYY-MM-DD, e.g. ['2025-09-29']": (
        "tulis hari acara sebagai YYYY-MM-DD, misalnya ['2025-09-29']"
    ),
    "write WIB, WITA, WIT or an IANA name such as 'Asia/Makassar'": (
        "tulis WIB, WITA, WIT atau nama IANA seperti Asia/Makassar"
    ),
    "name the tables in a list, e.g. ['Meja 1', 'Meja 2']": (
        "tulis nama meja dalam daftar, misalnya ['Meja 1', 'Meja 2']"
    ),
    "write HH:MM-HH:MM, e.g. 09:00-12:00, or 2020-12-02 09:00-12:00": (
        "tulis JJ:MM-JJ:MM, misalnya 09:00-12:00, atau 2020-12-02 09:00-12:00"
    ),
}

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_MORE = re.compile(r" and (\d+) more\b")
_SUGGESTION = re.compile(r"did you mean (?P<what>.+?)\?")

#: Kinds whose Indonesian hint says the suggestion (``data["guess"]``) and what to write, as
#: the English one does (not the suggestion alone).
_OWN_SUGGESTION = frozenset({"unknown-line", "unknown-certification", "unrequired-certification"})

#: The column the hint of a kind of :data:`_OWN_SUGGESTION` names, when its data does not
#: (a problem recorded before the data named it as the file does).
_OTHER_COLUMN: Mapping[str, str] = {
    "unknown-certification": "certifications",
    "unrequired-certification": "required_certifications",
}


#: The words of a location in Bahasa Indonesia (Problem.location writes the English ones).
_PLACES = LocationWords(
    row="baris",
    column="kolom",
    participant="peserta",
    participants="peserta",
    more="dan {} lainnya",
    field="isian",
    field_names=_FIELDS,
)


def location_text(problem: Problem, lang: str = "en") -> str:
    """Where a problem is: file, row, column, participants and field, in ``lang``.

    >>> p = Problem("x", participants=("JT-001",), source="peserta.csv", row=3, column="provinsi")
    >>> location_text(p, "id")
    "peserta.csv, baris 3, kolom 'provinsi', peserta JT-001"
    """
    return problem.location if check_language(lang) == "en" else problem.location_in(_PLACES)


#: An amount of rupiah that cannot be read (:class:`matchmaker.model.text.AmountError`):
#: its reason and its hint, English pattern -> Indonesian, the quoted values carried over.
_AMOUNT_REASONS = (
    (
        r"(?P<v>'.*') is ambiguous: one and a half, or fifteen hundred\?",
        "{v} bermakna ganda: satu setengah, atau seribu lima ratus?",
    ),
    (r"(?P<v>'.*') uses English grouping", "{v} memakai pemisah ribuan gaya Inggris"),
    (r"(?P<v>'.*') is not an amount: unknown word (?P<w>'.*')", "{v} bukan jumlah: kata {w} tidak dikenal"),
    (
        r"(?P<v>'.*') is not an amount: (?P<g>'.') must group digits in threes",
        "{v} bukan jumlah: {g} harus memisahkan angka per tiga digit",
    ),
    (r"(?P<v>'.*') is not an amount", "{v} bukan jumlah"),
    (r"(?P<v>'.*') is not a volume", "{v} bukan volume"),
    (r"(?P<v>'.*') is negative", "{v} negatif"),
)
_AMOUNT_HINTS = (
    (
        r"write 1\.500 for fifteen hundred, 1,5 for one and a half",
        "tulis 1.500 untuk seribu lima ratus, 1,5 untuk satu setengah",
    ),
    (
        r"write 1\.500\.000 \(Indonesian( grouping)?\) or 1500000",
        "tulis 1.500.000 (gaya Indonesia) atau 1500000",
    ),
    (
        r"'M' is million in English and miliar in Indonesian: write juta or miliar",
        "'M' bisa berarti juta (million dalam bahasa Inggris) atau miliar: tulis juta atau miliar",
    ),
    (r"scale words: (?P<w>.+)", "kata pengali: {w}"),
    (r"before (?P<w>'.*') write a decimal comma \((?P<e>.+)\)", "sebelum {w} tulis koma desimal ({e})"),
    (r"before (?P<w>'.*') write a decimal point \((?P<e>.+)\)", "sebelum {w} tulis titik desimal ({e})"),
    (r"write e\.g\. (?P<e>.+) or (?P<l>'.*')", "tulis misalnya {e} atau {l}"),
    (r"write a number, e\.g\. 506, and the unit", "tulis angka, misalnya 506, dan satuannya"),
    (r"an amount of rupiah is 0 or more", "jumlah rupiah 0 atau lebih"),
)


def _amount(problem: Problem, table: tuple[tuple[str, str], ...], text: str | None) -> str | None:
    """An amount's reason or hint in Indonesian (None: not an amount's)."""
    if problem.kind not in ("syntax", "negative") or not text:
        return None
    for pattern, template in table:
        if (found := re.fullmatch(pattern, text)) is not None:
            return template.format(**found.groupdict())
    return None


#: Python's ``json`` module's messages (``JSONDecodeError.msg``), for the ``syntax`` sentence.
_JSON_ERRORS: Mapping[str, str] = {
    "Expecting value": "diharapkan sebuah nilai",
    "Expecting property name enclosed in double quotes": "diharapkan nama kunci dalam tanda petik ganda",
    "Expecting ':' delimiter": "diharapkan tanda ':'",
    "Expecting ',' delimiter": "diharapkan tanda ','",
    "Extra data": "ada isi lagi setelah akhir JSON",
    "Unterminated string starting at": "teks yang dimulai di sini tidak ditutup",
    "Invalid control character at": "karakter kendali tidak sah",
    "Invalid \\escape": "escape \\ tidak sah",
    "Invalid \\uXXXX escape": "escape \\uXXXX tidak sah",
    "Illegal trailing comma before end of object": "koma berlebih sebelum akhir objek",
    "Illegal trailing comma before end of array": "koma berlebih sebelum akhir daftar",
}


def _sentence(problem: Problem) -> str:
    """The Indonesian sentence of a problem, without its location and hint."""
    amount = _amount(problem, _AMOUNT_REASONS, problem.message)
    if amount is not None:
        return amount
    data: dict[str, Any] = dict(problem.data)
    if problem.kind in ("undo-other-kind", "undo-has-later"):  # the kinds of change, in words
        data |= {k: label(f"undo_kind_{data[k]}", "id") for k in ("latest", "kind") if k in data}
    if problem.kind == "undo-has-later" and isinstance(data.get("later"), str):  # 3, 4 dan 5
        data["later"] = re.sub(r", (?=[^,]*$)", " dan ", data["later"])
    if problem.kind == "no-such-change" and "about" in data:  # a cancel is about two
        data["whom"] = f"{data['about']} dan {data['also']}" if "also" in data else data["about"]
    # times as Indonesian writes them, 10.40; what is to be typed keeps 10:40 (examples, what
    # was given, and the hints, which quote commands)
    data = {
        k: v.replace(":", ".") if isinstance(v, str) and k not in _TYPED and _TIME.fullmatch(v) else v
        for k, v in data.items()
    }
    if isinstance(data.get("json_error"), str):  # the parser's words, in Indonesian where known
        data["json_error"] = _JSON_ERRORS.get(data["json_error"], data["json_error"])
    if problem.kind == "missing-column" and {"columns", "named"} <= data.keys():
        return _missing_columns(data["columns"], data["named"])
    if problem.kind == "duplicate-id" and {"id", "rows"} <= data.keys():
        return _duplicate_id(data)
    if problem.kind == "template-example" and isinstance(data.get("rows"), (list, tuple)):
        names = ", ".join(repr(str(n)) for n in data.get("names") or ())
        return (
            f"baris {_and(data['rows'])} adalah contoh dari templat ({names}): bersama peserta Anda, "
            "contoh itu ikut dicocokkan, dikirimi pesan dan dicantumkan di contacts.csv"
        )
    if isinstance(data.get("ids"), (list, tuple)):  # several ids, as the English text lists them
        data["ids"] = ", ".join(map(str, data["ids"]))
    for key in ("needs", "known"):  # a participant's need lines, the certifications held
        if isinstance(data.get(key), (list, tuple)):
            shown = [str(v) for v in data[key]]
            more = f" dan {len(shown) - 8} lainnya" if len(shown) > 8 else ""
            data[key] = ", ".join(shown[:8]) + more
    if isinstance(data.get("required_by"), (list, tuple)):  # who requires a certification
        by = [str(v) for v in data["required_by"]]
        data["required_by"] = f"{', '.join(by[:8])} dan {len(by) - 8} lainnya" if len(by) > 8 else _and(by)
    case = data.get("case")
    template, pattern = _SENTENCES.get(f"{problem.kind}:{case}", _SENTENCES.get(problem.kind, (None, None)))
    if template is not None:
        if pattern is not None and (found := re.search(pattern, problem.message)) is not None:
            taken = {k: _MORE.sub(r" dan \1 lainnya", v) for k, v in found.groupdict().items()}
            data = {**taken, **data}
        try:
            return template.format(**data)
        except (KeyError, IndexError, ValueError):
            pass  # the record lacks a number the sentence needs: the phrase and the values below
    phrase = _PHRASES.get(problem.kind, "masalah")
    # the value a message is about is the first it quotes (later ones are English examples)
    value = next((v for v in _QUOTED.findall(problem.message) if len(v) > 2), None)
    return f"{phrase}: {value}" if value else phrase


def _and(values: Sequence[object]) -> str:
    """``5, 6 dan 9``."""
    shown = [str(v) for v in values]
    return f"{', '.join(shown[:-1])} dan {shown[-1]}" if len(shown) > 1 else "".join(shown)


def _duplicate_id(data: Mapping[str, Any]) -> str:
    """An id on several rows of a table, the rows, and the unknown ids its wishes may have
    lost to the repeat (as :func:`matchmaker.io.table._duplicate` says them in English)."""
    text = f"id {data['id']!r} dipakai lebih dari sekali: baris {_and(data['rows'])}"
    lost, by, fields = data.get("lost"), data.get("named_by"), data.get("fields")
    if (
        isinstance(lost, (list, tuple))
        and isinstance(by, (list, tuple))
        and isinstance(fields, (list, tuple))
    ):
        ids = " atau ".join(repr(str(x)) for x in lost)
        text += (
            f"; tidak ada baris dengan id {ids}, yang disebut {', '.join(map(str, by))} "
            f"({', '.join(map(str, fields))}): jika salah satu baris ini seharusnya {ids}, perbaiki id-nya"
        )
    return text


def _missing_columns(columns: Sequence[str], named: Sequence[str]) -> str:
    """Required columns a header lacks, as the file spells them (``provinsi`` in an Indonesian
    header), and the other accepted name: ``kolom wajib tidak ada: provinsi (atau province)``."""
    other = (
        [str(c) for c in columns] if list(named) != list(columns) else [_FIELDS.get(c, c) for c in columns]
    )
    text = "kolom wajib tidak ada: " + ", ".join(map(str, named))
    return text + (f" (atau {', '.join(other)})" if other != list(named) else "")


def _hint(problem: Problem) -> str | None:
    amount = _amount(problem, _AMOUNT_HINTS, problem.hint)
    if amount is not None:
        return amount
    data = problem.data
    if problem.kind == "unknown-column" and isinstance(data.get("meant"), str):  # a misspelt header
        return (
            f"maksud Anda {data['meant']!r}? Ganti namanya, atau beri nama yang lebih jauh dari nama "
            "kolom yang dikenal agar disimpan sebagai kolom tambahan"
        )
    rows = data.get("rows")
    if problem.kind == "template-example" and isinstance(rows, (list, tuple)):
        return f"hapus baris {_and(rows)}, yang ditulis matchmaker init sebagai contoh"
    required = data.get("required")
    if problem.kind == "missing-column" and isinstance(required, (list, tuple)):
        if data.get("case") == "delimiter":
            return "judul kolom hanya satu kolom: berkas ini tampaknya memakai pemisah lain"
        return (
            f"judul kolom harus menyebut {', '.join(map(str, required))}; lihat templat dari matchmaker init"
        )
    if problem.kind in _OWN_SUGGESTION and "guess" in data:  # the suggestion and what to write
        own = f"kind:{problem.kind}:close" if problem.kind == "unknown-line" else f"kind:{problem.kind}"
        if str(data.get("case", "")).endswith("held-once"):  # either cell may be the slip
            own = f"kind:{problem.kind}:held-once"
        return _filled(_HINTS[own], {"other_column": _OTHER_COLUMN.get(problem.kind, ""), **data})
    if problem.hint and (found := _SUGGESTION.search(problem.hint)) is not None:
        return f"maksud Anda {found['what'].replace(' or ', ' atau ')}?"
    if problem.hint is not None and problem.hint in _HINT_TEXTS:
        return _HINT_TEXTS[problem.hint]
    in_a_cell = problem.row is not None or problem.column is not None  # how to write the cell
    if problem.kind == "checked-in" and str(problem.data.get("case", "")).startswith("late"):
        undo = (
            f"; jika pencatatan kehadirannya keliru, urungkan: matchmaker event undo {problem.data['id']} "
            f"--change {problem.data['change']}"
            if "change" in problem.data
            else ""
        )
        return _filled(_HINTS["kind:checked-in:late"], problem.data) + undo
    if problem.kind == "checked-in" and {"id", "day", "end"} <= problem.data.keys():
        day = str(problem.data["day"])  # the window the English hint gives; a day on a longer event
        last, pid = problem.data.get("next_day"), problem.data["id"]
        mistake = ""
        if "later" in problem.data:  # a check-in (not a walk-in): undo takes it back
            n = problem.data["later"]
            mistake = (
                f"; jika pencatatan kehadirannya keliru, urungkan: matchmaker event undo {pid} --kind checkin"
                if not n
                else f"; jika pencatatan kehadirannya keliru, urungkan: matchmaker event undo {pid} "
                f"--change {problem.data['change']}"
                if "change" in problem.data
                else f"; jika pencatatan kehadirannya keliru, urungkan dengan matchmaker event undo {pid}, "
                f"yang mengurungkan perubahan terakhir lebih dahulu: {n} perubahan lagi tercatat tentang "
                f"{pid} sesudahnya"
            )
        then = (
            "; tidak hadir pada hari setelah hari hadirnya perlu waktunya pada hari itu, "
            f"misalnya '{last}T09:00'"
            if last
            else ""
        )
        return _HINTS["kind:checked-in"].format(
            **problem.data, dated=f"{day} " if day else "", mistake=mistake, then=then
        )
    if problem.kind == "unknown-side":  # side_a's or side_b's: its field, else its message's first word
        key = problem.field if problem.field in ("side_a", "side_b") else None
        if key is None:
            found = re.match(r"side_[ab]\b", problem.message)
            key = found[0] if found else "side_a/side_b"
        return _HINTS["kind:unknown-side"].format(key=key)
    # a kind whose data has a "case" reads "kind:<kind>:<case>" first, as the sentences do
    by_kind = _HINTS.get(
        f"kind:{problem.kind}:{problem.data.get('case')}", _HINTS.get(f"kind:{problem.kind}")
    )
    if by_kind is not None:
        data = dict(problem.data)
        examples = data.get("examples")
        if isinstance(examples, (list, tuple)):  # one per day, to choose from: 'a' atau 'b'
            data["choices"] = alternatives([str(e) for e in examples], "id")
        return _filled(by_kind, data)
    return _HINTS.get(f"field:{problem.field}") if problem.field and in_a_cell else None


def _filled(template: str, data: Mapping[str, object]) -> str:
    """``template`` with its ``{names}`` taken from a problem's ``data`` (the English hint's
    values, e.g. ``{example}``), when the data holds them all; else as it is."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:  # a brace that is text, not a name
        return template
    return template.format(**data) if names and names <= data.keys() else template


def problem_text(problem: Problem, lang: str = "en") -> str:
    """One problem as a line of text: ``str(problem)`` in English, the catalogue's in Indonesian.

    Examples
    --------
    >>> p = Problem("unknown province 'Jawa Tmur'", kind="unknown-province", participants=("JT-001",),
    ...             field="province", source="peserta.csv", row=2, column="provinsi",
    ...             hint="did you mean 'Jawa Timur'?")
    >>> for part in problem_text(p, "id").split(": "):
    ...     print(part)
    peserta.csv, baris 2, kolom 'provinsi', peserta JT-001
    provinsi tidak dikenal
    'Jawa Tmur' (maksud Anda 'Jawa Timur'?)
    >>> for part in problem_text(p, "en").split(": "):
    ...     print(part)
    peserta.csv, row 2, column 'provinsi', participant JT-001
    unknown province 'Jawa Tmur' (did you mean 'Jawa Timur'?)
    """
    if check_language(lang) == "en":
        return str(problem)
    where = location_text(problem, lang)
    text = f"{where}: {_sentence(problem)}" if where else _sentence(problem)
    hint = _hint(problem)
    return pukul_dates(f"{text} ({hint})" if hint else text)  # "pukul {start}" of a dated start


def reason_text(problem: Problem, lang: str = "en") -> str:
    """Why a meeting was not placed, for its row: the message in English, the catalogue's
    sentence in Indonesian, without the location (the row names the pair already).

    >>> p = Problem("no slot in which both are available", kind="no-common-slot",
    ...             participants=("JT-002", "SS-001"))
    >>> reason_text(p, "en")
    'no slot in which both are available'
    >>> reason_text(p, "id")
    'tidak ada sesi yang sama-sama kosong'
    """
    if check_language(lang) == "en":
        return problem.message
    nowhere = problem.located(participants=(), field=None, source=None, row=None, column=None)
    return problem_text(nowhere, lang)


def reason_cells(reasons: Iterable[Problem], lang: str = "en") -> dict[str, dict[str, str]]:
    """The ``reason`` cells of the meetings table in ``lang``, ``{"reason": {message: text}}``.

    The table's rows carry each unplaced meeting's English message (``Schedule.reasons``);
    writers translate the cells through this mapping as they do the status cells
    (:func:`~matchmaker.reporting.labels.cell_labels`).  Empty for English.

    >>> p = Problem("no slot in which both are available", kind="no-common-slot")
    >>> reason_cells([p], "en"), reason_cells([p], "id")
    ({}, {'reason': {'no slot in which both are available': 'tidak ada sesi yang sama-sama kosong'}})
    """
    if check_language(lang) == "en":
        return {}
    return {"reason": {p.message: reason_text(p, lang) for p in reasons}}


_HEADLINES = (
    (DataFileError, "masalah pada berkas"),
    (ValidationError, "masalah pada masukan"),
    (InfeasibleError, "alasan permintaan tidak dapat dipenuhi"),
)

_OS_ERRORS: Mapping[int, str] = {
    errno.ENOENT: "berkas atau folder tidak ada",
    errno.EACCES: "tidak ada izin",
    errno.EPERM: "tidak ada izin",
    errno.EISDIR: "ini folder, bukan berkas",
    errno.ENOTDIR: "bagian dari jalur ini bukan folder",
    errno.ENOSPC: "disk penuh",
    errno.EROFS: "disk hanya dapat dibaca",
    errno.EEXIST: "sudah ada",
}


#: Errors raised with a message but no ``errno`` (``FileNotFoundError("no such file: ...")``).
_OS_TYPES = (
    (FileNotFoundError, errno.ENOENT),
    (PermissionError, errno.EACCES),
    (IsADirectoryError, errno.EISDIR),
    (NotADirectoryError, errno.ENOTDIR),
)


#: The labels of how to install a program an error names (:class:`MissingDependencyError`
#: ``install``): the English text is replaced by the Indonesian one.
_PROGRAMS = ("install_chromium", "print_failed_hint", "print_failed_hint_report")


def error_text(exc: BaseException, lang: str = "en") -> str:
    """What the command line prints after ``error: <what>:``: the exception in ``lang``.

    English is ``str(exc)``.  In Indonesian, errors that carry :class:`Problem` records
    list each through :func:`problem_text`; a missing optional package names the
    ``pip install`` to run; a file that cannot be read or written names the path and why.
    Other errors (a solver's failure) keep their technical text.

    >>> problems = [Problem("a", kind="empty-side"), Problem("b", kind="duplicate-id",
    ...                                                participants=["JT-001"])]
    >>> print(error_text(ValidationError(problems), "id"))
    2 masalah pada masukan:
      - satu sisi tidak memiliki peserta
      - peserta JT-001: id dipakai lebih dari sekali
    """
    if check_language(lang) == "en":
        return str(exc)
    problems: tuple[Problem, ...] = getattr(exc, "problems", ())
    if problems:
        if len(problems) == 1:
            return problem_text(problems[0], lang)
        head = next((text for kind, text in _HEADLINES if isinstance(exc, kind)), "masalah")
        return "\n".join([f"{len(problems)} {head}:", *(f"  - {problem_text(p, lang)}" for p in problems)])
    if isinstance(exc, MissingDependencyError) and exc.install is not None:  # a program, not a package
        how = exc.install.replace(" names no program;", " bukan nama program;")
        for key in _PROGRAMS:
            how = how.replace(label(key, "en"), label(key, "id"))
        if isinstance(exc, ProgramFailedError):  # found, but it did not work
            why = exc.why if exc.reason is None else program_why(exc.reason, exc.fields, lang)
            return f"program {exc.package!r} tidak berfungsi: {why}; {how}"
        return f"fitur ini memerlukan program {exc.package!r}, yang tidak ditemukan: {how}"
    if isinstance(exc, MissingDependencyError):
        return (
            f"fitur ini memerlukan paket opsional {exc.package!r}: pip install 'matchmaker[{exc.extra}]' "
            f"(di salinan repositori: pip install -e '.[{exc.extra}]')"
        )
    if isinstance(exc, OSError):
        code = exc.errno or next((n for kind, n in _OS_TYPES if isinstance(exc, kind)), 0)
        why = _OS_ERRORS.get(code, "berkas tidak dapat dibaca atau ditulis")
        path = exc.filename or next(iter(_QUOTED.findall(str(exc))), "")
        return f"{path}: {why}" if path else why
    return str(exc)
