"""Settings a trainer can change without touching code: one ``cohort.toml``.

The defaults ship in ``defaults/cohort.toml``. A trainer's own file replaces
any top-level setting it names; settings it leaves out keep their defaults.
Where the trainer's file is found, first match wins:

1. a path given to ``load_config(path)`` (``serve --config FILE``);
2. ``SBS_TRAINING_CONFIG`` (``serve`` sets it for every kernel it starts);
3. ``cohort.toml`` beside the ``workbooks/`` folder (the repository root in a
   checkout, on Binder and on JupyterHub).

Problems are reported as ``file:line: message``. ``tomllib`` keeps no
positions, so the line is found again in the file's text from the error's
location (table header, key, or the offending value).
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from sbs_training.errors import UserError
from sbs_training.resources import package_file, workbooks_dir

ENV_CONFIG = "SBS_TRAINING_CONFIG"
CONFIG_NAME = "cohort.toml"
TRAINER_FOLDER = "trainer"


class ConfigError(UserError):
    """A settings file that can't be used; ``problems`` holds one ``file:line: message`` each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems) if len(problems) > 1 else problems[0])


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Helpline(_Model):
    region: str = Field(min_length=1)
    name: str = Field(min_length=1)
    number: str = Field(min_length=1)
    text: str = ""
    """A number to text, if the service takes texts."""
    hours: str = ""
    checked: date
    """When someone last checked these details against the service's own website."""


class Emergency(_Model):
    region: str = Field(min_length=1)
    number: str = Field(min_length=1)


def _workbook_ids(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.ipynb")) if folder.is_dir() else []


def trainee_workbook_ids() -> list[str]:
    """Every trainee workbook, in file-name order."""
    return _workbook_ids(workbooks_dir())


def trainer_workbook_ids() -> list[str]:
    """Every trainer workbook (in ``workbooks/trainer/``), in file-name order."""
    return _workbook_ids(workbooks_dir() / TRAINER_FOLDER)


def _known(known: list[str], what: str, name: str) -> str:
    if name not in known:
        listing = ", ".join(known) or "none yet"
        raise ValueError(f"there is no {what} called {name!r}; the {what}s are: {listing}")
    return name


def _no_repeats(names: list[str]) -> list[str]:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"{name!r} is listed twice")
        seen.add(name)
    return names


TraineeWorkbook = Annotated[str, AfterValidator(lambda name: _known(trainee_workbook_ids(), "workbook", name))]
TrainerWorkbook = Annotated[str, AfterValidator(lambda name: _known(trainer_workbook_ids(), "trainer workbook", name))]


class Config(_Model):
    organisation: str = ""
    cohort_code: str = Field(default="", pattern=r"^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,39})?$")
    """A short code for this cohort (letters, digits, . _ -), written on the progress cards trainees share."""
    contact: str = ""
    """One line telling trainees how to reach their facilitator."""
    welcome: str = ""
    """Shown in the welcome workbook, if set."""
    workbooks: list[TraineeWorkbook] = []
    """Trainee workbooks in the order to list them; empty means all, by file name."""
    trainer_workbooks: list[TrainerWorkbook] = []
    """Trainer workbooks in the order to list them; empty means all, by file name."""
    helplines: list[Helpline] = Field(min_length=1)
    emergency: list[Emergency] = []

    @field_validator("workbooks", "trainer_workbooks")
    @classmethod
    def _listed_once(cls, names: list[str]) -> list[str]:
        return _no_repeats(names)

    def trainee_order(self) -> list[str]:
        return list(self.workbooks) or trainee_workbook_ids()

    def trainer_order(self) -> list[str]:
        return list(self.trainer_workbooks) or trainer_workbook_ids()


# -- finding the file ----------------------------------------------------------------


def default_config_path() -> Path:
    """``cohort.toml`` beside the workbooks folder: the repository root in a checkout."""
    return workbooks_dir().parent / CONFIG_NAME


