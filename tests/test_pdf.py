"""What a printer gets: the PDFs' pages, sizes, text, form fields, fonts, and the card deck's duplex alignment."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.assemble import COURSE_PAGES
from generator.build import build_site
from generator.load import read_front_matter
from generator.project import gather
from generator.render.worksheet import CARD_HEIGHT_MM, CARDS_PER_SHEET

LANGUAGES = {"en": "", "sv": "sv/", "de": "de/", "da": "da/"}
SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
SHEETS = ("resources", "discourses", "contexts", "cycle", "blank")


def path_of(built, code: str, name: str) -> Path:
    return built.site / LANGUAGES[code] / "downloads" / name


def pdf(built, code: str, name: str) -> PdfReader:
    return PdfReader(path_of(built, code, name))


def page_texts(path: Path) -> list[str]:
    """The text of each page as poppler's pdftotext reads it (pypdf reads the same, some fifty times slower)."""
    assert shutil.which("pdftotext"), "the PDF tests read text with pdftotext: apt-get install poppler-utils"
    run = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return run.stdout.decode("utf-8").split("\f")[:-1]  # every page ends with a form feed


def text_of(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page_texts(path)))


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("paper", SIZES)
def test_each_worksheet_is_one_page_of_the_right_size(built, code: str, paper: str) -> None:
    for sheet in SHEETS:
        reader = pdf(built, code, f"worksheet-{sheet}-{code}-{paper}.pdf")
        assert len(reader.pages) == 1, (code, paper, sheet)
        box = reader.pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(SIZES[paper], abs=0.5)


