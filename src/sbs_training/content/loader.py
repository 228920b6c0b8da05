"""Read YAML content, validate it, and point at the exact line of any problem."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from sbs_training.content.registry import FILES, KINDS
from sbs_training.errors import UserError
from sbs_training.resources import exercises_dir, workbooks_dir


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ContentError(UserError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def model_for(kind: str) -> type[BaseModel]:
    """The model for a folder kind ("prompts") or a top-level file ("course.yaml")."""
    module, _, name = (KINDS.get(kind) or FILES[kind]).partition(":")
    return getattr(importlib.import_module(module), name)


def _node_at(node: yaml.Node, loc: tuple[Any, ...]) -> yaml.Node:
    """The deepest YAML node along a validation error's path."""
    for part in loc:
        if isinstance(node, yaml.SequenceNode | yaml.ScalarNode) and isinstance(part, str):
            continue  # a union's tag ("branches"), not a place in the file
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            match = node.value[part]
        else:
            match = None
        if match is None:
            break
        node = match
    return node


def _shown(loc: tuple[Any, ...], root: yaml.Node | None) -> list[str]:
    """An error's path as an author reads it: without the tags pydantic adds for a union."""
    shown: list[str] = []
    node = root
    for part in loc:
        if isinstance(node, yaml.SequenceNode | yaml.ScalarNode) and isinstance(part, str):
            continue
        shown.append(str(part))
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
    return shown


def _path_in_message(message: str) -> tuple[Any, ...]:
    """A whole-model check names the field it is about first ("items.3.answer ..."); point there."""
    match = re.match(r"([a-z_]+(?:\.[A-Za-z0-9_-]+)+)\b", message)
    if not match:
        return ()
    return tuple(int(part) if part.isdigit() else part for part in match.group(1).split("."))


def _duplicate_keys(node: yaml.Node, path: Path) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                problems.append(Problem(path, key.start_mark.line + 1, f"the key {key.value!r} appears twice"))
            seen.add(key.value)
            problems += _duplicate_keys(value, path)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            problems += _duplicate_keys(item, path)
    return problems


# libyaml's parser when PyYAML has it (it does on PyPI's wheels): ten times quicker than the pure
# Python one, and content is parsed in every kernel as a workbook page opens.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=SAFE_LOADER)


