"""Result packs are written atomically and never touch a file the tool did not write."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from matchmaker.errors import ValidationError
from matchmaker.export.pack import MANIFEST, pack_files, write_pack


def _builder(files: dict[str, str], fail_after: int | None = None):  # type: ignore[no-untyped-def]
    def build(folder: Path) -> dict[str, list[Path]]:
        paths = []
        for k, (rel, text) in enumerate(files.items()):
            if fail_after is not None and k == fail_after:
                raise RuntimeError("disk full")
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        return {"txt": paths}

    return build


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _siblings(root: Path) -> list[str]:
    return sorted(p.name for p in root.parent.iterdir() if p != root)


def test_a_new_folder_gets_the_files_and_a_manifest(tmp_path: Path) -> None:
    out = tmp_path / "new" / "pack"
    written = write_pack(out, _builder({"a.csv": "1", "ics/x.ics": "2"}))
    assert written == {"txt": [out / "a.csv", out / "ics" / "x.ics"]}
    assert pack_files(out) is not None
    assert set(pack_files(out) or {}) == {"a.csv", "ics/x.ics"}
    assert _siblings(out) == []  # no temporary folder left beside it


def test_a_failure_while_building_leaves_the_earlier_pack_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "pack"
    write_pack(out, _builder({"a.csv": "old", "ics/x.ics": "old"}))
    before = _tree(out)
    with pytest.raises(RuntimeError, match="disk full"):
        write_pack(out, _builder({"a.csv": "new", "b.csv": "new", "ics/y.ics": "new"}, fail_after=2))
    assert _tree(out) == before
    assert _siblings(out) == []


def test_a_new_pack_replaces_the_earlier_one_whole(tmp_path: Path) -> None:
    out = tmp_path / "pack"
    write_pack(out, _builder({"a.csv": "old", "ics/x.ics": "old", "ics/gone.ics": "old"}))
    write_pack(out, _builder({"a.csv": "new", "ics/x.ics": "new"}))
    assert _tree(out) == {"a.csv": "new", "ics/x.ics": "new", MANIFEST: (out / MANIFEST).read_text("utf-8")}
    assert _siblings(out) == []


def test_the_users_files_beside_a_pack_are_kept(tmp_path: Path) -> None:
    out = tmp_path / "pack"
    write_pack(out, _builder({"a.csv": "old", "ics/gone.ics": "old"}))
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "ics" / "mine.ics").write_text("mine", encoding="utf-8")
    write_pack(out, _builder({"a.csv": "new", "ics/x.ics": "new"}))
    tree = _tree(out)
    assert tree["notes.txt"] == "mine"
    assert tree["ics/mine.ics"] == "mine"
    assert tree["a.csv"] == "new"
    assert "ics/gone.ics" not in tree
    assert set(pack_files(out) or {}) == {"a.csv", "ics/x.ics"}


def test_a_folder_with_other_files_is_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "a.csv").write_text("my own table", encoding="utf-8")
    (out / "other.ics").write_text("my calendar", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        write_pack(out, _builder({"a.csv": "new"}))
    problem = info.value.problems[0]
    assert problem.kind == "output-not-empty"
    assert problem.source == str(out.absolute())
    assert "a.csv" in problem.message
    assert "--force" in (problem.hint or "")
    assert _tree(out) == {"a.csv": "my own table", "other.ics": "my calendar"}
    write_pack(out, _builder({"a.csv": "new", "b.csv": "new"}), force=True)
    tree = _tree(out)
    assert tree["other.ics"] == "my calendar"
    assert (tree["a.csv"], tree["b.csv"]) == ("new", "new")


def test_a_changed_file_of_the_earlier_pack_is_the_users_now(tmp_path: Path) -> None:
    out = tmp_path / "pack"
    write_pack(out, _builder({"outcome_form.csv": "blank", "a.csv": "old"}))
    (out / "outcome_form.csv").write_text("filled in by the organiser", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        write_pack(out, _builder({"outcome_form.csv": "blank", "a.csv": "new"}))
    assert info.value.problems[0].kind == "output-changed"
    assert "outcome_form.csv" in info.value.problems[0].message
    assert (out / "outcome_form.csv").read_text("utf-8") == "filled in by the organiser"
    assert (out / "a.csv").read_text("utf-8") == "old"


def test_a_file_named_like_the_packs_that_the_earlier_pack_did_not_write_is_the_users(tmp_path: Path) -> None:
    """agendas.pdf printed by hand beside a pack that wrote none (a --pdf run would replace
    it), or ics/<id>.ics put back by hand: refused without force, before any work for the
    pack's fixed names; replaced under force."""
    from matchmaker.export.pack import check_output

    out = tmp_path / "pack"
    write_pack(out, _builder({"agendas.html": "old", "ics/a.ics": "old"}))
    (out / "agendas.pdf").write_text("my signed print", encoding="utf-8")
    for attempt in (lambda: check_output(out), lambda: write_pack(out, _builder({"agendas.pdf": "new"}))):
        with pytest.raises(ValidationError) as info:
            attempt()
        assert info.value.problems[0].kind == "output-exists"
        assert "agendas.pdf" in info.value.problems[0].message
    assert (out / "agendas.pdf").read_text("utf-8") == "my signed print"
    (out / "agendas.pdf").unlink()
    (out / "ics" / "b.ics").write_text("my calendar", encoding="utf-8")
    write_pack(out, _builder({"agendas.html": "new", "ics/c.ics": "new"}))  # b.ics not written: kept
    assert (out / "ics" / "b.ics").read_text("utf-8") == "my calendar"
    with pytest.raises(ValidationError) as info:
        write_pack(out, _builder({"agendas.html": "newer", "ics/b.ics": "new"}))
    assert info.value.problems[0].kind == "output-exists"
    assert (out / "ics" / "b.ics").read_text("utf-8") == "my calendar"
    assert (out / "agendas.html").read_text("utf-8") == "new"  # nothing of the refused pack moved in
    assert _siblings(out) == []
    write_pack(out, _builder({"agendas.html": "newer", "ics/b.ics": "new"}), force=True)
    assert (out / "ics" / "b.ics").read_text("utf-8") == "new"


