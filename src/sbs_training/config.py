"""Settings a trainer can change without touching code: helplines first of all.

The defaults ship in ``defaults/cohort.toml``. A trainer's own file (given
with ``serve --config`` or ``SBS_TRAINING_CONFIG``) replaces any top-level
setting it names; settings it leaves out keep their defaults.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sbs_training.errors import UserError
from sbs_training.resources import package_file

ENV_CONFIG = "SBS_TRAINING_CONFIG"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Helpline(_Model):
    region: str = Field(min_length=1)
    name: str = Field(min_length=1)
    number: str = Field(min_length=1)
    text: str = ""
    hours: str = ""
    checked: date


class Emergency(_Model):
    region: str = Field(min_length=1)
    number: str = Field(min_length=1)


class Config(_Model):
    organisation: str = ""
    contact: str = ""
    welcome: str = ""
    helplines: list[Helpline] = Field(min_length=1)
    emergency: list[Emergency] = []


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"The settings file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"The settings file {path} can't be read ({exc}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: {exc}.") from None


@cache
def load_config(path: str | None = None) -> Config:
    """The effective settings: defaults, overlaid by the trainer's file if there is one."""
    data = _read_toml(package_file("defaults", "cohort.toml"))
    chosen = path or os.environ.get(ENV_CONFIG)
    if chosen:
        data.update(_read_toml(Path(chosen)))
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(f"{chosen or 'default settings'}: {where}: {first['msg']}.") from None
