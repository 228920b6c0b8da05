"""Every notebook runs top to bottom against an empty journal, and stays thin.

Picks up every notebook in workbooks/ and gallery/ automatically, so a new
workbook is covered the moment it is added. nbval (configured in
pyproject.toml) also runs them cell by cell.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(
    p
    for folder in ("workbooks", "gallery")
    for p in (REPO / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
MAX_CODE_LINES = 12
"""Notebooks say what to show; logic lives in sbs_training. A longer cell is a sign it belongs there."""


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(REPO)) for p in paths]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_notebook_is_stored_clean_and_thin(notebook: Path) -> None:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code, "a notebook with no code shows no help panel"
    first = "".join(code[0]["source"])
    assert "start(" in first, "the first code cell must call sbs_training.pages.start (help panel)"
    for cell in code:
        assert cell.get("outputs") == [], "store notebooks with outputs cleared"
        assert cell.get("execution_count") is None
        lines = [line for line in "".join(cell["source"]).splitlines() if line.strip()]
        if notebook.parent.name != "gallery":
            assert len(lines) <= MAX_CODE_LINES, f"cell too long for a thin notebook:\n{''.join(cell['source'])}"
            for line in lines:
                assert not line.lstrip().startswith(("def ", "class ", "for ", "while ", "if ")), line


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_notebook_runs_with_papermill(notebook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import papermill

    data = tmp_path / "data"
    monkeypatch.setenv("SBS_TRAINING_DATA_DIR", str(data))
    out = tmp_path / notebook.name
    papermill.execute_notebook(
        str(notebook),
        str(out),
        kernel_name="python3",
        cwd=str(notebook.parent),
        progress_bar=False,
        log_output=False,
        execution_timeout=120,
    )
    executed = json.loads(out.read_text(encoding="utf-8"))
    outputs = [o for c in executed["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = "".join("".join(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert "Get help now" in html, "every workbook shows the help panel"
