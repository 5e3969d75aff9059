"""Write the hostile-input corpus of tests/data/hostile/ (run once; the files are committed).

Each file is something a careless or hostile user could hand to ``matchmaker run``;
``expected.json`` gives the exit code the command must end with (0: a correct pack;
1 invalid input; 3 infeasible request).  ``tests/test_fuzz.py`` runs them all.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "tests" / "data" / "hostile"
HEAD = (
    "id,name,delegation,province,offers,needs,availability,min_meetings,must_meet,do_not_meet,"
    "certifications,required_certifications\n"
)
A1 = "A1,PT A,Jawa Timur,Jatim,10631=5000000,,,,,,,\n"
A2 = "A2,PT A2,Jawa Timur,Jatim,10631,,,,,,,\n"
B1 = "B1,PT B,Sumatera Selatan,Sumsel,,10631,,,,,,\n"
B2 = "B2,PT C,Sumatera Selatan,Sumsel,,10631,,,,,,\n"
GOOD = HEAD + A1 + A2 + B1 + B2


def text_cases() -> dict[str, tuple[str | bytes, int]]:
    return {
        "crlf_in_name.csv": (GOOD.replace("PT A,", '"PT\r\nA from Word",'), 0),
        "bare_cr_in_name.csv": (GOOD.replace("PT A,", '"PT\rA",'), 0),
        "tab_and_controls.csv": (GOOD.replace("PT A,", '"PT\tA\x01\x07\x1b",'), 0),
        "rtl_and_emoji.csv": (GOOD.replace("PT A,", "شركة \u202eالتجارة 🐟,"), 0),
        "formula_injection.csv": (GOOD.replace("PT A,", '"=HYPERLINK(""http://evil"",""x"")",'), 0),
        "ten_thousand_chars.csv": (GOOD.replace("PT A,", "P" * 10_000 + ","), 0),
        "bom_semicolons.csv": ("\ufeff" + GOOD.replace(",", ";"), 0),
        "crlf_line_ends.csv": (GOOD.replace("\n", "\r\n"), 0),
        "strange_ids.csv": (GOOD.replace("A1,", "A/../1,").replace("B1,", "CON,"), 0),
        "outside_event.csv": (GOOD.replace("Sumsel,,10631,,", "Sumsel,,10631,18:00-20:00,"), 0),
        "latin1.csv": (GOOD.replace("PT A,", "PT Caf\u00e9,").encode("latin-1"), 1),
        "empty.csv": ("", 1),
        "header_only.csv": (HEAD, 1),
        "binary_garbage.csv": (bytes(range(256)) * 4, 1),
        "nul_bytes.csv": (GOOD.replace("PT A,", "PT\x00A,"), 0),
        "absurd_amount.csv": (GOOD.replace("10631=5000000", "10631=1e30"), 1),
        "nan_amount.csv": (GOOD.replace("10631=5000000", "10631=nan"), 1),
        "negative_amount.csv": (GOOD.replace("10631=5000000", "10631=-5"), 1),
        "three_delegations.csv": (GOOD.replace("B2,PT C,Sumatera Selatan", "B2,PT C,Bali"), 1),
        "one_delegation.csv": (HEAD + A1 + A2, 1),
        "duplicate_ids.csv": (GOOD.replace("A2,", "A1,"), 1),
        "ragged_row.csv": (GOOD.replace(A2, A2.rstrip("\n") + ",extra,cells\n"), 1),
        "bad_province.csv": (GOOD.replace("Jatim,10631=", "Jatmi,10631="), 1),
        "bad_window.csv": (GOOD.replace("Sumsel,,10631,,", "Sumsel,,10631,25:00-26:00,"), 1),
        "bad_min.csv": (GOOD.replace("Sumsel,,10631,,,", "Sumsel,,10631,,abc,"), 1),
        "negative_min.csv": (GOOD.replace("Sumsel,,10631,,,", "Sumsel,,10631,,-1,"), 1),
        "unknown_wish.csv": (
            GOOD.replace(
                "B1,PT B,Sumatera Selatan,Sumsel,,10631,,,", "B1,PT B,Sumatera Selatan,Sumsel,,10631,,,ZZ"
            ),
            1,
        ),
        "missing_columns.csv": ("id,name\nA1,PT A\n", 1),
        "min_above_partners.csv": (
            GOOD.replace(
                "B2,PT C,Sumatera Selatan,Sumsel,,10631,,", "B2,PT C,Sumatera Selatan,Sumsel,,10631,,9"
            ),
            3,
        ),
        "must_meet_vetoed.csv": (
            GOOD.replace(A1, "A1,PT A,Jawa Timur,Jatim,10631=5000000,,,,,B1,,\n").replace(
                "B1,PT B,Sumatera Selatan,Sumsel,,10631,,,", "B1,PT B,Sumatera Selatan,Sumsel,,10631,,,A1"
            ),
            3,
        ),
        "must_meet_certification.csv": (
            GOOD.replace(
                "B1,PT B,Sumatera Selatan,Sumsel,,10631,,,,,,",
                "B1,PT B,Sumatera Selatan,Sumsel,,10631,,,A1,,,halal",
            ),
            3,
        ),
        "name_list.json": (
            json.dumps(
                [
                    {"id": "A1", "name": ["x", "y"], "delegation": "X", "province": "Jatim"},
                    {"id": "B1", "name": "B", "delegation": "Y", "province": "Sumsel"},
                ]
            ),
            1,
        ),
        "name_object.json": (
            json.dumps(
                [
                    {"id": "A1", "name": {"a": 1}, "delegation": "X", "province": "Jatim"},
                    {"id": "B1", "name": "B", "delegation": "Y", "province": "Sumsel"},
                ]
            ),
            1,
        ),
        "not_json.json": ("{'id': 'A1',", 1),
        "json_scalar.json": ("42", 1),
        "numeric_ids.json": (
            json.dumps(
                [
                    {"id": 101, "name": "PT A", "delegation": "X", "province": "Jatim", "offers": ["10631"]},
                    {
                        "id": 201,
                        "name": "PT B",
                        "delegation": "Y",
                        "province": "Sumsel",
                        "needs": ["10631"],
                        "must_meet": [101],
                    },
                ]
            ),
            0,
        ),
        "text_as.xlsx": (GOOD, 1),
    }


def xlsx_cases() -> dict[str, int]:
    import openpyxl

    rows = [line.split(",") for line in GOOD.strip().split("\n")]
    out: dict[str, int] = {}

    def save(name: str, build: object, code: int) -> None:
        book = openpyxl.Workbook()
        build(book.active)  # type: ignore[operator]
        book.save(HERE / name)
        out[name] = code

    def titled(ws: object) -> None:
        ws.append(["Daftar Peserta Misi Dagang"])  # type: ignore[attr-defined]
        ws.merge_cells("A1:L1")  # type: ignore[attr-defined]
        ws.append([])  # type: ignore[attr-defined]
        for r in rows:
            ws.append(r)  # type: ignore[attr-defined]

    def merged(ws: object) -> None:
        for r in rows:
            ws.append(r)  # type: ignore[attr-defined]
        ws.merge_cells("C2:C3")  # type: ignore[attr-defined]

    def formula(ws: object) -> None:
        for r in rows:
            ws.append(r)  # type: ignore[attr-defined]
        ws["E2"] = '="10631="&5000000'  # type: ignore[index]

    save("title_rows.xlsx", titled, 0)
    save("merged_cells.xlsx", merged, 1)
    save("formula_no_value.xlsx", formula, 1)
    return out


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    expected: dict[str, int] = {}
    for name, (content, code) in text_cases().items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (HERE / name).write_bytes(data)
        expected[name] = code
    expected.update(xlsx_cases())
    (HERE / "expected.json").write_text(json.dumps(dict(sorted(expected.items())), indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
