"""Every widget's front end, with the kit joined in front, is a valid ES module.

The kit (widgets/kit.js) and each widget's module share one scope once joined, so a
helper defined twice, or a syntax slip, would stop the widget drawing at all. Node's
own parser checks each joined module as the browser would load it.
"""

from __future__ import annotations

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
