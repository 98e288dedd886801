"""The model of the power triangle of co-production: typed, validated, immutable.

Two layers: the *entries* describe exactly what a catalogue file may contain
(they also generate the JSON Schema editors use); the *model* classes add what
the build derives — a factor's dimension, whether it is a local addition, and
which of its texts fall back to English or are stale translations.
"""

from __future__ import annotations

from enum import Enum
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
DimensionId = Literal["resources", "discourses", "contexts"]
StepId = Literal["reaction", "interaction", "action"]

DIMENSION_IDS: tuple[str, ...] = ("resources", "discourses", "contexts")
"""The three dimensions of Franzén's power triangle, in the handbook's order."""
STEP_IDS: tuple[str, ...] = ("reaction", "interaction", "action")
"""The three steps of the cycle towards action, in order."""


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Kind(str, Enum):
    """Whether a factor hinders or helps co-production."""

    barrier = "barrier"
    enabler = "enabler"


class Level(str, Enum):
    """Where a factor sits, where the paper gives a level."""

    user = "user"
    unit = "unit"
    organisation = "organisation"


class Basis(str, Enum):
    """What in the paper a factor rests on, so a reader can tell the study's findings from the handbook's own ideas."""

    interviews = "interviews"
    """The improvement coaches' accounts, in the paper's Results."""
    discussion = "discussion"
    """The authors' Discussion and the studies it cites."""
    setting = "setting"
    """The study's setting and background."""
    handbook = "handbook"
    """This handbook's own addition."""


class Quote(Entry):
    """A word-for-word quotation from the paper that supports a factor."""

    text: Text = Field(
        description="The paper's words exactly (case, quote marks, dashes and line breaks aside); '…' may join fragments."
    )
    section: Text = Field(description="The paper's section heading it is found under, e.g. Results or Discussion.")


class Questions(Entry):
    """Reflection questions for each step of the cycle."""

    reaction: tuple[Text, ...] = Field(min_length=1, description="Notice and react: is this here, and where?")
    interaction: tuple[Text, ...] = Field(
        min_length=1, description="Reflect together: how does it interact with the other dimensions?"
    )
    action: tuple[Text, ...] = Field(min_length=1, description="Act: handle the barrier or reinforce the enabler.")


class FactorEntry(Entry):
    """A barrier or enabler, as written in a catalogue."""

    id: Id = Field(description="Stable id: lowercase letters, digits and hyphens; unique in the whole model.")
    kind: Kind = Field(description="barrier or enabler")
    level: Level | None = Field(default=None, description="user, unit or organisation, where the paper gives one.")
    title: Text = Field(max_length=60, description="Short title, as on a card (at most 60 characters).")
    short: Text = Field(max_length=110, description="One-line summary (at most 110 characters).")
    description: Text = Field(description="A few sentences in the handbook's own words.")
    questions: Questions
    user_questions: tuple[Text, ...] = Field(
        min_length=1,
        max_length=3,
        description="1-3 plain questions from the user's or relative's side, e.g. 'Do staff have time to get to know you?'",
    )
    related: tuple[Id, ...] = Field(default=(), description="Ids of factors in other dimensions it interacts with.")
    basis: Basis = Field(
        description="interviews (the coaches, Results), discussion (the authors' Discussion), setting, or handbook (this handbook's own)."
    )
    quotes: tuple[Quote, ...] = Field(
        min_length=1, description="At least one word-for-word quotation from the paper that supports this factor."
    )
    source: Text = Field(description="Where in the paper this comes from (section).")


class DimensionEntry(Entry):
    """One dimension of the power triangle, as written in a catalogue."""

    id: DimensionId
    title: Text = Field(max_length=40)
    short: Text = Field(max_length=70)
    meaning: Text = Field(description="What the dimension means in Franzén's power triangle.")
    guiding_questions: tuple[Text, ...] = Field(min_length=1)
    source: Text


class DimensionFile(Entry):
    """The contents of ``factors/<dimension>.yml``."""

    dimension: DimensionEntry
    factors: tuple[FactorEntry, ...] = Field(min_length=1)


class CycleInfo(Entry):
    """The cycle towards action as a whole."""

    title: Text = Field(max_length=60)
    short: Text = Field(max_length=70)
    description: Text
    source: Text


class StepEntry(Entry):
    """One step of the cycle, as written in ``factors/cycle.yml``."""

    id: StepId
    title: Text = Field(max_length=30)
    short: Text = Field(max_length=50)
    description: Text
    questions: tuple[Text, ...] = Field(min_length=1)
    source: Text


