"""The ``sbs-training`` command, run through its real entry point, as a person would run it."""

from __future__ import annotations

import hashlib
import json
import socket
import stat
from pathlib import Path

import pytest
from support import export_json, immutable, run_cli

from sbs_training.exchange import FORMAT
from sbs_training.journal import Journal

VERBS = ["serve", "export", "import", "erase", "check-content"]


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in the data folder and its bytes' digest: 'unchanged' means byte for byte."""
    if not folder.exists():
        return {}
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def assert_one_clear_line(result, *, contains: str) -> None:
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert contains in lines[0], lines[0]


@pytest.fixture
def filled(data_dir: Path) -> Path:
    """A journal with a little of everything, including a revision."""
    with Journal(data_dir) as j:
        j.save_reflection("00-welcome", "what-brings-you", "First thoughts", editor="v1", label="What brings you?")
        j.save_reflection("00-welcome", "what-brings-you", "Second thoughts <b>&", editor="v2")
        j.add_checkin({"energy": 2, "capacity": 3}, "a long week")
        j.set_answer("01-peer-support-values", "person-centred", "welcome", {"placed": "person"})
        j._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return data_dir


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_has_help(verb: str) -> None:
    result = run_cli(verb, "--help")
    assert result.returncode == 0
    assert f"sbs-training {verb}" in result.stdout


def test_top_level_help_lists_every_verb() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for verb in VERBS:
        assert verb in result.stdout


def test_export_json_holds_everything_needed_to_restore(filled: Path) -> None:
    data = export_json(filled)
    assert data["format"] == FORMAT and data["version"] == 1 and data["exported_at"]
    (reflection,) = data["reflections"]
    assert reflection["text"] == "Second thoughts <b>&"
    assert [r["text"] for r in reflection["revisions"]] == ["First thoughts"]
    assert data["checkins"][0]["data"] == {"capacity": 3, "energy": 2}
    assert data["answers"][0]["value"] == {"placed": "person"}


