"""The course file, progress from the journal, the progress card, the trainer's summary and the badge.

What each asserts is what a trainee or trainer would see: the status a journal
gives, the bytes a card holds, the counts a summary prints, the exit a badge
check gives, and one sentence for every bad input.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from support import assert_one_clear_line, run_cli

from sbs_training.content import check_all, load, load_course
from sbs_training.content.loader import check_course
from sbs_training.course.card import VERSION, current_card, parse_card
from sbs_training.course.progress import activities, progress
from sbs_training.course.summary import HIDDEN, summarise, summary_text
from sbs_training.errors import UserError
from sbs_training.resources import exercises_dir, workbooks_dir
from sbs_training.store.journal import MIGRATIONS, SCHEMA_VERSION, SKIPPED, Journal
from sbs_training.widgets.reflection import ReflectionBox

VALUES = "01-peer-support-values"
DRAMA = "03-drama-triangle-and-empowerment-dynamic"
PHRASE = "Quillwort lantern meridian 7731"
REPO = Path(__file__).resolve().parent.parent


# -- the course file ----------------------------------------------------------------------


def test_every_workbook_notebook_has_an_entry_and_every_id_exists() -> None:
    assert check_course(exercises_dir()) == []
    course = load_course()
    assert [w.id for w in course.workbooks] == sorted(p.stem for p in workbooks_dir().glob("*.ipynb"))
    assert [w.id for w in course.trainer] == sorted(p.stem for p in (workbooks_dir() / "trainer").glob("*.ipynb"))
    teaching = {w.id for w in course.workbooks if w.teaching}
    assert teaching == {w.id for w in course.workbooks} - {"00-welcome", "07-my-journal"}


def test_check_content_names_a_missing_id_and_a_workbook_without_an_entry(tmp_path: Path) -> None:
    root = tmp_path / "exercises"
    shutil.copytree(exercises_dir(), root)
    shutil.copytree(workbooks_dir(), tmp_path / "workbooks")
    (tmp_path / "workbooks" / "14-new-topic.ipynb").write_text("{}", encoding="utf-8")
    text = (root / "course.yaml").read_text(encoding="utf-8")
    (root / "course.yaml").write_text(text.replace("[what-brings-you]", "[what-brings-yu]"), encoding="utf-8")
    problems = [str(p) for p in check_all(root)]
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "what-brings-you" in row)
    assert f"{root / 'course.yaml'}:{line}: 00-welcome: there is no prompt 'what-brings-yu'" in problems[1]
    assert "the workbook 14-new-topic has no entry" in problems[0]
    result = run_cli("check-content", str(root))
    assert result.returncode == 1 and "what-brings-yu" in result.stdout


def test_the_workbooks_own_content_must_have_a_course_file(tmp_path: Path) -> None:
    root = tmp_path / "exercises"
    shutil.copytree(exercises_dir(), root)
    (root / "course.yaml").unlink()
    assert check_course(root, default=True)[0].message.startswith("the course file is missing")
    assert check_course(root, default=False) == []


@pytest.mark.parametrize("workbook", [w.id for w in load_course().workbooks if w.teaching])
def test_each_teaching_workbook_shows_its_outcomes_from_the_course_file_only(workbook: str) -> None:
    cells = json.loads((workbooks_dir() / f"{workbook}.ipynb").read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    words = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert code.count("wb.outcomes()") == 1
    assert code.index("wb.outcomes()") <= 3, "near the top"
    for handwritten in ("you will be able to", "How long it takes", "What you will be able to do"):
        assert handwritten not in words, f"{workbook} still has a hand-written copy: {handwritten!r}"


def test_outcomes_render_from_the_course_file() -> None:
    from sbs_training.pages.workbook import Workbook

    html = Workbook("10-online-and-text-groups").outcomes().data
    entry = load_course().get("10-online-and-text-groups")
    assert f"about {entry.minutes} minutes" in html
    assert html.count("<li>") == len(entry.outcomes)


# -- the journal: schema 4 from schema 3 ----------------------------------------------------


def test_the_visits_table_arrives_by_migration_from_schema_3(tmp_path: Path) -> None:
    assert SCHEMA_VERSION == 4
    path = tmp_path / "journal.sqlite3"
    db = sqlite3.connect(path)
    for migration in MIGRATIONS[:3]:
        db.executescript(migration)
    db.execute(
        "INSERT INTO reflections (workbook, prompt, text, created_at, updated_at, label)"
        " VALUES (?, 'mistrust', 'kept', '2026-11-01T10:00:00+00:00', '2026-11-01T10:00:00+00:00', '')",
        (VALUES,),
    )
    db.execute("PRAGMA user_version = 3")
    db.commit()
    db.close()
    with Journal(tmp_path) as journal:
        assert journal.schema_version() == 4
        assert journal.get_reflection(VALUES, "mistrust").text == "kept"
        assert facts_of(journal).visits == []
        first = journal.record_visit(VALUES)
        again = journal.record_visit(VALUES)
        assert again.first_at == first.first_at and again.last_at >= first.last_at
        journal.record_visit(DRAMA)
        assert [v.workbook for v in facts_of(journal).visits] == [DRAMA, VALUES]
        journal.erase()
        assert facts_of(journal).visits == []


# -- progress -------------------------------------------------------------------------------


def facts_of(journal: Journal):
    return journal.progress_facts(activities(load_course()))


def test_progress_not_started_started_done(journal: Journal) -> None:
    course = load_course()
    fresh = progress(course, facts_of(journal))
    assert {w.status for w in fresh.workbooks.values()} == {"not started"}
    assert fresh.last_visited is None

    journal.save_reflection(VALUES, "peer-support-in-my-words", "Side by side.", editor="a")
    assert progress(course, facts_of(journal)).workbooks[VALUES].status == "started"

    journal.save_reflection(VALUES, "value-that-matters-most", "Choice.", editor="a")
    journal.set_answer(VALUES, SKIPPED, "mistrust", True)
    for statement in load("sorts", "person-centred").items[:-1]:
        journal.set_answer(VALUES, "person-centred", statement.id, {"placed": statement.answer})
    nearly = progress(course, facts_of(journal)).workbooks[VALUES]
    assert (nearly.status, nearly.missing) == ("started", 1)
    last = load("sorts", "person-centred").items[-1]
    journal.set_answer(VALUES, "person-centred", last.id, {"placed": last.answer})
    done = progress(course, facts_of(journal)).workbooks[VALUES]
    assert done.status == "done" and done.done_on == date.today()

    journal.set_answer(VALUES, SKIPPED, "mistrust", False)  # unskipped: derived again, not stored
    assert progress(course, facts_of(journal)).workbooks[VALUES].status == "started"
    journal.save_reflection(VALUES, "peer-support-in-my-words", "   ", editor="a")  # emptied
    assert progress(course, facts_of(journal)).workbooks[VALUES].missing == 2  # and mistrust

    journal.record_visit(DRAMA)
    after = progress(course, facts_of(journal))
    assert after.last_visited == DRAMA and after.workbooks[DRAMA].status == "started"


def test_a_scenario_counts_once_an_ending_is_reached_even_after_starting_again(journal: Journal) -> None:
    scenarios = load_course().get(DRAMA).done.scenarios
    move = {"node": "start", "choice": "x", "role": "coach", "at": "2026-11-02T09:00:00+00:00"}
    journal.set_answer(DRAMA, scenarios[0], "moves", [move])
    assert progress(load_course(), facts_of(journal)).endings == []
    journal.set_answer(DRAMA, scenarios[0], "moves", [move, {**move, "ending": "found-a-way"}])
    journal.set_answer(DRAMA, scenarios[0], "route", [])
    assert progress(load_course(), facts_of(journal)).endings == [(scenarios[0], "found-a-way")]


def test_the_skip_box_saves_and_restores(journal: Journal) -> None:
    box = ReflectionBox(VALUES, "mistrust", "A prompt", journal=journal)
    box.skipped = True
    assert {a.item: a.value for a in journal.answers(VALUES, SKIPPED)} == {"mistrust": True}
    assert "Skipped on purpose" in box.status
    again = ReflectionBox(VALUES, "mistrust", "A prompt", journal=journal)
    assert again.skipped is True
    again.skipped = False
    assert journal.answers(VALUES, SKIPPED)[0].value is False


# -- the card ---------------------------------------------------------------------------------


def filled_journal(journal: Journal) -> Journal:
    """Words everywhere a trainee can write them, and one workbook finished."""
    journal.save_reflection("00-welcome", "what-brings-you", PHRASE, editor="a")
    journal.save_reflection(VALUES, "mistrust", f"Because {PHRASE}", editor="a")
    journal.add_checkin({"energy": 3}, note=PHRASE)
    journal.save_debrief("d1", "2026-11-20", "short", {"note": PHRASE})
    journal.set_answer(DRAMA, "equipment-request", "moves", [{"node": "a", "choice": "b", "role": "coach"}])
    return journal


def test_the_card_holds_ids_and_days_and_nothing_written(journal: Journal) -> None:
    card = current_card(filled_journal(journal), "leeds-2027", today=date(2026, 12, 1))
    text = card.to_json()
    assert PHRASE not in text
    data = json.loads(text)
    assert set(data) == {"format", "version", "cohort", "pseudonym", "made_on", "workbooks_done", "scenario_endings"}
    today = date.today().isoformat()  # a debrief finishes 13, the one reflection 00
    assert data["workbooks_done"] == [{"id": "00-welcome", "on": today}, {"id": "13-after-a-session", "on": today}]
    # The pseudonym is kept per cohort (in the journal, so it travels with an export).
    assert current_card(journal, "leeds-2027").pseudonym == card.pseudonym
    assert current_card(journal, "cardiff-2027").pseudonym != card.pseudonym
    named = current_card(journal, "leeds-2027", name="  Ana   Ngata ")
    assert named.name == "Ana Ngata" and named.pseudonym is None


def good_card(**change: object) -> dict:
    card = {
        "format": "sbs-training-progress-card",
        "version": VERSION,
        "cohort": "leeds-2027",
        "pseudonym": "trainee-0a1b2c3d",
        "made_on": "2026-12-01",
        "workbooks_done": [{"id": VALUES, "on": "2026-11-20"}],
        "scenario_endings": [],
    }
    card.update(change)
    return card


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"note": PHRASE}, "it holds 'note'"),
        ({"workbooks_done": [{"id": VALUES, "on": "2026-11-20", "reflection": PHRASE}]}, "which a progress card"),
        ({"workbooks_done": [{"id": "my-secret-thoughts", "on": "2026-11-20"}]}, "is not a workbook"),
        ({"workbooks_done": [{"id": PHRASE, "on": "2026-11-20"}]}, "not in the expected form"),
        ({"scenario_endings": [{"scenario": "equipment-request", "ending": "made-up"}]}, "not a scenario ending"),
        ({"made_on": "2026-12-01T23:14:00"}, "dates are days"),
        ({"pseudonym": PHRASE}, "not in the expected form"),
        ({"name": "Ana"}, "exactly one of them"),
        ({"cohort": PHRASE}, "not in the expected form"),
    ],
)
def test_the_card_model_refuses_anything_but_ids_and_days(change: dict, says: str) -> None:
    with pytest.raises(UserError) as refused:
        parse_card(json.dumps(good_card(**change)))
    assert says in str(refused.value)
    assert PHRASE not in str(refused.value) or "expected form" in str(refused.value)


# -- the summary --------------------------------------------------------------------------------


def cards_for(count: int, workbooks: list[str], start: int = 0) -> list:
    return [
        parse_card(
            json.dumps(
                good_card(
                    pseudonym=f"trainee-{n:08x}",
                    workbooks_done=[{"id": w, "on": "2026-11-20"} for w in workbooks],
                )
            )
        )
        for n in range(start, start + count)
    ]


def test_the_summary_counts_trainees_and_hides_counts_under_five() -> None:
    cards = cards_for(5, [VALUES, "00-welcome"]) + cards_for(2, ["00-welcome"], start=5)
    again = parse_card(json.dumps(good_card(pseudonym="trainee-00000000", made_on="2026-12-02")))
    summary = summarise([*cards, again])  # the same trainee twice: counted once, from the later card
    counts = {wid: n for wid, _, n in summary.workbooks}
    assert summary.trainees == 7
    assert counts[VALUES] == 5 and counts["00-welcome"] == 6
    text = summary_text(summary)
    assert "Peer support values" in text and "  5\n" in text
    assert re.search(rf"Safety and trauma-informed practice +{HIDDEN}\n", text)
    assert "2026" not in text and "trainee-" not in text  # no dates, no people
    few = summary_text(summarise(cards_for(3, [VALUES])))
    assert "from fewer than 5 trainees" in few and " 3" not in few


# -- the commands ---------------------------------------------------------------------------------


def test_progress_card_command_writes_a_private_card(data_dir: Path, tmp_path: Path) -> None:
    with Journal(data_dir) as journal:
        filled_journal(journal)
    out = tmp_path / "card.json"
    result = run_cli("progress-card", "-o", str(out), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert PHRASE not in out.read_text(encoding="utf-8")
    assert parse_card(out.read_text(encoding="utf-8")).workbooks_done[0].id == "00-welcome"
    shown = run_cli("progress-card", "--name", "Ana", data_dir=data_dir)
    assert json.loads(shown.stdout)["name"] == "Ana"
    refused = run_cli("progress-card", "--name", PHRASE, data_dir=data_dir)
    assert_one_clear_line(refused, contains="can't go on the card")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"format": "sbs-training-prog', "isn't valid JSON"),
        (json.dumps(good_card(version=VERSION + 1, surprise=True)), "made by a newer version"),
        (json.dumps({"format": "sbs-training-journal", "version": 2}), "is not a progress card"),
        (json.dumps(good_card(note=PHRASE)), "damaged or was changed by hand"),
    ],
)
def test_cohort_summary_refuses_a_bad_card_in_one_sentence(tmp_path: Path, content: str, says: str) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(good_card()), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert_one_clear_line(run_cli("cohort", "summary", str(good), str(bad)), contains=says)


def test_a_badge_round_trips_and_a_tampered_one_fails(tmp_path: Path) -> None:
    import base64

    keys, other = tmp_path / "keys", tmp_path / "other"
    assert run_cli("badge", "keygen", "--out-dir", str(keys)).returncode == 0
    assert run_cli("badge", "keygen", "--out-dir", str(other)).returncode == 0
    assert stat.S_IMODE((keys / "badge-key.pem").stat().st_mode) == 0o600
    card = tmp_path / "card.json"
    card.write_text(json.dumps(good_card()), encoding="utf-8")
    badge = tmp_path / "badge.jwt"
    issued = run_cli("badge", "issue", str(card), "--key", str(keys / "badge-key.pem"), "-o", str(badge))
    assert issued.returncode == 0, issued.stderr

    header, payload, signature = badge.read_text().strip().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    assert "OpenBadgeCredential" in claims["type"] and claims["iss"] == claims["issuer"]["id"]
    assert claims["credentialSubject"]["achievement"]["tag"] == [VALUES]
    assert "No reflections" in claims["credentialSubject"]["achievement"]["description"]
    assert claims["iss"].startswith("did:key:z6Mk")
    verified = run_cli("badge", "verify", str(badge), "--public-key", str(keys / "badge-key.pub.pem"))
    assert verified.returncode == 0 and "Valid" in verified.stdout

    claims["credentialSubject"]["achievement"]["tag"].append("03-drama-triangle-and-empowerment-dynamic")
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    tampered = tmp_path / "tampered.jwt"
    tampered.write_text(f"{header}.{forged}.{signature}\n")
    pub = str(keys / "badge-key.pub.pem")
    assert_one_clear_line(run_cli("badge", "verify", str(tampered), "--public-key", pub), contains="does not check out")
    assert_one_clear_line(
        run_cli("badge", "verify", str(badge), "--public-key", str(other / "badge-key.pub.pem")),
        contains="signed with another key",
    )


@pytest.mark.parametrize("command", ["issue", "verify"])
def test_a_key_that_is_not_a_key_gets_one_sentence(tmp_path: Path, command: str) -> None:
    card = tmp_path / "card.json"
    card.write_text(json.dumps(good_card()), encoding="utf-8")
    not_a_key = tmp_path / "key.pem"
    not_a_key.write_text("-----BEGIN NONSENSE-----\nhello\n", encoding="utf-8")
    if command == "issue":
        result = run_cli("badge", "issue", str(card), "--key", str(not_a_key), "-o", str(tmp_path / "b.jwt"))
        assert_one_clear_line(result, contains="is not a badge signing key")
        assert not (tmp_path / "b.jwt").exists()
    else:
        result = run_cli("badge", "verify", str(card), "--public-key", str(not_a_key))
        assert_one_clear_line(result, contains="is not a badge public key")


def test_badge_keygen_never_overwrites_a_key(tmp_path: Path) -> None:
    assert run_cli("badge", "keygen", "--out-dir", str(tmp_path)).returncode == 0
    before = (tmp_path / "badge-key.pem").read_bytes()
    assert_one_clear_line(run_cli("badge", "keygen", "--out-dir", str(tmp_path)), contains="already exists")
    assert (tmp_path / "badge-key.pem").read_bytes() == before


def test_the_trainer_workbook_summarises_uploaded_cards_and_names_the_bad_ones() -> None:
    from sbs_training.pages.trainer import card_summary
    from sbs_training.pages.workbook import Workbook

    box = card_summary(Workbook("01-running-a-cohort"))
    upload, shown = box.children
    files = [
        {
            "name": f"card-{n}.json",
            "type": "application/json",
            "size": 1,
            "content": json.dumps(c.model_dump(mode="json", exclude_none=True)).encode(),
            "last_modified": datetime(2026, 12, 1, tzinfo=UTC),
        }
        for n, c in enumerate(cards_for(5, [VALUES]) + cards_for(1, ["00-welcome"], start=5))
    ]
    files.append(
        {
            "name": "notes.json",
            "type": "",
            "size": 1,
            "content": b'{"text": "' + PHRASE.encode() + b'"}',
            "last_modified": datetime(2026, 12, 1, tzinfo=UTC),
        }
    )
    upload.value = tuple(files)
    assert "Progress cards from <strong>6</strong> trainees" in shown.value
    assert "<th scope='row'>Peer support values</th><td>5</td>" in shown.value
    assert f"<th scope='row'>Welcome to Side by Side Training</th><td>{HIDDEN}</td>" in shown.value
    assert "notes.json is not a progress card" in shown.value
    assert PHRASE not in shown.value


def test_on_a_jupyter_server_the_card_page_is_behind_jupyters_login(tmp_path: Path) -> None:
    """As Binder and JupyterHub run it: the extension configure_jupyter_server enables, behind the token."""
    import os
    import secrets
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    from support import free_port

    config = tmp_path / "jupyter_server_config.py"
    config.write_text(
        "from sbs_training.server.jupyter_setup import configure_jupyter_server\nconfigure_jupyter_server(c)\n"
    )
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "SBS_TRAINING_DATA_DIR": str(tmp_path / "data"), "JUPYTER_CONFIG_DIR": str(tmp_path)}
    log = tmp_path / "server.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "server", "--allow-root", "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={REPO}"],
        env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip

    def get(path: str) -> tuple[int, str]:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
        opener = urllib.request.build_opener(NoRedirect())
        try:
            with opener.open(request, timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if get("/api/status")[0] in (200, 403):
                    break
            except OSError:
                time.sleep(0.3)
            assert server.poll() is None, log.read_text()
        status, body = get("/sbs/progress-card")
        assert status in (302, 403), (status, body[:300])
        assert "workbooks_done" not in body
        status, body = get(f"/sbs/progress-card?token={token}")
        assert status == 200, log.read_text()
        assert "Exactly what will be saved" in body and '"workbooks_done": []' in body.replace("&quot;", '"')
    finally:
        server.terminate()
        server.wait(timeout=30)
