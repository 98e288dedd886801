"""A network's ``local.yml`` → its own factors added and the factors it hides, marked as local (pure)."""

from __future__ import annotations

from pydantic import Field

from ..errors import Problem
from ..load import Document
from ..model import Basis, Catalogue, DimensionId, Entry, Factor, FactorEntry, Id, Quote, Text
from ..validate import check_with


class LocalFactor(FactorEntry):
    """A factor a country's network adds: a normal factor plus the dimension it belongs to."""

    dimension: DimensionId
    basis: Basis | None = Field(default=None, description="Leave out: a local addition rests on local experience.")  # type: ignore[assignment]
    quotes: tuple[Quote, ...] = Field(default=(), description="Quotations from the paper, if it supports this factor.")
    user_questions: tuple[Text, ...] = Field(
        default=(),
        max_length=3,
        description="Optional here: 1-3 plain questions from the user's or relative's side, in this language.",
    )


class LocalFile(Entry):
    """``factors/locales/<code>/local.yml``: local additions and hidden factors."""

    hide: tuple[Id, ...] = Field(
        default=(), description="Ids of factors that do not apply in this country's care system."
    )
    factors: tuple[LocalFactor, ...] = Field(default=(), description="Factors this network adds, marked as local.")


def read_local(document: Document | None, english: Catalogue, problems: list[Problem]) -> LocalFile:
    """Check a ``local.yml`` (pass 1: its fields; pass 2: the ids it names); nothing local when there is none."""
    if document is None:
        return LocalFile()
    local = check_with(LocalFile, document, problems)
    if local is None:
        return LocalFile()
    problems.extend(_check_local(local, document, {f.id for f in english.factors}))
    return local


def _check_local(local: LocalFile, document: Document, known: set[str]) -> list[Problem]:
    """Pass 2 for ``local.yml``: the ids it hides exist; the ids it adds are new; its links lead somewhere."""
    problems = [
        document.problem(
            ("hide", index), f"no factor has the id '{hidden}'", "use the id of a factor in the English catalogues"
        )
        for index, hidden in enumerate(local.hide)
        if hidden not in known
    ]
    added_ids = {f.id for f in local.factors}
    for index, added in enumerate(local.factors):
        if added.id in known:
            problems.append(
                document.problem(
                    ("factors", index, "id"), f"the id '{added.id}' is already used", "choose an id no other factor has"
                )
            )
        problems += [
            document.problem(
                ("factors", index, "related", position),
                f"no factor has the id '{target}'",
                "use the id of a factor in another dimension",
            )
            for position, target in enumerate(added.related)
            if target not in known | added_ids
        ]
    return problems


def apply_local(catalogue: Catalogue, local: LocalFile) -> Catalogue:
    """The catalogue without the hidden factors and with the network's own, each added to the end of its dimension."""
    if not local.hide and not local.factors:
        return catalogue
    dimensions = tuple(
        dimension.model_copy(
            update={
                "factors": tuple(f for f in dimension.factors if f.id not in local.hide)
                + tuple(
                    Factor(**added.model_dump(exclude={"dimension"}), dimension=dimension.id, local=True)
                    for added in local.factors
                    if added.dimension == dimension.id
                )
            }
        )
        for dimension in catalogue.dimensions
    )
    # A new Catalogue, not a copy: a copy would keep the factor index cached from the old dimensions.
    return Catalogue(
        language=catalogue.language,
        dimensions=dimensions,
        cycle=catalogue.cycle,
        strings=catalogue.strings,
        fallback_strings=catalogue.fallback_strings,
    )