def _parse(path: Path) -> tuple[Any, yaml.Node | None]:
    """The file's data and its node tree (for line numbers), from one pass of the parser."""
    try:
        text = path.read_text(encoding="utf-8")
        loader = SAFE_LOADER(text)
        try:
            root = loader.get_single_node()
            return (loader.construct_document(root) if root is not None else None), root
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ContentError([Problem(path, (mark.line + 1) if mark else 1, f"not valid YAML: {exc.problem}")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([Problem(path, 1, f"can't be read ({exc})")]) from None


def _validate(kind: str, path: Path) -> BaseModel:
    data, root = _parse(path)
    problems = _duplicate_keys(root, path) if root is not None else []
    try:
        model = model_for(kind).model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            message = error["msg"].removeprefix("Value error, ")
            loc = error["loc"] or _path_in_message(message)
            node = _node_at(root, loc) if root is not None else None
            where = ".".join(_shown(error["loc"], root)) or ("" if loc else "file")
            text = f"{where}: {message}" if where else message
            problems.append(Problem(path, node.start_mark.line + 1 if node else 1, text))
        raise ContentError(problems) from None
    if problems:
        raise ContentError(problems)
    return model


_validated: dict[tuple[str, Path], tuple[tuple[int, int], BaseModel]] = {}


def _validate_once(kind: str, path: Path) -> BaseModel:
    """``_validate``, but a file this process already read is not read again unless it changed.

    A warm kernel reads every content file before anyone visits (``pages.warm_up``), so the
    page a trainee opens finds its scenarios and cards already parsed and checked.
    """
    try:
        info = path.stat()
    except OSError:
        return _validate(kind, path)  # says in one sentence why it can't be read
    stamp = (info.st_mtime_ns, info.st_size)
    kept = _validated.get((kind, path))
    if kept is not None and kept[0] == stamp:
        return kept[1]
    model = _validate(kind, path)
    _validated[(kind, path)] = (stamp, model)
    return model


def check_file(kind: str, path: Path) -> list[Problem]:
    try:
        _validate(kind, path)
    except ContentError as exc:
        return exc.problems
    return []


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml"))


def key_line(path: Path, key: str) -> int:
    """The line of a top-level key, for problems found after validation (such as a repeated id)."""
    try:
        root = _compose(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return 1
    if isinstance(root, yaml.MappingNode):
        for k, _ in root.value:
            if k.value == key:
                return k.start_mark.line + 1
    return 1


@dataclass(frozen=True)
class Loaded:
    """What ``load_checked`` found: the valid files of a kind (with their paths) and every problem."""

    items: list[tuple[Path, Any]]
    problems: list[Problem]

    def models(self) -> list[Any]:
        return [model for _, model in self.items]


def load_checked(kind: str, folder: Path | None = None) -> Loaded:
    """Every file of a kind, each read and validated once: the valid ones and the problems of the rest.

    The one call for a whole folder (scenarios, activities, ``check-content``):
    a broken file is left out with its ``file:line`` problems and never stops
    the others. Rules that span files (``check_collection``) leave out the
    later file of a clash, too. Files come in file-name order, so a trainer
    adds an item by adding a file.
    """
    if kind not in KINDS:
        raise UserError(f"There is no content kind called {kind!r}; the kinds are {', '.join(sorted(KINDS))}.")
    folder = folder if folder is not None else exercises_dir() / kind
    items: list[tuple[Path, Any]] = []
    problems: list[Problem] = []
    for path in _files(folder) if folder.is_dir() else []:
        try:
            items.append((path, _validate_once(kind, path)))
        except ContentError as exc:
            problems += exc.problems
    cross = getattr(model_for(kind), "check_collection", None)
    if cross:
        clashes = cross(items)
        problems += clashes
        bad = {p.file for p in clashes}
        items = [(path, model) for path, model in items if path not in bad]
    return Loaded(items, problems)


def check_all(root: Path | None = None) -> list[Problem]:
    """Every problem in every content file, with file and line."""
    root = root or exercises_dir()
    problems: list[Problem] = []
    kinds: set[str] = set()
    for path in _files(root):
        if path.parent == root and path.name in FILES:
            continue  # checked below, with what it refers to
        kind = path.relative_to(root).parts[0] if path.parent != root else ""
        if kind not in KINDS:
            problems.append(
                Problem(
                    path,
                    1,
                    f"no content model for the folder {kind or '(top level)'!r}; "
                    f"put it in one of: {', '.join(sorted(KINDS))}",
                )
            )
            continue
        kinds.add(kind)
    for kind in sorted(kinds):
        problems += load_checked(kind, root / kind).problems
    problems += check_course(root, default=root == exercises_dir())
    return sorted(problems, key=lambda p: (str(p.file), p.line))


def _notebooks(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.ipynb")) if folder.is_dir() else []


def check_course(root: Path, *, default: bool = True) -> list[Problem]:
    """``course.yaml``: valid, every id it names exists, and every workbook notebook has an entry.

    The workbooks are those beside ``root`` (a checkout's ``exercises/`` and ``workbooks/``), else the installed ones.
    A folder other than the workbooks' own may leave the course file out; the workbooks' own may not.
    """
    from sbs_training.content.course import COURSE_FILE, catalogue_problems

    path = root / COURSE_FILE
    if not path.is_file():
        return [Problem(path, 1, "the course file is missing; every workbook needs an entry in it")] if default else []
    try:
        course = _validate(COURSE_FILE, path)
    except ContentError as exc:
        return exc.problems
    prompts = {m.workbook: {p.id for p in m.prompts} for m in load_checked("prompts", root / "prompts").models()}
    owned = {
        kind: {m.id: m.workbook for m in load_checked(kind, root / kind).models()}
        for kind in ("sorts", "cards", "scenarios")
    }
    books = root.parent / "workbooks"
    books = books if books.is_dir() else workbooks_dir()
    found = catalogue_problems(course, prompts, owned, _notebooks(books), _notebooks(books / "trainer"))
    return [Problem(path, _line_of(path, message), message) for message in found]


def _line_of(path: Path, message: str) -> int:
    """The first line naming the workbook or id a course problem is about (1 if none does)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    names = re.findall(r"'([a-z0-9][a-z0-9-]*)'", message)
    names += re.findall(r"^([a-z0-9][a-z0-9-]*)(?::| is listed)", message)
    for name in names:
        for n, line in enumerate(lines):
            if re.search(rf"(?<![a-z0-9-]){re.escape(name)}(?![a-z0-9-])", line):
                return n + 1
    return 1


@cache
def load_course() -> Any:
    """The course (``exercises/course.yaml``), validated; see ``sbs_training.content.course``."""
    from sbs_training.content.course import COURSE_FILE

    return _validate(COURSE_FILE, exercises_dir() / COURSE_FILE)


@cache
def load(kind: str, name: str) -> Any:
    """One content file, validated; e.g. ``load("prompts", "00-welcome")``."""
    path = exercises_dir() / kind / f"{name}.yaml"
    if not path.exists():
        raise UserError(f"There is no {kind} content called {name!r} (looked for {path}).")
    return _validate_once(kind, path)


def load_all(kind: str) -> list[Any]:
    """Every valid file of a kind, in file-name order (``load_checked`` also says what was left out)."""
    return load_checked(kind).models()
