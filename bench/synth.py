"""Synthetic handbooks for the benchmark: a copy of the project with N generated factors and extra languages.

The catalogues are valid per ``generator/model.py``: the three dimension files
keep the project's dimension blocks and get N factors spread evenly over them
(alternating barrier/enabler and user/unit/organisation/no level), each with
texts about as long as the real ones and a ``related`` link to a factor in
another dimension; ``cycle.yml`` and ``interface.yml`` are the project's own.
Extra languages are scaffolded with ``scaffold_language`` and left untranslated,
so every text falls back to English, marked as such: the realistic worst case.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("factors", "content", "overrides", "sources", "mkdocs.yml")
DIMENSIONS = ("resources", "discourses", "contexts")
QUOTES = (
    "the coaches often described a work situation characterized by understaffing",
    "co-production was also considered too time-consuming",
    "caregivers sometimes still express a paternalistic care ideology",
    "seeing the user as an active subject",
)
LEVELS = ("user", "unit", "organisation", None)
EXTRA_LANGUAGES = ("sv", "de", "da")

WORDS = (
    "staff users team unit care time support power voice trust attitude meeting plan change service family "
    "manager routine knowledge resource context relationship decision influence dialogue improvement project "
    "participation organisation caregiver network coach shortage continuity respect experience evidence "
    "question listening partnership feedback workload priority budget culture language safety home visit"
).split()


def copy_project(target: Path, languages: tuple[str, ...] = ("en",)) -> Path:
    """A copy of the handbook's sources holding only the given languages (English always)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    for parent in (target / "content", target / "factors" / "locales"):
        if parent.is_dir():
            for folder in parent.iterdir():
                if folder.is_dir() and folder.name != "en" and folder.name not in languages:
                    shutil.rmtree(folder)
    return target


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(9, 16)) for _ in range(sentences))


def _question(rng: random.Random) -> str:
    return _sentence(rng, rng.randint(10, 16))[:-1] + "?"


def _factor_id(dimension: str, index: int) -> str:
    return f"{dimension}-factor-{index + 1:04d}"


def synthetic_factors(dimension: str, count: int, per_dimension: list[int], seed: int) -> list[dict]:
    rng = random.Random(f"{seed}-{dimension}")
    position = DIMENSIONS.index(dimension)
    other = DIMENSIONS[(position + 1) % len(DIMENSIONS)]
    factors = []
    for index in range(count):
        level = LEVELS[index % len(LEVELS)]
        title = f"{rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)} {index + 1}"[:60]
        short = _sentence(rng, 12)[:105].rstrip(" .") + "."
        factor: dict = {
            "id": _factor_id(dimension, index),
            "kind": "barrier" if index % 2 == 0 else "enabler",
        }
        if level:
            factor["level"] = level
        factor.update(
            {
                "title": title,
                "short": short,
                "description": _text(rng, rng.randint(4, 6)),
                "questions": {
                    "reaction": [_question(rng)],
                    "interaction": [_question(rng) for _ in range(rng.randint(1, 2))],
                    "action": [_question(rng)],
                },
                "related": [_factor_id(other, index % per_dimension[(position + 1) % len(DIMENSIONS)])],
                "basis": "interviews",
                "quotes": [{"text": rng.choice(QUOTES), "section": "Results"}],  # real ones: each is verified
                "source": f"Results ({dimension}); synthetic factor {index + 1}",
            }
        )
        factors.append(factor)
    return factors


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:  # the loader refuses anchors and aliases
        return True


def write_catalogues(root: Path, total: int, seed: int = 1) -> None:
    """Replace the dimension catalogues of the project at ``root`` with ``total`` synthetic factors."""
    per_dimension = [total // 3 + (1 if i < total % 3 else 0) for i in range(3)]
    for dimension, count in zip(DIMENSIONS, per_dimension, strict=True):
        path = root / "factors" / f"{dimension}.yml"
        block = yaml.safe_load(path.read_text(encoding="utf-8"))["dimension"]
        data = {"dimension": block, "factors": synthetic_factors(dimension, count, per_dimension, seed)}
        text = "# yaml-language-server: $schema=schema/catalogue.schema.json\n" + yaml.dump(
            data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100
        )
        path.write_text(text, encoding="utf-8")


def make_synthetic_project(target: Path, factors: int, languages: int) -> Path:
    """A project copy with ``factors`` synthetic factors and ``languages`` languages (English + scaffolded)."""
    from generator.i18n import scaffold_language

    extra = EXTRA_LANGUAGES[: languages - 1]
    if len(extra) != languages - 1:
        raise ValueError(f"at most {len(EXTRA_LANGUAGES) + 1} languages")
    copy_project(target, languages=())
    # Remove every translation, then scaffold the wanted ones afresh against the synthetic English.
    shutil.rmtree(target / "factors" / "locales", ignore_errors=True)
    write_catalogues(target, factors)
    for code in extra:
        scaffold_language(target, code)
    return target
