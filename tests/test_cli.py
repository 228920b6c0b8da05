"""The ``sbs-training`` command, run through its real entry point, as a person would run it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from support import assert_one_clear_line, export_json, folder_state, run_cli

from sbs_training.exchange import FORMAT
from sbs_training.store.journal import Journal

VERBS = ["serve", "export", "import", "erase", "check-content"]


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
    assert data["format"] == FORMAT and data["version"] == 2 and data["exported_at"]
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
