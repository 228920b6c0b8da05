"""Every widget's front end, with the kit joined in front, is a valid ES module.

The kit (widgets/kit.js) and each widget's module share one scope once joined, so a
helper defined twice, or a syntax slip, would stop the widget drawing at all. Node's
own parser checks each joined module as the browser would load it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sbs_training.widgets.base import widget_module

WIDGETS = Path(__file__).resolve().parent.parent / "src" / "sbs_training" / "widgets"
MODULES = sorted(p.stem for p in WIDGETS.glob("*.js") if p.stem != "kit")


@pytest.mark.parametrize("name", MODULES)
def test_widget_module_parses_with_the_kit(name: str, tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to check the widget modules (./scripts/test installs it)")
    joined = tmp_path / f"{name}.mjs"
    joined.write_text(widget_module(name), encoding="utf-8")
    result = subprocess.run([node, "--check", str(joined)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_a_helper_defined_twice_is_caught(tmp_path: Path) -> None:
    """The check is real: a module that redefines a kit helper does not parse."""
    joined = tmp_path / "twice.mjs"
    joined.write_text(widget_module("download") + "\nfunction h() {}\n", encoding="utf-8")
    result = subprocess.run([shutil.which("node") or "node", "--check", str(joined)], capture_output=True, text=True)
    assert result.returncode != 0 and "already been declared" in result.stderr


# -- the kit's saver, driven in Node with a stand-in model ----------------------------------------

SAVER_SCRIPT = """
const model = {
  state: { status: "Saved on this computer as you type.", max_text_chars: 10 },
  handlers: {}, sent: [], saved: [],
  get(key) { return this.state[key]; },
  set(key, value) { this.state[key] = value; },
  save_changes() { this.saved.push({ ...this.state }); },
  send(message) { this.sent.push(message); },
  on(event, fn) { (this.handlers[event] = this.handlers[event] || []).push(fn); },
  off(event, fn) { this.handlers[event] = (this.handlers[event] || []).filter((f) => f !== fn); },
  fire(event, arg) { for (const fn of this.handlers[event] || []) fn(arg); },
  kernelSay(text) { this.state.status = text; this.fire("change:status"); },
};
const signal = () => ({
  fns: [],
  connect(fn) { this.fns.push(fn); },
  disconnect(fn) { this.fns = this.fns.filter((f) => f !== fn); },
  emit() { for (const fn of this.fns) fn(); },
});
const kernel = { connectionStatus: "connected", status: "idle" };
kernel.connectionStatusChanged = signal();
kernel.statusChanged = signal();
model.widget_manager = { kernel };
const line = { textContent: "", attrs: {}, setAttribute(k, v) { this.attrs[k] = v; } };
const seen = [];
const look = (what) => seen.push([what, line.textContent, line.attrs["aria-busy"]]);

const saves = saver(model, line);
look("start");
saves.set({ value: "first" }, ["first"]);
const first = model.saved.at(-1).save_token;
look("first sent");
saves.set({ value: "second" }, ["second"]);
const second = model.saved.at(-1).save_token;
model.kernelSay("Saved 10:00.");
look("kernel saved the first");
model.fire("msg:custom", { type: "sbs:saved", token: first });
look("first confirmed");
model.fire("msg:custom", { type: "sbs:saved", token: second });
look("second confirmed");
const before = model.saved.length;
saves.set({ value: "far too long" }, ["far too long"]);
look("too long");
const refusedSent = model.saved.length - before;
saves.set({ value: "😀😀😀😀😀😀😀😀😀😀" }, ["😀😀😀😀😀😀😀😀😀😀"]);  // ten characters, as the journal counts
look("ten emoji sent");
kernel.connectionStatus = "connecting";
kernel.connectionStatusChanged.emit();
look("connection lost");
saves.send({ type: "save", text: "x" }, ["x"]);
saves.act({ type: "add", text: "y" }, ["y"]);
model.fire("msg:custom", { type: "sbs:flushed", token: model.sent.at(-1).token });
look("sent while lost");
saves.stop();
console.log(JSON.stringify({ seen, refusedSent, first, second, sent: model.sent,
  handlersLeft: Object.values(model.handlers).flat().length, kernelLeft: kernel.connectionStatusChanged.fns.length }));