def test_a_file_as_target_is_refused_before_any_work(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("mine", encoding="utf-8")
    called = []
    with pytest.raises(ValidationError) as info:
        write_pack(target, lambda folder: called.append(folder) or {})
    assert info.value.problems[0].kind == "output-is-a-file"
    assert not called
    assert target.read_text("utf-8") == "mine"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and /proc")
def test_a_read_only_place_is_a_clear_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    # root writes through permissions: /proc takes no new folders, even from root
    place = locked / "pack" if os.geteuid() != 0 else Path("/proc/matchmaker-test/pack")
    try:
        with pytest.raises(ValidationError) as info:
            write_pack(place, _builder({"a.csv": "1"}))
        assert info.value.problems[0].kind == "output-not-writable"
        assert info.value.problems[0].source == str(place)
    finally:
        locked.chmod(0o700)


def test_a_tampered_manifest_cannot_reach_outside(tmp_path: Path) -> None:
    out = tmp_path / "pack"
    write_pack(out, _builder({"a.csv": "1"}))
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    doc = json.loads((out / MANIFEST).read_text("utf-8"))
    doc["files"]["../victim.txt"] = "0" * 64
    doc["files"][str(victim)] = "0" * 64
    (out / MANIFEST).write_text(json.dumps(doc), "utf-8")
    write_pack(out, _builder({"b.csv": "2"}))
    assert victim.read_text("utf-8") == "precious"


def test_the_results_export_takes_plots_and_note_as_export_all_does(bundled, tmp_path: Path) -> None:
    """``RunResult.export()`` had no ``plots`` or ``note``: a script could not write the report
    without plots (slow, or matplotlib missing) or with the note ``export_all`` takes."""
    from matchmaker.export import export_all
    from matchmaker.pipeline import run

    result = run(bundled, baseline=False)
    mine = result.export(tmp_path / "mine", formats=["html"], plots=False, note="Catatan: uji")
    theirs = export_all(result, tmp_path / "theirs", formats=["html"], plots=False, note="Catatan: uji")
    (page,), (same,) = mine["html"], theirs["html"]
    text = page.read_text(encoding="utf-8")
    assert "<p class='note'>Catatan: uji</p>" in text
    assert "<svg" not in text  # no plots
    assert text == same.read_text(encoding="utf-8")
