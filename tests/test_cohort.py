"""Running a cohort: cohort.toml, `sbs-training cohort`, the activity library, the planner and its widgets."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from support import REPO, cli_path, run_cli

from sbs_training import config
from sbs_training.cohort import binder_link, welcome_message, workbook_list
from sbs_training.content import check_all, load_all
from sbs_training.errors import UserError
from sbs_training.server import jupyter_setup
from sbs_training.sessions import planner
from sbs_training.store.journal import Journal

GOOD = """\
organisation = "Riverside Peer Support"
contact = "Ana and Sam, 01234 567890"
welcome = \"\"\"
Welcome to the Riverside cohort.

We meet on Tuesdays.
\"\"\"
workbooks = ["00-welcome"]

[[helplines]]
region = "Riverside"
name = "Riverside Listening Line"
number = "0800 123 4567"
text = "81234"
hours = "Evenings"
checked = 2026-11-01
"""


@pytest.fixture(autouse=True)
def fresh_config(monkeypatch):
    """Each test reads settings afresh, and never a cohort.toml lying at the repository root."""
    monkeypatch.delenv(config.ENV_CONFIG, raising=False)
    monkeypatch.setattr(config, "default_config_path", lambda: Path("/nonexistent/cohort.toml"))
    config.load_config.cache_clear()
    yield
    config.load_config.cache_clear()


def write(tmp_path: Path, text: str, name: str = "cohort.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(config.ConfigError) as caught:
        config.load_config(str(path))
    return caught.value.problems


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


# -- cohort.toml --------------------------------------------------------------------------


def test_defaults_alone_are_valid_and_list_every_workbook():
    settings = config.load_config()
    assert [h.name for h in settings.helplines][:1] == ["Samaritans"]
    assert settings.trainee_order() == config.trainee_workbook_ids()
    assert "03-session-planner" in settings.trainer_order()


def test_a_trainers_file_replaces_what_it_names(tmp_path):
    settings = config.load_config(str(write(tmp_path, GOOD)))
    assert settings.organisation == "Riverside Peer Support"
    assert [h.name for h in settings.helplines] == ["Riverside Listening Line"]
    assert settings.trainee_order() == ["00-welcome"]
    assert settings.emergency, "emergency numbers not named in the file keep their defaults"


def test_the_environment_and_the_repository_root_are_found(tmp_path, monkeypatch):
    path = write(tmp_path, GOOD)
    monkeypatch.setattr(config, "default_config_path", lambda: path)
    assert config.find_config() == path
    other = write(tmp_path, GOOD.replace("Riverside Peer", "Hillside Peer"), "other.toml")
    monkeypatch.setenv(config.ENV_CONFIG, str(other))
    assert config.find_config() == other
    assert config.find_config(str(path)) == path


def test_broken_toml_points_at_its_line(tmp_path):
    path = write(tmp_path, GOOD.replace('name = "Riverside Listening Line"', 'name = "Riverside Listening Line'))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(path, 'name = ')}: ")
    assert "not valid TOML" in problem


def test_missing_helpline_fields_point_at_the_helpline(tmp_path):
    text = GOOD + '\n[[helplines]]\nregion = "Riverside"\nname = "Second line"\n'
    path = write(tmp_path, text)
    problems = problems_of(path)
    header = [n for n, line in enumerate(text.splitlines(), start=1) if line == "[[helplines]]"][1]
    assert any(p.startswith(f"{path}:{header}: helpline 2 (Second line) has no number") for p in problems)
    assert any(
        p.startswith(f"{path}:{header}: ") and "has no checked; add a line such as checked = 20" in p for p in problems
    ), problems


def test_wrong_values_point_at_their_own_lines(tmp_path):
    text = (
        GOOD.replace('workbooks = ["00-welcome"]', 'workbooks = [\n    "00-welcome",\n    "99-not-here",\n]')
        .replace("checked = 2026-11-01", 'checked = "last week"\nphone = "123"')
        .replace("organisation =", "organization =")
    )
    path = write(tmp_path, text)
    problems = problems_of(path)
    expected = {
        line_of(path, '"99-not-here"'): "there is no workbook called '99-not-here'",
        line_of(path, "checked ="): "must be a date",
        line_of(path, "phone ="): "'phone' is not a setting",
        line_of(path, "organization ="): "'organization' is not a setting",
    }
    for line, words in expected.items():
        assert any(p.startswith(f"{path}:{line}: ") and words in p for p in problems), (line, words, problems)


def test_a_workbook_listed_twice_is_refused(tmp_path):
    path = write(tmp_path, GOOD.replace('["00-welcome"]', '["00-welcome", "00-welcome"]'))
    [problem] = problems_of(path)
    assert "listed twice" in problem and problem.startswith(f"{path}:{line_of(path, 'workbooks =')}:")


def test_no_helplines_at_all_is_refused(tmp_path):
    path = write(tmp_path, "helplines = []\n")
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:1: ") and "at least one helpline" in problem


def test_help_panel_and_welcome_use_the_cohort_and_escape_it(tmp_path, monkeypatch):
    from sbs_training.cohort.help_panel import help_panel_html

    text = GOOD.replace("Riverside Peer Support", "<b>Riverside</b>").replace(
        "Welcome to the Riverside cohort.", "Welcome <script>alert(1)</script>"
    )
    path = write(tmp_path, text)
    monkeypatch.setenv(config.ENV_CONFIG, str(path))
    panel = help_panel_html(config.load_config())
    assert "Riverside Listening Line" in panel and "Samaritans" not in panel
    assert "<b>" not in panel and "&lt;b&gt;Riverside&lt;/b&gt;" in panel
    welcome = welcome_message.welcome_html()
    assert "<script>" not in welcome and "&lt;script&gt;" in welcome
    assert welcome.count("<p>") == 2, "paragraphs stay paragraphs"


def test_no_welcome_message_shows_nothing():
    from sbs_training.pages import Workbook
    from sbs_training.pages.welcome import welcome

    assert welcome_message.welcome_html() == ""
    assert welcome(Workbook("00-welcome")) is None


# -- sbs-training cohort init / check ---------------------------------------------------------


def test_cohort_init_writes_a_valid_commented_template_and_never_overwrites(tmp_path):
    target = tmp_path / "cohort.toml"
    done = run_cli("cohort", "init", str(target))
    assert done.returncode == 0, done.stderr
    text = target.read_text()
    assert text.count("\n#") > 10, "the template explains itself in comments"
    settings = config.load_config(str(target))
    assert settings.trainee_order() == config.trainee_workbook_ids()
    target.write_text("# mine\n")
    again = run_cli("cohort", "init", str(target))
    assert again.returncode == 1 and "already exists" in again.stderr and "--force" in again.stderr
    assert target.read_text() == "# mine\n"
    forced = run_cli("cohort", "init", str(target), "--force")
    assert forced.returncode == 0 and target.read_text() == text


def test_cohort_check_reports_file_and_line(tmp_path):
    good = run_cli("cohort", "check", str(write(tmp_path, GOOD)))
    assert good.returncode == 0 and "Riverside Peer Support" in good.stdout
    bad_path = write(tmp_path, GOOD.replace('number = "0800 123 4567"\n', ""), "bad.toml")
    bad = run_cli("cohort", "check", str(bad_path))
    assert bad.returncode == 1
    assert f"{bad_path}:{line_of(bad_path, '[[helplines]]')}: helpline 1 (Riverside Listening Line) has no number" in (
        bad.stderr
    )
    assert "Traceback" not in bad.stderr


# -- sbs-training cohort link -------------------------------------------------------------------

WELCOME = "?urlpath=voila%2Ftree%2Fworkbooks"


@pytest.mark.parametrize(
    ("remote", "path"),
    [
        ("https://github.com/side-by-side/sbs-training", "gh/side-by-side/sbs-training"),
        ("https://github.com/side-by-side/sbs-training.git", "gh/side-by-side/sbs-training"),
        ("https://someone:ghp_secret@github.com/side-by-side/sbs-training.git", "gh/side-by-side/sbs-training"),
        ("git@github.com:side-by-side/sbs-training.git", "gh/side-by-side/sbs-training"),
        ("ssh://git@github.com/side-by-side/sbs-training.git", "gh/side-by-side/sbs-training"),
        ("side-by-side/sbs-training", "gh/side-by-side/sbs-training"),
        ("git@gitlab.com:group/sub/sbs-training.git", "gl/group%2Fsub%2Fsbs-training"),
        ("https://git.example.org/peer/sbs-training", "git/https%3A%2F%2Fgit.example.org%2Fpeer%2Fsbs-training.git"),
    ],
)
def test_binder_links_for_many_remotes(remote, path):
    url = binder_link.binder_url(binder_link.parse_repository(remote), "main")
    assert url == f"https://mybinder.org/v2/{path}/main{WELCOME}"
    assert "secret" not in url


@pytest.mark.parametrize("remote", ["", "not a url", "git@example.org:peer/sbs.git", "https://github.com/only-owner"])
def test_remotes_binder_cannot_use_are_refused_in_a_sentence(remote):
    with pytest.raises(UserError):
        binder_link.parse_repository(remote)


def test_binder_link_to_one_workbook_and_a_branch_with_a_slash():
    repo = binder_link.parse_repository("side-by-side/sbs")
    url = binder_link.binder_url(repo, "cohort/2026", "trainer/03-session-planner")
    assert url == (
        "https://mybinder.org/v2/gh/side-by-side/sbs/cohort%2F2026"
        "?urlpath=voila%2Frender%2Fworkbooks%2Ftrainer%2F03-session-planner.ipynb"
    )
    assert binder_link.badge_markdown(url) == f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({url})"


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


def _link(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([cli_path(), "cohort", "link", *args], cwd=folder, capture_output=True, text=True, timeout=60)


def test_cohort_link_reads_the_git_remote(tmp_path):
    _git(tmp_path, "init", "-q", "-b", "spring-cohort")
    _git(tmp_path, "remote", "add", "origin", "git@github.com:riverside/sbs-training.git")
    done = _link(tmp_path)
    assert done.returncode == 0, done.stderr
    url = f"https://mybinder.org/v2/gh/riverside/sbs-training/spring-cohort{WELCOME}"
    assert url in done.stdout
    assert f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({url})" in done.stdout
    one = _link(tmp_path, "--ref", "main", "--workbook", "00-welcome")
    assert "v2/gh/riverside/sbs-training/main?urlpath=voila%2Frender%2Fworkbooks%2F00-welcome.ipynb" in one.stdout
    wrong = _link(tmp_path, "--workbook", "99-nothing")
    assert wrong.returncode == 1 and "no workbook called '99-nothing'" in wrong.stderr


def test_cohort_link_without_a_remote_says_so(tmp_path):
    _git(tmp_path, "init", "-q")
    done = _link(tmp_path)
    assert done.returncode == 1
    assert "no git remote called origin" in done.stderr and "--repo" in done.stderr
    assert "Traceback" not in done.stderr
    given = _link(tmp_path, "--repo", "https://github.com/riverside/sbs-training", "--ref", "main")
    assert given.returncode == 0 and f"v2/gh/riverside/sbs-training/main{WELCOME}" in given.stdout


# -- the workbook list page -----------------------------------------------------------------------


class _Contents:
    def __init__(self, root: Path) -> None:
        self.root_dir = str(root)


def test_list_page_hook_follows_the_cohort_order_in_serve_and_on_binder(tmp_path, monkeypatch):
    from sbs_training.resources import workbooks_dir

    text = GOOD.replace(
        'workbooks = ["00-welcome"]',
        'workbooks = ["01-peer-support-values", "00-welcome"]\n'
        'trainer_workbooks = ["03-session-planner", "01-running-a-cohort"]',
    )
    path = write(tmp_path, text)
    monkeypatch.setenv(config.ENV_CONFIG, str(path))
    served = workbook_list.page_config_hook({}, "/", {"contents_manager": _Contents(workbooks_dir())}, notebook_path="")
    page = served[workbook_list.PAGE_CONFIG_KEY]
    assert [w["id"] for w in page["trainee"]] == ["01-peer-support-values", "00-welcome"]
    assert [w["id"] for w in page["trainer"]] == ["03-session-planner", "01-running-a-cohort"]
    assert page["trainee"][0]["href"] == "/voila/render/01-peer-support-values.ipynb"
    assert "Riverside Listening Line" in page["help_html"]
    binder = workbook_list.page_config_hook(
        {}, "/user/x/", {"contents_manager": _Contents(workbooks_dir().parent)}, notebook_path="workbooks"
    )
    assert binder[workbook_list.PAGE_CONFIG_KEY]["trainer"][0]["href"] == (
        "/user/x/voila/render/workbooks/trainer/03-session-planner.ipynb"
    )
    elsewhere = workbook_list.page_config_hook(
        {}, "/", {"contents_manager": _Contents(workbooks_dir())}, notebook_path="trainer"
    )
    assert workbook_list.PAGE_CONFIG_KEY not in elsewhere
    notebook = workbook_list.page_config_hook(
        {}, "/", {"contents_manager": _Contents(workbooks_dir())}, notebook_path="00-welcome.ipynb"
    )
    assert workbook_list.PAGE_CONFIG_KEY not in notebook


def test_list_template_renders_the_cohort_escaped(tmp_path, monkeypatch):
    import jinja2

    from sbs_training.resources import workbooks_dir

    path = write(tmp_path, GOOD.replace("Riverside Peer Support", "Riverside <i>Peer</i>"))
    monkeypatch.setenv(config.ENV_CONFIG, str(path))
    page_config = workbook_list.page_config_hook(
        {}, "/", {"contents_manager": _Contents(workbooks_dir())}, notebook_path=""
    )
    folder = jupyter_setup.template_root() / "voila" / "templates" / jupyter_setup.TEMPLATE_NAME
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True)
    html = env.get_template("tree-lab.html").render(page_config=page_config, contents={"content": []}, breadcrumbs=[])
    assert "Riverside &lt;i&gt;Peer&lt;/i&gt;" in html and "<i>Peer</i>" not in html
    assert html.index("Your workbooks") < html.index("00-welcome") < html.index("For trainers")
    assert "Riverside Listening Line" in html


def test_a_broken_cohort_file_shows_one_sentence_on_the_list_page(tmp_path, monkeypatch):
    from sbs_training.resources import workbooks_dir

    path = write(tmp_path, "helplines = []\n")
    monkeypatch.setenv(config.ENV_CONFIG, str(path))
    page = workbook_list.page_config_hook({}, "/", {"contents_manager": _Contents(workbooks_dir())}, notebook_path="")
    assert page[workbook_list.PAGE_CONFIG_KEY]["error"].startswith("The cohort settings can't be used: ")
    assert f"{path}:1:" in page[workbook_list.PAGE_CONFIG_KEY]["error"]


# -- the activity library ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    return {a.id: a for a in load_all("activities")}


def test_every_activity_is_valid_and_the_library_is_full_enough(library):
    activities_dir = REPO / "exercises" / "activities"
    assert [p for p in check_all(REPO / "exercises") if activities_dir in p.file.parents] == []
    assert len(library) >= 8
    for needed in ("energy-exchange", "human-knot", "opening-round-safety", "group-agreement", "word-meanings"):
        assert needed in library
    assert any("closing" in a.phases for a in library.values())
    assert any("opening" in a.phases and "safe" in a.title.lower() for a in library.values())


def test_energy_exchange_has_the_toolkits_sizes_and_timings(library):
    a = library["energy-exchange"]
    assert a.group.minimum == 3
    assert (a.timing.brief.low, a.timing.brief.high) == (5, 5)
    assert (a.timing.do.low, a.timing.do.high) == (5, 10)
    assert (a.timing.debrief.low, a.timing.debrief.high) == (5, 10)
    assert a.touch is False
    assert "None" in a.preparation or "Nothing" in a.preparation
    assert "indoors or outdoors" in a.space


def test_human_knot_has_the_toolkits_sizes_timings_and_variants(library):
    a = library["human-knot"]
    assert a.group.minimum == 4 and a.group.ideal == (8, 12)
    assert (a.timing.brief.low, a.timing.brief.high) == (5, 5)
    assert (a.timing.do.low, a.timing.do.high) == (10, 20)
    assert (a.timing.debrief.low, a.timing.debrief.high) == (5, 5)
    assert (a.timing.low, a.timing.high) == (20, 30)
    assert a.touch is True
    for word in ("scarf", "rope", "sewing thread"):
        assert word in a.adaptations.touch_free
    assert any("hurt" in s or "injur" in s for s in a.safety)


def test_a_broken_activity_is_refused_with_file_and_line(tmp_path):
    root = tmp_path / "exercises"
    (root / "activities").mkdir(parents=True)
    good = REPO / "exercises" / "activities" / "energy-exchange.yaml"
    shutil.copy(good, root / "activities" / "energy-exchange.yaml")
    text = good.read_text()
    text = text.replace("id: energy-exchange", "id: energy-swap")
    text = text.replace("  ideal: [5, 15]", "  ideal: [15, 5]")
    text = text.replace("  do: [5, 10]", "  do: [10, 5]")
    text = text.replace(
        "  low_energy: Skip the brisk rubbing; simply hold the palms up for a minute and breathe.\n", ""
    )
    broken = root / "activities" / "broken.yaml"
    broken.write_text(text)
    problems = [p for p in check_all(root) if p.file == broken]
    lines = text.splitlines()

    def at(needle: str) -> int:
        return next(n for n, line in enumerate(lines, start=1) if line.startswith(needle))

    found = {(p.line, p.message.split(":")[0]) for p in problems}
    assert (at("  ideal:"), "group.ideal") in found, problems
    assert (at("  do:"), "timing.do") in found, problems
    assert (at("  touch_free:"), "adaptations.low_energy") in found, problems  # the loader points into the mapping
    done = run_cli("check-content", str(root))
    assert done.returncode == 1 and f"{broken}:{at('  do:')}: timing.do" in done.stdout


def test_activity_ids_must_match_their_file(tmp_path):
    root = tmp_path / "exercises"
    (root / "activities").mkdir(parents=True)
    text = (REPO / "exercises" / "activities" / "closing-round.yaml").read_text()
    (root / "activities" / "ending.yaml").write_text(text)
    [problem] = check_all(root)
    assert problem.line == next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("id:"))
    assert "must match the file name 'ending'" in problem.message


# -- the planner ---------------------------------------------------------------------------------


def plan(items, minutes=90, group=6, title="Week 1"):
    return {"title": title, "minutes": minutes, "group": group, "items": items}


def act(name, touch_free=False):
    return {"activity": name, "touch_free": touch_free}


def codes(found):
    return sorted(w.code for w in found)


def test_timeline_adds_up_with_the_longer_end_of_each_range(library):
    p = plan([act("opening-round-safety"), act("energy-exchange"), {"break": 10}, act("closing-round")])
    slots = planner.timeline(p, library)
    assert [(s.start, s.end) for s in slots] == [(0, 22), (22, 47), (47, 57), (57, 73)]
    assert planner.totals(slots) == (9 + 15 + 10 + 7, 73)
    assert planner.clock(73) == "1:13"
    assert planner.warnings(p, library) == [w for w in planner.warnings(p, library) if w.level == "note"]


def test_warnings_fire_for_each_problem(library):
    small = plan([act("opening-round-safety"), act("human-knot"), act("closing-round")], group=3)
    assert "group-too-small" in codes(planner.warnings(small, library))
    assert "touch" in codes(planner.warnings(small, library))
    touch_free = plan([act("opening-round-safety"), act("human-knot", True), act("closing-round")], group=8)
    assert [w for w in planner.warnings(touch_free, library) if w.level == "warning"] == []
    no_ends = plan([act("inspiring-people")])
    assert {"no-opening", "no-closing"} <= set(codes(planner.warnings(no_ends, library)))
    over = plan(
        [act("opening-round-safety"), act("word-meanings"), act("inspiring-people"), act("closing-round")], minutes=60
    )
    [over_time] = [w for w in planner.warnings(over, library) if w.code == "over-time"]
    assert over_time.level == "warning" and "60" in over_time.text
    way_over = plan([act("group-agreement")] * 3, minutes=30)
    assert "even at its quickest" in next(w.text for w in planner.warnings(way_over, library) if w.code == "over-time")
    assert planner.warnings(plan([]), library) == []


def test_clean_plan_refuses_what_a_page_could_send(library):
    assert planner.clean_plan(plan([act("human-knot")]), library) == plan([act("human-knot")])
    for bad in (
        plan([act("no-such-thing")]),
        plan([], minutes=5),
        plan([], group=0),
        plan([], minutes=True),
        plan([{"break": 500}]),
        plan([{"activity": "human-knot", "touch_free": "yes"}]),
        plan([{"activity": "human-knot", "extra": 1}]),
        plan([act("human-knot")] * 41),
        plan([], title="x" * 200),
        {**plan([]), "surprise": 1},
        "a string",
    ):
        with pytest.raises(ValueError):
            planner.clean_plan(bad, library)
    assert planner.clean_plan(plan([], title="Tab\x00s"), library)["title"] == "Tabs"


def test_filters_match_group_time_touch_and_online(library):
    knot = library["human-knot"]
    assert planner.matches(knot)
    assert not planner.matches(knot, group=3) and planner.matches(knot, group=4)
    assert not planner.matches(knot, minutes=19) and planner.matches(knot, minutes=20)
    assert not planner.matches(knot, touch_free=True)
    assert not planner.matches(knot, online=True)
    assert planner.matches(library["word-meanings"], online=True, touch_free=True, group=2)


def test_printable_plan_escapes_and_prints(library):
    p = plan([act("opening-round-safety"), act("human-knot", True), act("closing-round")], title="<script>x</script>")
    html = planner.plan_html(p, library)
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "@media print" in html and "@page" in html
    assert html.index("The human knot") < html.index("Closing round")
    assert "Touch-free version (planned)" in html and "scarf" in html
    assert "0:00 to 0:22" in html
    md = planner.plan_markdown(p, library)
    assert md.startswith("# \\<script>x\\</script>") and "| 0:22 to 0:52 | The human knot (touch-free version) |" in md
    assert "## 0:22 The human knot" in md and "### Touch-free version (planned)" in md  # the same plan as printed


# -- the trainer widgets, without a browser -----------------------------------------------------------


def test_session_planner_builds_saves_and_restores_a_plan(tmp_path, library):
    from sbs_training.widgets.session_planner import SessionPlanner

    journal = Journal(tmp_path / "data")
    widget = SessionPlanner("03-session-planner", "session-plans", journal=journal)
    assert widget.view["slots"] == [] and "Nothing planned yet" in widget.view["total"]
    widget.set_title("Week 1")
    widget.set_length(90)
    widget.set_group(6)
    for name in ("human-knot", "opening-round-safety", "closing-round"):
        widget.add(name)
    widget.add_break(10)
    widget.move(1, -1)  # opening round first
    widget.move(3, -1)  # break before the closing round
    assert [s["title"] for s in widget.view["slots"]][0].startswith("Opening round")
    assert widget.view["slots"][2]["title"] == "Break"
    assert "touch" in [w["code"] for w in widget.view["warnings"]]
    widget.set_touch_free(1, True)
    assert "touch" not in [w["code"] for w in widget.view["warnings"]]
    assert widget.view["total"] == "Planned: 78 of 90 minutes (46 at the quickest). 12 minutes spare."
    assert widget.status.startswith("Saved")
    first = widget.current

    again = SessionPlanner("03-session-planner", "session-plans", journal=journal)
    assert again.current == first and again.plan == widget.plan
    second = again.new_plan()
    again.set_title("Week 2")
    assert {p["title"] for p in again.view["plans"]} == {"Week 1", "Week 2"}
    again.open_plan(first)
    assert again.view["title"] == "Week 1"
    assert second in {a.item for a in journal.answers("03-session-planner", "session-plans")}
    assert "Week 1" in again.as_html() and again.as_markdown().startswith("# Week 1")


def test_session_planner_refuses_bad_input_from_the_page(tmp_path):
    from sbs_training.widgets.session_planner import SessionPlanner

    journal = Journal(tmp_path / "data")
    widget = SessionPlanner("03-session-planner", "session-plans", journal=journal)
    widget.add("closing-round")
    before = dict(widget.answers)
    widget.answers = {**before, widget.current: {"title": "x", "minutes": 5, "group": 1, "items": []}}
    assert widget.answers == before
    widget.answers = {**before, "../../etc": widget.plan}
    assert widget.answers == before
    for message in (
        "nonsense",
        {"type": "add", "activity": "<img src=x>"},
        {"type": "remove", "index": 99},
        {"type": "move", "index": 0, "by": -1},
        {"type": "minutes", "value": "ninety"},
        {"type": "group", "value": 100000},
        {"type": "touch_free", "index": 0, "value": "yes"},
        {"type": "open", "plan": "plan-missing"},
    ):
        widget._on_msg(widget, message, [])
    assert widget.answers == before
    saved = journal.answers("03-session-planner", "session-plans")
    assert [a.value for a in saved] == [widget.plan]
    widget._on_msg(widget, {"type": "minutes", "value": 60}, [])
    assert widget.plan["minutes"] == 60


def test_activity_browser_filters_and_remembers(tmp_path, library):
    from sbs_training.widgets.activity_browser import ActivityBrowser

    journal = Journal(tmp_path / "data")
    browser = ActivityBrowser("02-activity-browser", "activity-browser", journal=journal)
    assert len(browser.shown) == len(library)
    browser.set_filters(group=3, touch_free=True)
    assert "human-knot" not in browser.shown and "energy-exchange" in browser.shown
    browser.answers = {"filters": {"group": "lots", "minutes": None, "touch_free": False, "online": False}}
    assert browser.filters["group"] == 3
    again = ActivityBrowser("02-activity-browser", "activity-browser", journal=journal)
    assert again.filters == {"group": 3, "minutes": None, "touch_free": True, "online": False}
    assert again.shown == browser.shown
    cards = {c["id"]: c for c in again.activities}
    assert cards["human-knot"]["minutes"] == "20 to 30"
    assert json.dumps(cards)  # plain JSON for the page