def test_export_html_escapes_user_text(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "journal.html"
    result = run_cli("export", "--format", "html", "-o", str(out), data_dir=filled)
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert "Second thoughts &lt;b&gt;&amp;" in page and "<b>&" not in page
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_export_markdown_is_readable(filled: Path) -> None:
    result = run_cli("export", "--format", "md", data_dir=filled)
    assert result.returncode == 0
    assert "### What brings you?" in result.stdout and "Second thoughts" in result.stdout


def test_import_restores_into_a_fresh_folder_and_twice_changes_nothing(filled: Path, tmp_path: Path) -> None:
    export = tmp_path / "journal.json"
    assert run_cli("export", "-o", str(export), data_dir=filled).returncode == 0
    fresh = tmp_path / "fresh"
    first = run_cli("import", str(export), data_dir=fresh)
    assert first.returncode == 0, first.stderr
    assert "Added" in first.stdout and "1 reflections" in first.stdout
    restored = export_json(fresh)
    original = export_json(filled)
    for key in ("reflections", "checkins", "answers"):
        assert restored[key] == original[key]
    state = folder_state(fresh)
    second = run_cli("import", str(export), data_dir=fresh)
    assert second.returncode == 0
    assert "Nothing new to add" in second.stdout
    assert export_json(fresh)["reflections"] == restored["reflections"]
    assert folder_state(fresh).keys() == state.keys()


def test_an_older_import_never_replaces_newer_local_text(filled: Path, tmp_path: Path) -> None:
    export = tmp_path / "old.json"
    run_cli("export", "-o", str(export), data_dir=filled)
    with Journal(filled) as j:
        j.save_reflection("00-welcome", "what-brings-you", "Newest thoughts, written after the export", editor="v3")
    result = run_cli("import", str(export), data_dir=filled)
    assert result.returncode == 0
    (reflection,) = export_json(filled)["reflections"]
    assert reflection["text"] == "Newest thoughts, written after the export"
    assert "Second thoughts <b>&" in {r["text"] for r in reflection["revisions"]}


def test_a_newer_import_replaces_older_local_text_and_keeps_it(filled: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    export = tmp_path / "e.json"
    run_cli("export", "-o", str(export), data_dir=filled)
    run_cli("import", str(export), data_dir=other)
    with Journal(other) as j:
        j.save_reflection("00-welcome", "what-brings-you", "Written on the other computer", editor="elsewhere")
    newer = tmp_path / "newer.json"
    run_cli("export", "-o", str(newer), data_dir=other)
    result = run_cli("import", str(newer), data_dir=filled)
    assert "updated 1 reflections" in result.stdout
    (reflection,) = export_json(filled)["reflections"]
    assert reflection["text"] == "Written on the other computer"
    assert "Second thoughts <b>&" in {r["text"] for r in reflection["revisions"]}


def _export_dict(filled: Path) -> dict:
    return export_json(filled)


BAD_IMPORTS = {
    "missing": (None, "There is no file"),
    "empty": (b"", "is empty"),
    "truncated": (b'{"format": "sbs-training-journal", "version": 1, "reflections": [', "not valid JSON"),
    "not-json": (b"Dear diary, today I...", "not valid JSON"),
    "binary": (b"\xff\xfe\x00\x81garbage", "not a text file"),
    "wrong-format": (json.dumps({"format": "something-else", "version": 1}).encode(), "not an sbs-training journal"),
    "a-list": (b"[1, 2, 3]", "not an sbs-training journal"),
    "future-version": (
        json.dumps({"format": FORMAT, "version": 99, "reflections": []}).encode(),
        "newer version of sbs-training",
    ),
    "wrong-shape": (
        json.dumps(
            {
                "format": FORMAT,
                "version": 1,
                "exported_at": "2026-01-01T00:00:00+00:00",
                "reflections": [{"workbook": "w", "prompt": "p", "text": 5}],
                "checkins": [],
                "answers": [],
            }
        ).encode(),
        "unexpected value at reflections.0",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_IMPORTS))
def test_bad_import_files_change_nothing(case: str, filled: Path, tmp_path: Path) -> None:
    content, message = BAD_IMPORTS[case]
    path = tmp_path / f"{case}.json"
    if content is not None:
        path.write_bytes(content)
    before = folder_state(filled)
    result = run_cli("import", str(path), data_dir=filled)
    assert_one_clear_line(result, contains=message)
    assert "nothing was imported" in result.stderr.lower()
    assert folder_state(filled) == before


def test_duplicated_ids_in_an_import_are_refused_whole(filled: Path, tmp_path: Path) -> None:
    data = export_json(filled)
    data["reflections"].append(dict(data["reflections"][0], text="a twin"))
    data["checkins"].append({"id": "new-one", "at": "2026-01-01T00:00:00+00:00", "data": {}, "note": ""})
    path = tmp_path / "twins.json"
    path.write_text(json.dumps(data))
    before = folder_state(filled)
    result = run_cli("import", str(path), data_dir=filled)
    assert_one_clear_line(result, contains="more than once")
    assert folder_state(filled) == before


def test_a_huge_import_is_refused_without_reading_it(filled: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    before = folder_state(filled)
    result = run_cli("import", str(path), data_dir=filled)
    assert_one_clear_line(result, contains="larger than any journal export")
    assert folder_state(filled) == before


def test_erase_asks_first_and_says_what_it_deleted(filled: Path) -> None:
    before = folder_state(filled)
    refused = run_cli("erase", data_dir=filled, input="")
    assert_one_clear_line(refused, contains="--yes")
    assert folder_state(filled) == before
    done = run_cli("erase", "--yes", data_dir=filled)
    assert done.returncode == 0
    assert "1 reflections, 1 earlier versions, 1 check-ins, 1 answers" in done.stdout
    data = export_json(filled)
    assert data["reflections"] == data["checkins"] == data["answers"] == []


def test_check_content_accepts_the_shipped_content() -> None:
    result = run_cli("check-content")
    assert result.returncode == 0, result.stdout
    assert "All content is valid" in result.stdout


def test_check_content_points_at_the_file_and_line(tmp_path: Path) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "broken.yaml").write_text(
        "workbook: 00-welcome\nprompts:\n  - id: fine\n    text: A good question?\n  - id: Not An Id\n    text: x\n"
    )
    result = run_cli("check-content", str(tmp_path))
    assert result.returncode == 1
    assert f"{prompts / 'broken.yaml'}:5: prompts.1.id" in result.stdout
    assert f"{prompts / 'broken.yaml'}:6: prompts.1.text" in result.stdout


def test_serve_refuses_a_port_in_use(filled: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        before = folder_state(filled)
        result = run_cli("serve", "--port", str(port), "--no-browser", data_dir=filled, timeout=60)
    assert_one_clear_line(result, contains=f"Port {port} on 127.0.0.1 is already in use")
    assert folder_state(filled) == before


def test_serve_refuses_an_unwritable_data_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o700)
    with immutable(folder):
        result = run_cli("serve", "--no-browser", "--port", "1", data_dir=folder, timeout=60)
        assert list(folder.iterdir()) == []
    assert_one_clear_line(result, contains="choose another")


def test_serve_refuses_a_corrupt_journal_and_keeps_it(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    (folder / "journal.sqlite3").write_bytes(b"not a database" * 1000)
    before = (folder / "journal.sqlite3").read_bytes()
    result = run_cli("serve", "--no-browser", data_dir=folder, timeout=60)
    assert_one_clear_line(result, contains="damaged")
    assert (folder / "journal.sqlite3").read_bytes() == before
    assert len(list(folder.glob("journal.sqlite3.damaged-*"))) == 1


def test_export_to_an_unwritable_place_explains(filled: Path, tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    with immutable(target):
        result = run_cli("export", "-o", str(target / "j.json"), data_dir=filled)
    assert_one_clear_line(result, contains="nothing was written")
