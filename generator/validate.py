"""Located mappings → the typed model, collecting every problem on the way.

Pass 1 checks each file on its own (fields, types, unknown keys, empty text);
pass 2 checks what spans files (unique ids, ``related`` links, the three
dimensions and the three steps all present).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import HandbookError, Problem
from .interface import INTERFACE_KEYS
from .load import Document, dotted
from .model import (
    DIMENSION_IDS,
    STEP_IDS,
    Catalogue,
    Cycle,
    CycleFile,
    CycleStep,
    Dimension,
    DimensionFile,
    Factor,
)

Spec = TypeVar("Spec", bound=BaseModel)


def check_with(spec: type[Spec], document: Document, problems: list[Problem]) -> Spec | None:
    """Validate a document against an entry model, recording located problems."""
    try:
        return spec.model_validate(document.data)
    except ValidationError as error:
        for item in error.errors():
            problems.append(_problem(spec, document, item))
        return None


_FRIENDLY = {
    "missing": ("this field is missing", "add it: every entry needs it (see a complete entry for the layout)"),
    "string_type": ("should be text", "put the text in quotes if it looks like a number, a date, yes/no or true/false"),
    "string_too_short": ("is empty", "write the text, or remove the entry"),
    "tuple_type": ("should be a list", "write each item on its own line starting with '- '"),
    "model_type": ("should be a group of 'key: value' lines", "indent the keys under this one by two spaces"),
    "model_attributes_type": ("should be a group of 'key: value' lines", "indent the keys under this one"),
    "dict_type": ("should be a group of 'key: value' lines", "indent the keys under this one"),
}


def _problem(spec: type[BaseModel], document: Document, item: Any) -> Problem:
    path = tuple(item["loc"])
    kind = item["type"]
    field = dotted(path)
    line, column = document.position(path)
    message, hint = _FRIENDLY.get(kind, (item["msg"][0].lower() + item["msg"][1:], ""))
    if kind == "missing" and path[-1:] == ("user_questions",):
        hint = (
            "add 1-3 plain questions from the user's or relative's side, right after 'questions:', "
            "e.g.\n      user_questions:\n        - Do staff have time to get to know you?"
        )
    if kind == "extra_forbidden":
        line, column = document.position(path + ("__key__",))
        known = _field_names(spec, path[:-1])
        close = difflib.get_close_matches(str(path[-1]), known, n=1)
        message = f"unknown key '{path[-1]}'"
        hint = f"did you mean '{close[0]}'?" if close else f"allowed keys here: {', '.join(known)}"
    elif kind in ("enum", "literal_error"):
        expected = item.get("ctx", {}).get("expected", "")
        message = f"'{item.get('input')}' is not allowed here"
        hint = f"use one of: {expected}"
    elif kind == "string_pattern_mismatch":
        message = f"'{item.get('input')}' is not a valid id"
        hint = "use lowercase letters, digits and single hyphens, e.g. 'lack-of-time'"
    elif kind == "string_too_long":
        limit = item.get("ctx", {}).get("max_length")
        message = f"is {len(str(item.get('input', '')))} characters long; at most {limit} fit"
        hint = "shorten it: it appears on cards and diagrams; put detail in 'description'"
    elif (
        kind == "too_short"
        and path
        and path[-1]
        in ("factors", "guiding_questions", "reaction", "interaction", "action", "questions", "user_questions")
    ):
        message = "needs at least one item"
        hint = "add an item on its own line starting with '- '"
    elif kind in ("too_short", "missing") and path and path[-1] == "quotes":
        message = "needs at least one word-for-word quotation from the paper" if kind == "too_short" else message
        hint = 'add one, e.g.:\n      quotes:\n        - text: "the paper\'s exact words"\n          section: Results'
    elif kind == "too_long" and path and path[-1] == "user_questions":
        message = f"has {item.get('ctx', {}).get('actual_length', 'too many')} questions; at most 3 fit"
        hint = "keep the one to three plainest questions: they sit beside the staff's questions on cards and sheets"
    elif kind in ("too_long", "too_short") and path and path[-1] == "steps":
        message = "needs exactly three steps: reaction, interaction, action"
        hint = "the cycle towards action has these three steps, in this order"
    return Problem(document.file, line, column, field, message, hint)


def _field_names(spec: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    """The allowed keys at ``path`` inside ``spec``, for 'did you mean' hints."""
    model: Any = spec
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        annotation = field.annotation
        for candidate in (annotation, *getattr(annotation, "__args__", ())):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                model = candidate
                break
        else:
            return []
    return list(model.model_fields)


def load_english(factors_dir: Path) -> Catalogue:
    """Read and validate the English catalogues in ``factors_dir``; raise with every problem found."""
    from .sources import read_catalogues  # the load phase, which itself uses this module's checks

    problems: list[Problem] = []
    catalogue = build_catalogue(read_catalogues(factors_dir, problems), problems)
    if problems or catalogue is None:
        raise HandbookError(problems)
    return catalogue


def build_catalogue(documents: dict[str, Document], problems: list[Problem]) -> Catalogue | None:
    """Pass 1 and pass 2 over already loaded documents; None when they hold any problem."""
    found = len(problems)
    dimension_files: dict[str, tuple[DimensionFile, Document]] = {}
    for name in DIMENSION_IDS:
        if name not in documents:
            continue
        document = documents[name]
        parsed = check_with(DimensionFile, document, problems)
        if parsed is None:
            continue
        if parsed.dimension.id != name:
            line, column = document.position(("dimension", "id"))
            problems.append(
                Problem(
                    document.file,
                    line,
                    column,
                    "dimension.id",
                    f"'{parsed.dimension.id}' does not match the file name {name}.yml",
                    f"use 'id: {name}' or move the content to {parsed.dimension.id}.yml",
                )
            )
            continue
        dimension_files[name] = (parsed, document)

    cycle_file = None
    if "cycle" in documents:
        cycle_file = check_with(CycleFile, documents["cycle"], problems)
        if cycle_file is not None:
            order = [s.id for s in cycle_file.steps]
            if order != list(STEP_IDS):
                line, column = documents["cycle"].position(("steps",))
                problems.append(
                    Problem(
                        documents["cycle"].file,
                        line,
                        column,
                        "steps",
                        f"steps are {', '.join(order)}",
                        "the cycle runs reaction → interaction → action, each once, in this order",
                    )
                )
                cycle_file = None

    strings = check_strings(documents.get("interface"), problems) if "interface" in documents else None

    # Ids in a file that failed pass 1 still exist for pass 2: one typo must not make every link to it an error.
    unchecked_ids = {
        entry["id"]: name
        for name in DIMENSION_IDS
        if name in documents and name not in dimension_files and isinstance(documents[name].data, dict)
        for entry in (documents[name].data.get("factors") or [])
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)
    }
    unreadable = any(name not in documents for name in DIMENSION_IDS)
    _check_ids_and_links(dimension_files, documents.get("cycle"), cycle_file, problems, unchecked_ids, unreadable)
    if len(problems) > found or cycle_file is None or strings is None or len(dimension_files) != len(DIMENSION_IDS):
        return None
    dimensions = tuple(
        Dimension(
            **parsed.dimension.model_dump(),
            factors=tuple(Factor(**f.model_dump(), dimension=name) for f in parsed.factors),
        )
        for name, (parsed, _) in ((n, dimension_files[n]) for n in DIMENSION_IDS)
    )
    cycle = Cycle(**cycle_file.cycle.model_dump(), steps=tuple(CycleStep(**s.model_dump()) for s in cycle_file.steps))
    return Catalogue(language="en", dimensions=dimensions, cycle=cycle, strings=strings)


def check_strings(document: Document | None, problems: list[Problem]) -> dict[str, str] | None:
    """``interface.yml``: a flat list of ``key: text`` lines."""
    if document is None:
        return None
    if not isinstance(document.data, dict):
        problems.append(
            Problem(
                document.file,
                1,
                1,
                "",
                "should be a list of 'key: text' lines",
                "see the English factors/interface.yml",
            )
        )
        return None
    strings: dict[str, str] = {}
    for key, value in document.data.items():
        if not isinstance(value, str) or not value.strip():
            line, column = document.position((key,))
            problems.append(
                Problem(document.file, line, column, key, "should be a non-empty text", "put the text in quotes")
            )
            continue
        strings[key] = value.strip()
    # The pages would show the bare key (e.g. `nav_model` in the navigation): a key the code uses must be here.
    problems += [
        Problem(
            document.file,
            1,
            1,
            key,
            "this key is missing: the handbook's pages use it",
            f"add a line '{key}: <English text>' (see generator/interface.py for every key in use)",
        )
        for key in sorted(INTERFACE_KEYS - set(document.data))
    ]
    return strings


def _check_ids_and_links(
    dimension_files: dict[str, tuple[DimensionFile, Document]],
    cycle_document: Document | None,
    cycle_file: CycleFile | None,
    problems: list[Problem],
    unchecked_ids: dict[str, str],
    unreadable: bool,
) -> None:
    seen: dict[str, str] = {name: f"the dimension {name}" for name in DIMENSION_IDS}
    if cycle_file is not None:
        seen.update({s.id: "a cycle step" for s in cycle_file.steps})
    owner: dict[str, str] = dict(unchecked_ids)
    for name, (parsed, document) in dimension_files.items():
        for index, factor in enumerate(parsed.factors):
            if factor.id in seen:
                problems.append(
                    document.problem(
                        ("factors", index, "id"),
                        f"the id '{factor.id}' is already used by {seen[factor.id]}",
                        "every id must be unique across all catalogues: choose another",
                    )
                )
                continue
            first_line, _ = document.position(("factors", index, "id"))
            seen[factor.id] = f"the factor '{factor.title}' at {document.file}:{first_line}"
            owner[factor.id] = name
    for name, (parsed, document) in dimension_files.items():
        for index, factor in enumerate(parsed.factors):
            for position, target in enumerate(factor.related):
                path = ("factors", index, "related", position)
                if target not in owner:
                    if unreadable:
                        continue  # it may be in the file that could not be read: that file's problem comes first
                    close = difflib.get_close_matches(target, list(owner), n=1)
                    problems.append(
                        document.problem(
                            path,
                            f"no factor has the id '{target}'",
                            f"did you mean '{close[0]}'?" if close else "use the id of a factor in another dimension",
                        )
                    )
                elif owner[target] == name:
                    problems.append(
                        document.problem(
                            path,
                            f"'{target}' is in the same dimension",
                            "'related' links a factor to factors in the other two dimensions it interacts with",
                        )
                    )