def find_config(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The trainer's settings file in force, or None for the defaults alone."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env)
    candidate = default_config_path()
    return candidate if candidate.is_file() else None


# -- reading and reporting with file:line ----------------------------------------------

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)")


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"The settings file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"The settings file {path} can't be read ({exc}).") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        line = found.group(1) if found else "1"
        message = _TOML_POSITION.sub("", message)
        raise ConfigError([f"{path}:{line}: this is not valid TOML ({message}); check quotes and brackets."]) from None


def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=""")


def locate(text: str, loc: tuple[Any, ...], value: Any = None) -> int:
    """The 1-based line in ``text`` that a validation error at ``loc`` is about (1 if unsure)."""
    if not loc:
        return 1
    lines = text.splitlines()
    key = str(loc[0])
    header = re.compile(rf"^\s*\[\[\s*{re.escape(key)}\s*\]\]")
    starts = [n for n, line in enumerate(lines) if header.match(line)]
    if starts:
        index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(starts) else 0
        start = starts[index]
        end = next((n for n in range(start + 1, len(lines)) if lines[n].lstrip().startswith("[")), len(lines))
        if len(loc) > 2 and isinstance(loc[2], str):
            field = _key_pattern(loc[2])
            for n in range(start + 1, end):
                if field.match(lines[n]):
                    return n + 1
        return start + 1
    field = _key_pattern(key)
    for n, line in enumerate(lines):
        if line.lstrip().startswith("["):
            break
        if field.match(line):
            if isinstance(value, str) and value:
                quoted = re.compile(rf"""["']{re.escape(value)}["']""")
                for m in range(n, len(lines)):
                    if quoted.search(lines[m]):
                        return m + 1
                    if m > n and re.match(r"^\s*[A-Za-z_\[]", lines[m]):
                        break
            return n + 1
    return 1


def _describe(loc: tuple[Any, ...], data: dict[str, Any]) -> str:
    """A person's name for a place in the settings, e.g. 'helpline 2 (Samaritans): number'."""
    if len(loc) >= 2 and loc[0] in ("helplines", "emergency") and isinstance(loc[1], int):
        what = "helpline" if loc[0] == "helplines" else "emergency number"
        entry = (data.get(loc[0]) or [None] * (loc[1] + 1))[loc[1]]
        name = entry.get("name") or entry.get("region") if isinstance(entry, dict) else None
        label = f"{what} {loc[1] + 1}" + (f" ({name})" if name else "")
        rest = ".".join(str(p) for p in loc[2:])
        return f"{label}: {rest}" if rest else label
    if len(loc) == 2 and isinstance(loc[1], int):
        return f"{loc[0]}, item {loc[1] + 1}"
    return ".".join(str(p) for p in loc) or "the file"


def _message(error: dict[str, Any], data: dict[str, Any]) -> str:
    loc = tuple(error["loc"])
    where = _describe(loc, data)
    kind = error["type"]
    if kind == "missing":
        field = loc[-1] if loc else "value"
        example = f"{field} = {date.today().isoformat()}" if field == "checked" else f'{field} = "..."'
        return f"{where.rsplit(':', 1)[0]} has no {field!s}; add a line such as {example} to it"
    if kind == "extra_forbidden":
        return f"{loc[-1]!r} is not a setting sbs-training knows; check its spelling"
    if kind.startswith("date"):
        return f"{where} must be a date written like 2026-11-21 (no quotes)"
    if kind == "too_short" and loc and loc[0] == "helplines":
        return "list at least one helpline: trainees must always see where to get help"
    message = error["msg"].removeprefix("Value error, ")
    return f"{where}: {message}"


@cache
def load_config(path: str | None = None) -> Config:
    """The effective settings: defaults, overlaid by the trainer's file if there is one."""
    default_path = package_file("defaults", CONFIG_NAME)
    data, default_text = _read_toml(default_path)
    chosen = find_config(path)
    texts = {key: (default_path, default_text) for key in data}
    if chosen is not None:
        overlay, text = _read_toml(chosen)
        data.update(overlay)
        texts.update({key: (chosen, text) for key in overlay})
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        found = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            file, text = texts.get(str(loc[0]) if loc else "", (chosen or default_path, ""))
            found.append((str(file), locate(text, loc, error.get("input")), _message(error, data)))
        raise ConfigError([f"{file}:{line}: {message}." for file, line, message in sorted(found)]) from None
