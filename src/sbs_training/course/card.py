"""The progress card a trainee chooses to share: ids and days only, never anything they wrote.

A card names the cohort, a random per-cohort pseudonym (or a name the trainee
typed, letters only), the workbooks done with the day each was done, and the
scenario endings reached, by id. The model is strict (no extra fields) and
accepts only ids from this copy's content catalogue, so a card can't carry a
reflection, a note or any other free text, whoever edits the file.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from sbs_training.content import load_all, load_course
from sbs_training.course.progress import Progress, activities, progress
from sbs_training.errors import UserError
from sbs_training.store.journal import Journal

FORMAT = "sbs-training-progress-card"
VERSION = 1
MAX_CARD_BYTES = 64 * 1024
PSEUDONYM_WORKBOOK = "_course"
"""The answers row that keeps each cohort's pseudonym: workbook ``_course``, activity ``pseudonym``, item the
cohort code. As an answer it travels with export and import, so a trainee keeps one pseudonym per cohort."""
PSEUDONYM = re.compile(r"^trainee-[0-9a-f]{8}$")
COHORT = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,39})?$")
ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def _name(value: Any) -> Any:
    """A typed name: letters (any alphabet), spaces, hyphens, apostrophes and full stops; up to 40 characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("a name must be text")
    value = " ".join(value.split())
    if not value:
        return None
    if len(value) > 40 or not all(ch.isalpha() or ch in " -'’." for ch in value) or not value[0].isalpha():
        raise ValueError("a name may hold only letters, spaces, hyphens, apostrophes and full stops, up to 40")
    return value


def _day(value: Any) -> Any:
    """Days only (2026-12-05): no times, so a card can't become a timeline of someone's evenings."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("dates are days, written like 2026-12-05")
    return date.fromisoformat(value)


def _pattern(pattern: re.Pattern[str], what: str) -> BeforeValidator:
    def check(value: Any) -> Any:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise ValueError(f"{what} is not in the expected form")
        return value

    return BeforeValidator(check)


Name = Annotated[str | None, BeforeValidator(_name)]
Day = Annotated[date, BeforeValidator(_day)]
ContentId = Annotated[str, _pattern(ID, "an id")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WorkbookDone(_Strict):
    id: ContentId
    on: Day


class EndingReached(_Strict):
    scenario: ContentId
    ending: ContentId


@dataclass(frozen=True)
class Catalogue:
    """The ids a card may name: this copy's workbooks and scenario endings."""

    workbooks: frozenset[str]
    endings: frozenset[tuple[str, str]]


@cache
def catalogue() -> Catalogue:
    course = load_course()
    endings = {(s.id, e.id) for s in load_all("scenarios") for e in s.endings}
    return Catalogue(frozenset(w.id for w in course.workbooks), frozenset(endings))


class ProgressCard(_Strict):
    format: Literal["sbs-training-progress-card"]
    version: Literal[1]
    cohort: Annotated[str, _pattern(COHORT, "the cohort code")]
    pseudonym: Annotated[str | None, _pattern(PSEUDONYM, "the pseudonym")] = None
    name: Name = None
    made_on: Day
    workbooks_done: list[WorkbookDone] = Field(default=[], max_length=100)
    scenario_endings: list[EndingReached] = Field(default=[], max_length=500)

    @model_validator(mode="after")
    def _known(self, info: ValidationInfo) -> ProgressCard:
        if (self.pseudonym is None) == (self.name is None):
            raise ValueError("a card names its trainee by a pseudonym or by a name, exactly one of them")
        known = (info.context or {}).get("catalogue") or catalogue()
        for done in self.workbooks_done:
            if done.id not in known.workbooks:
                raise ValueError(f"{done.id!r} is not a workbook in this copy of sbs-training")
        for reached in self.scenario_endings:
            if (reached.scenario, reached.ending) not in known.endings:
                raise ValueError(f"{reached.scenario}/{reached.ending} is not a scenario ending in this copy")
        if len({d.id for d in self.workbooks_done}) != len(self.workbooks_done):
            raise ValueError("a workbook is listed twice")
        return self

    @property
    def trainee(self) -> str:
        return self.name or self.pseudonym or ""

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2) + "\n"


def pseudonym_for(journal: Journal, cohort: str) -> str:
    """This trainee's pseudonym in this cohort: made at random the first time, then kept in the journal."""
    key = cohort or "-"
    for answer in journal.answers(PSEUDONYM_WORKBOOK, "pseudonym"):
        if answer.item == key and isinstance(answer.value, str) and PSEUDONYM.fullmatch(answer.value):
            return answer.value
    made = f"trainee-{secrets.token_hex(4)}"
    journal.set_answer(PSEUDONYM_WORKBOOK, "pseudonym", key, made)
    return made


def make_card(progress: Progress, cohort: str, *, pseudonym: str, name: str | None = None, today: date) -> ProgressCard:
    """The card for this progress: a typed name replaces the pseudonym when given."""
    known = catalogue()
    data = {
        "format": FORMAT,
        "version": VERSION,
        "cohort": cohort,
        "made_on": today.isoformat(),
        "workbooks_done": [
            {"id": w.id, "on": (w.done_on or today).isoformat()} for w in progress.done() if w.id in known.workbooks
        ],
        "scenario_endings": [{"scenario": s, "ending": e} for s, e in progress.endings if (s, e) in known.endings],
    }
    name = _name(name)
    data.update({"name": name} if name else {"pseudonym": pseudonym})
    return ProgressCard.model_validate(data)


def _plain(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return f"it holds {where!r}, which a progress card never does"
    return f"{where}: {message}" if where else message


def parse_card(text: str, source: str = "The card") -> ProgressCard:
    """A card from its JSON text, or one sentence saying why it can't be used."""
    try:
        data = json.loads(text)
    except ValueError:
        raise UserError(f"{source} is not a progress card: it isn't valid JSON.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError(f"{source} is not a progress card (it doesn't say format: {FORMAT}).")
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise UserError(
            f"{source} was made by a newer version of sbs-training (card version {version}); "
            "upgrade sbs-training to read it."
        )
    try:
        return ProgressCard.model_validate(data)
    except ValidationError as exc:
        raise UserError(f"{source} is damaged or was changed by hand: {_plain(exc.errors()[0])}.") from None


def read_card(path: Path) -> ProgressCard:
    try:
        if path.stat().st_size > MAX_CARD_BYTES:
            raise UserError(f"{path} is too large to be a progress card.")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a progress card.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path} can't be read as a progress card ({exc}).") from None
    return parse_card(text, str(path))


def current_card(journal: Journal, cohort: str, *, name: str | None = None, today: date | None = None) -> ProgressCard:
    """The card for this journal now: one read for progress, plus the cohort's pseudonym."""
    course = load_course()
    facts = journal.progress_facts(activities(course))
    return make_card(
        progress(course, facts),
        cohort,
        pseudonym=pseudonym_for(journal, cohort),
        name=name,
        today=today or date.today(),
    )