"""


def test_the_saver_says_saved_only_for_the_newest_confirmed_change(tmp_path: Path) -> None:
    script = tmp_path / "saver.mjs"
    script.write_text(widget_module("download") + SAVER_SCRIPT, encoding="utf-8")
    result = subprocess.run([shutil.which("node") or "node", str(script)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    lost = (
        "Your last change was not saved: this page has lost its connection to the workbook. "
        "Copy anything you need from this page before you close it."
    )
    assert out["seen"] == [
        ["start", "Saved on this computer as you type.", "false"],
        ["first sent", "Saving…", "true"],
        ["kernel saved the first", "Saving…", "true"],  # the newest change is still on its way
        ["first confirmed", "Saving…", "true"],  # a confirmation for an older change changes nothing
        ["second confirmed", "Saved 10:00.", "false"],
        [
            "too long",
            "This is longer than 10 characters, so it was not saved; your journal still holds what was saved "
            "before. Please split it into shorter pieces.",
            "false",
        ],
        ["ten emoji sent", "Saving…", "true"],
        ["connection lost", lost, "false"],
        ["sent while lost", lost, "false"],
    ]
    assert out["refusedSent"] == 0
    assert out["first"] != out["second"]
    assert out["sent"][0] == {"type": "save", "text": "x", "save_token": out["sent"][0]["save_token"]}
    assert out["sent"][1]["type"] == "sbs:flush"  # act(): the add goes only after the flush is answered
    assert out["sent"][2]["type"] == "add" and out["sent"][2]["save_token"] not in (out["first"], out["second"])
    assert out["handlersLeft"] == 0 and out["kernelLeft"] == 0


# -- every front end on the kit ---------------------------------------------------------------------


def test_only_the_kit_builds_elements_by_hand() -> None:
    """Widgets make elements with the kit's h() (and its field, option, actionButton, statusLine)."""
    by_hand = [p.name for p in WIDGETS.glob("*.js") if p.stem != "kit" and "createElement" in p.read_text()]
    assert by_hand == []


def test_changes_reach_the_kernel_through_the_saver() -> None:
    """A widget never saves its synced state itself: the saver tags each change so the page can wait for it.

    My journal's search box is the one synced value that saves nothing (a search is not a change).
    """
    direct = sorted(p.stem for p in WIDGETS.glob("*.js") if p.stem != "kit" and "save_changes" in p.read_text())
    assert direct == ["journal_view"]
    assert (WIDGETS / "journal_view.js").read_text().count("save_changes") == 1


def test_every_widget_attaches_the_kit_css_one_way() -> None:
    import importlib

    import anywidget

    kit_css = (WIDGETS / "kit.css").read_text(encoding="utf-8")
    for path in sorted(WIDGETS.glob("*.py")):
        importlib.import_module(f"sbs_training.widgets.{path.stem}")
    widgets = {
        cls
        for cls in _subclasses(anywidget.AnyWidget)
        # A declared widget holds its module as a string; an instance's
        # per-object subclass (anywidget's add_traits) holds a trait instead.
        if cls.__module__.startswith("sbs_training.widgets.") and isinstance(vars(cls).get("_esm"), str)
    }
    assert len(widgets) >= 15
    for cls in widgets:
        assert isinstance(cls._css, str) and cls._css.startswith(kit_css), cls.__name__


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(_subclasses(c) for c in list(found))) if found else found


def test_journal_widgets_send_the_journals_limit_to_the_page(journal) -> None:
    from sbs_training.store.journal import MAX_TEXT_CHARS
    from sbs_training.widgets.reflection import ReflectionBox

    box = ReflectionBox("00-welcome", "p", "A prompt?", journal=journal)
    assert box.get_state()["max_text_chars"] == MAX_TEXT_CHARS
