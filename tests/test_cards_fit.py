"""Card fronts hold title, summary and the user's side above the basis line, in every language: nothing runs into it."""

from __future__ import annotations

import re
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


@pytest.fixture(scope="module")
def lay_out():
    """HTML → WeasyPrint's laid-out pages, with the PDFs' stylesheets and fonts, parsed once for every language."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()  # the one the PDFs use: without it the shipped font is not loaded
    stylesheets = [weasyprint.CSS(filename=str(path), font_config=fonts) for path in STYLESHEETS]

    def render(html: str):
        return weasyprint.HTML(string=html, base_url=str(ASSETS / "stylesheets") + "/").render(
            stylesheets=stylesheets, font_config=fonts
        )

    return render


def fronts_only(html: str) -> str:
    """The deck without its back sheets: each sheet is a page of fixed-size cards, laid out on its own, so the
    fronts come out exactly as in the whole deck, at half the layout work."""
    backs = re.compile(r'<section class="pt-card-sheet pt-card-sheet-back".*?</section>', re.DOTALL)
    fronts = html.count('<section class="pt-card-sheet pt-card-sheet-front"')
    stripped, removed = backs.subn("", html)
    assert removed == fronts > 0, (removed, fronts)
    return stripped


@pytest.mark.slow
@pytest.mark.parametrize("code", [language.code for language in PROJECT.languages])
def test_card_fronts_keep_clear_of_their_basis_line(code: str, lay_out) -> None:
    converter = markdown.Markdown(extensions=["attr_list", "tables"])
    cards = next(
        p
        for p in printables_of(PROJECT, code, lambda text: converter.reset().convert(text))
        if p.key == "factor-cards" and p.paper == "a4"
    )
    document = lay_out(fronts_only(cards.html))
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