@pytest.mark.parametrize("code", LANGUAGES)
def test_worksheets_hold_their_questions_fields_metadata_and_fonts(built, code: str) -> None:
    catalogue = gather(built.root, only=code).catalogues[code]
    for dimension in catalogue.dimensions:
        reader = pdf(built, code, f"worksheet-{dimension.id}-{code}-a4.pdf")
        text = text_of(path_of(built, code, f"worksheet-{dimension.id}-{code}-a4.pdf"))
        # The step names, every factor's title (checklist) and the guiding questions, as text.
        for step in catalogue.cycle.steps:
            assert step.title in text
        for factor in dimension.factors:
            assert words(factor.title)[:25] in text, (code, factor.id)
        assert words(dimension.guiding_questions[0])[:30] in text
        # Fillable: text areas, inputs and a checkbox per factor.
        fields = reader.get_fields()
        assert f"{dimension.id}-reaction-notes" in fields
        assert f"{dimension.id}-interaction-notes" in fields
        assert f"{dimension.id}-what-0" in fields
        for factor in dimension.factors:
            assert f"{dimension.id}-{factor.id}" in fields
        # Metadata and language.
        meta = reader.metadata
        assert catalogue.t("worksheet_for", dimension=dimension.title) in meta.title
        assert "Ärleskog" in meta.author
        assert meta.subject == catalogue.t("model_title")
        assert reader.trailer["/Root"]["/Lang"] == code
        # Fonts embedded, and the handbook's own.
        fonts = reader.pages[0]["/Resources"]["/Font"]
        for font in fonts.values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)[
                "/FontDescriptor"
            ].get_object()
            assert any(key.startswith("/FontFile") for key in descriptor), font["/BaseFont"]
            assert "Atkinson" in font["/BaseFont"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_provenance_footer_on_every_printout(built, code: str) -> None:
    for path in (built.site / LANGUAGES[code] / "downloads").glob("*.pdf"):
        pages = page_texts(path)
        assert len(pages) == len(PdfReader(path).pages), path.name
        for page in (pages[0], pages[-1]):
            text = words(page)
            assert "doi:10.1057/s41599-021-00790-1" in text, path.name
            assert "CC BY 4.0" in text
            assert re.search(r"\d+\.\d+\.\d+", text)


def link_targets(path: Path) -> list[str]:
    """Where the links on a PDF's pages lead."""
    targets = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_printout_links_to_a_file_on_the_machine_that_made_it(built, code: str) -> None:
    # A PDF travels alone: a link to one of the handbook's pages, resolved against the folder it was
    # rendered in, would lead nowhere for its reader and name a folder of the machine that built it.
    for path in (built.site / LANGUAGES[code] / "downloads").glob("*.pdf"):
        local = [target for target in link_targets(path) if not target.startswith(("https:", "http:", "mailto:"))]
        assert not local, f"{path.name} links to {local[:3]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_card_deck_fronts_and_mirrored_backs_line_up(built, code: str) -> None:
    catalogue = gather(built.root, only=code).catalogues[code]
    for paper, (_width, _) in SIZES.items():
        reader = pdf(built, code, f"factor-cards-{code}-{paper}.pdf")
        sheets = math.ceil(len(catalogue.factors) / CARDS_PER_SHEET)
        assert len(reader.pages) == 2 * sheets
        sums: list[float] = []
        for sheet in range(sheets):
            front, back = reader.pages[2 * sheet], reader.pages[2 * sheet + 1]
            front_titles = title_positions(front)
            back_titles = title_positions(back)
            chunk = catalogue.factors[sheet * CARDS_PER_SHEET : (sheet + 1) * CARDS_PER_SHEET]
            for factor in chunk:
                fx, fy = position_of(front_titles, factor.title)
                bx, by = position_of(back_titles, factor.title)
                assert row(front, by) == row(front, fy), factor.id  # same row of the grid
                sums.append(fx + bx)
            text = words(back.extract_text())
            for factor in chunk:
                assert words(factor.questions.reaction[0])[:20] in text
        # Flipped on the long edge, a back card sits exactly behind its front: x_front + x_back is the same for every card.
        assert max(sums) - min(sums) < 2.0, sums


def title_positions(page) -> list[tuple[str, float, float]]:
    """Every piece of text on a page with its position (a card title may be split over lines)."""
    pieces: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((words(text), round(x, 1), round(y, 1)))

    page.extract_text(visitor_text=visit)
    return pieces


def row(page, y: float) -> int:
    """Which row of cards a point is in (rows start 17 mm below the top edge: page margin + sheet margin)."""
    from_top_mm = (float(page.mediabox.height) - y) / 72 * 25.4
    return int((from_top_mm - 17) // CARD_HEIGHT_MM)


def position_of(pieces: list[tuple[str, float, float]], title: str) -> tuple[float, float]:
    title = words(title)

    # A piece the title starts with is its first line; other text may merely begin with the same words
    # (German titles and questions both begin "Nutzerinnen und Nutzer …"), so it counts only when none is found.
    def lines_from(x: float, y: float) -> str:
        # The piece and the lines below it in the same column: a title split over lines, read whole again.
        below = sorted(((py, t) for t, px, py in pieces if abs(px - x) < 0.5 and y - 60 < py <= y), reverse=True)
        return " ".join(t for _, t in below)

    found = [
        (len(text), x, y)
        for text, x, y in pieces
        if len(text) >= 5 and title.startswith(text) and lines_from(x, y).startswith(title)
    ]
    found = found or [(len(text), x, y) for text, x, y in pieces if len(text) >= 5 and text.startswith(title[:15])]
    assert found, f"{title!r} not found on the page"
    _, x, y = max(found)  # the longest match: a badge such as "Organisation" must not pass for the title
    return x, y


def test_course_pack_bundles_guide_plans_worksheets_and_cards(built) -> None:
    for code in LANGUAGES:
        reader = pdf(built, code, f"course-pack-{code}-a4.pdf")
        project = gather(built.root, only=code)
        catalogue = project.catalogues[code]
        text = text_of(path_of(built, code, f"course-pack-{code}-a4.pdf"))
        assert len(reader.pages) > 20
        assert catalogue.t("worksheet_cycle_title") in text
        assert words(catalogue.factors[0].title) in text
        # Each course page, by its title (in the language, or the English page it falls back to).
        for path in COURSE_PAGES:
            title = read_front_matter(project.guides[code][path].text)[0]["title"]
            assert words(title) in text, (code, title)


@pytest.mark.slow
def test_rebuilding_without_changes_renders_no_pdf_and_gives_identical_files(built, tmp_path: Path) -> None:
    again = build_site(built.root, tmp_path / "again")
    assert again.pdfs_rendered == 0
    for path in built.site.rglob("*.pdf"):
        assert (tmp_path / "again" / path.relative_to(built.site)).read_bytes() == path.read_bytes()


def test_same_html_gives_byte_identical_pdf_in_separate_processes() -> None:
    import hashlib
    import os
    import subprocess
    import sys
    import time

    script = (
        "import hashlib; from generator.pdf import _render; "
        'html = \'<html lang="en"><head><title>T</title></head><body><article class="pt-sheet"><p>Hello åäö</p><textarea name="x"></textarea></article></body></html>\'; '
        "print(hashlib.sha256(_render(html)).hexdigest())"
    )
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    digests = set()
    for _ in range(2):
        run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        digests.add(run.stdout)
        time.sleep(1.1)  # embedded fonts are time-stamped to the second: the second run must see another clock
    assert len(digests) == 1, digests
    assert hashlib.sha256(b"").hexdigest() not in digests
