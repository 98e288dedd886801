"""Card fronts hold title, summary and the user's side above the basis line, in every language: nothing runs into it."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from generator.assemble import printables_of
from generator.pdf import ASSETS, STYLESHEETS
from generator.project import gather

ROOT = Path(__file__).resolve().parent.parent
PROJECT = gather(ROOT)


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def _has(box, name: str) -> bool:
    return box.element is not None and name in (box.element.get("class") or "").split()


@pytest.mark.slow
@pytest.mark.parametrize("code", [language.code for language in PROJECT.languages])
def test_card_fronts_keep_clear_of_their_basis_line(code: str) -> None:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    converter = markdown.Markdown(extensions=["attr_list", "tables"])
    cards = next(
        p
        for p in printables_of(PROJECT, code, lambda text: converter.reset().convert(text))
        if p.key == "factor-cards" and p.paper == "a4"
    )
    fonts = FontConfiguration()  # the one the PDFs use: without it the shipped font is not loaded
    document = weasyprint.HTML(string=cards.html, base_url=str(ASSETS / "stylesheets") + "/").render(
        stylesheets=[weasyprint.CSS(filename=str(path), font_config=fonts) for path in STYLESHEETS],
        font_config=fonts,
    )
    fronts = [b for page in document.pages for b in _boxes(page._page_box) if _has(b, "pt-card-front")]
    assert len(fronts) == len(PROJECT.catalogues[code].factors)
    crowded = []
    for front in fronts:
        inside = list(_boxes(front))
        basis = min(b.position_y for b in inside if _has(b, "pt-card-basis"))
        flow = [b for b in inside if any(_has(b, n) for n in ("pt-card-title", "pt-card-short", "pt-card-user"))]
        bottom = max(b.position_y + b.margin_height() for b in flow)
        if bottom > basis:
            crowded.append(" ".join(" ".join(front.element.itertext()).split()[:8]))
    assert not crowded, f"{code}: card fronts whose text runs into the basis line: {crowded}"