class CycleFile(Entry):
    """The contents of ``factors/cycle.yml``."""

    cycle: CycleInfo
    steps: tuple[StepEntry, ...] = Field(min_length=3, max_length=3)


class Localised(BaseModel):
    model_config = ConfigDict(frozen=True)

    fallback: frozenset[str] = frozenset()
    """Fields shown in English because no translation exists yet."""
    stale: frozenset[str] = frozenset()
    """Fields whose translation was made from an older English text."""
    draft: frozenset[str] = frozenset()
    """Fields whose translation is a draft not yet reviewed (``state: draft``)."""


class Factor(FactorEntry, Localised):
    """A barrier or enabler in the built model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dimension: DimensionId
    """The dimension whose catalogue holds this factor."""
    user_questions: tuple[Text, ...] = ()
    """The user's side; every English factor has one (checked in its catalogue), a network's own factor may not."""
    local: bool = False
    """True when a country's network added it; the paper does not name it."""
    basis: Basis | None = None  # type: ignore[assignment]
    """None only for a local addition, which rests on the network's own experience."""
    quotes: tuple[Quote, ...] = ()
    """Verified against the paper; a local addition may have none."""
    translated_quotes: tuple[str, ...] = ()
    """The quotations in this language, beside ``quotes`` (empty: the English is shown alone)."""


class Dimension(DimensionEntry, Localised):
    """A dimension with its factors, in catalogue order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    factors: tuple[Factor, ...]

    def of_kind(self, kind: Kind) -> tuple[Factor, ...]:
        return tuple(f for f in self.factors if f.kind == kind)

    @property
    def barriers(self) -> tuple[Factor, ...]:
        return self.of_kind(Kind.barrier)

    @property
    def enablers(self) -> tuple[Factor, ...]:
        return self.of_kind(Kind.enabler)


class CycleStep(StepEntry, Localised):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cycle(CycleInfo, Localised):
    model_config = ConfigDict(extra="forbid", frozen=True)

    steps: tuple[CycleStep, ...]


class Term(Entry):
    """One key concept: the term to use, the variants to avoid, and what it means."""

    id: Id = Field(description="The same id in every language's glossary.")
    term: Text = Field(description="The preferred term.")
    avoid: tuple[Text, ...] = Field(
        default=(), description="Variants `handbook check` flags (case-insensitive, whole words)."
    )
    definition: Text = Field(description="One or two plain sentences.")


class GlossaryFile(Entry):
    """The contents of ``factors/glossary.yml`` or ``factors/locales/<code>/glossary.yml``."""

    terms: tuple[Term, ...] = Field(min_length=1)


class Catalogue(BaseModel):
    """The whole model in one language: three dimensions, the cycle, interface strings."""

    model_config = ConfigDict(frozen=True)

    language: str
    """Language code of every text in it (untranslated texts are marked per field)."""
    dimensions: tuple[Dimension, ...]
    cycle: Cycle
    strings: dict[str, str]
    """Interface strings ("Barrier", worksheet headings, …) by key."""
    fallback_strings: frozenset[str] = frozenset()
    """Interface strings shown in English."""
    glossary: tuple[Term, ...] = ()
    """The language's terminology (its own glossary, or the English one)."""
    glossary_fallback: bool = False
    """True when the language has no glossary of its own and the English one is shown."""

    def dimension(self, dimension_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dimension_id)

    @cached_property
    def factors(self) -> tuple[Factor, ...]:
        return tuple(f for d in self.dimensions for f in d.factors)

    @cached_property
    def _by_id(self) -> dict[str, Factor]:
        return {f.id: f for f in self.factors}

    @cached_property
    def _links(self) -> dict[str, set[str]]:
        links: dict[str, set[str]] = {f.id: set() for f in self.factors}
        for factor in self.factors:
            for other in factor.related:
                if other in links and other != factor.id:
                    links[factor.id].add(other)
                    links[other].add(factor.id)
        return links

    def factor(self, factor_id: str) -> Factor:
        return self._by_id[factor_id]

    def related_to(self, factor: Factor) -> tuple[Factor, ...]:
        """Factors linked either way, in catalogue order: a link written on one side shows on both."""
        ids = self._links.get(factor.id, set())
        return tuple(f for f in self.factors if f.id in ids)

    def step(self, step_id: str) -> CycleStep:
        return next(s for s in self.cycle.steps if s.id == step_id)

    def t(self, key: str, **values: object) -> str:
        """An interface string, with ``{name}`` placeholders filled in."""
        text = self.strings.get(key, key)
        return text.format(**values) if values else text
