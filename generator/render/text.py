"""Model text → escaped markup that says which language it is in.

A text still in English on a translated page is wrapped in ``lang="en"`` (so a
screen reader switches voice, WCAG 3.1.2) and marked visibly as a fallback; a
stale translation is marked too. Local additions carry a badge.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model import Localised


def inline(item: Localised, name: str) -> Markup:
    """One field of a model object as inline markup."""
    value = escape(getattr(item, name))
    if name in item.fallback:
        return Markup('<span lang="en" class="pt-fallback">{}</span>').format(value)
    return Markup(value)


def block(item: Localised, name: str) -> Markup:
    """A multi-paragraph field as Markdown inside an element that carries its language."""
    # YAML folds a blank line into one newline; Markdown needs a blank line between paragraphs.
    value = "\n\n".join(p.strip() for p in str(escape(getattr(item, name))).split("\n") if p.strip())
    if name in item.fallback:
        return Markup('<div lang="en" class="pt-fallback" markdown>\n\n{}\n\n</div>').format(Markup(value))
    return Markup(value)


def items(item: Localised, name: str, key: str | None = None) -> list[Markup]:
    """Each element of a list field (``questions.reaction`` → name='questions', key='reaction')."""
    values = getattr(item, name)
    field = name
    if key is not None:
        values = getattr(values, key)
        field = f"{name}.{key}"
    out = []
    for value in values:
        text = escape(value)
        out.append(
            Markup('<span lang="en" class="pt-fallback">{}</span>').format(text)
            if field in item.fallback
            else Markup(text)
        )
    return out
