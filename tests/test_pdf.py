"""What a printer gets: the PDFs' pages, sizes, text, form fields, fonts, and the card deck's duplex alignment.

The facts are read with poppler's tools (pdftotext, pdfinfo), which read a page some fifty times faster
than pypdf; pypdf reads only what poppler does not show (form fields, /Lang, the fonts' dictionaries).
Each PDF is read once per process: several tests ask the same file.
"""

from __future__ import annotations

import functools
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


def poppler(tool: str, *args: str) -> str:
    assert shutil.which(tool), f"the PDF tests read PDFs with poppler's {tool}: apt-get install poppler-utils"
    return subprocess.run([tool, *args], capture_output=True, check=True).stdout.decode("utf-8")


@functools.cache
def page_texts(path: Path) -> tuple[str, ...]:
    """The text of each page as poppler's pdftotext reads it (pypdf reads the same, some fifty times slower)."""
    return tuple(poppler("pdftotext", "-enc", "UTF-8", str(path), "-").split("\f")[:-1])  # each page ends with \f


@functools.cache
def media_boxes(path: Path) -> tuple[tuple[float, float], ...]:
    """Each page's /MediaBox (width, height) in points, as pdfinfo reads the page tree: one per page."""
    info = poppler("pdfinfo", "-box", "-f", "1", "-l", "1000000", str(path))
    boxes = re.findall(r"^Page +\d+ MediaBox: +(\S+) +(\S+) +(\S+) +(\S+)$", info, re.M)
    pages = int(re.search(r"^Pages: +(\d+)$", info, re.M).group(1))
    assert len(boxes) == pages, (path.name, pages, boxes)
    return tuple((float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes)


@functools.cache
def link_targets(path: Path) -> tuple[str, ...]:
    """Where the links on a PDF's pages lead (pdfinfo lists every page's link annotations with a URI)."""
    listing = poppler("pdfinfo", "-url", "-f", "1", "-l", "1000000", str(path)).splitlines()
    assert listing[0].split() == ["Page", "Type", "URL"], listing[:1]
    return tuple(line.split(None, 2)[2] for line in listing[1:] if line.strip())


@functools.cache
def project_of(root: Path):
    """The built handbook's sources as the generator reads them (an immutable model), gathered once per process."""
    return gather(root)


def text_of(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page_texts(path)))


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@functools.cache
def page_lines(path: Path) -> tuple[tuple[tuple[str, float, float], ...], ...]:
    """Each page's lines of text with where each begins: (text, x, y down from the top edge), in points."""
    import xml.etree.ElementTree as ET

    space = "{http://www.w3.org/1999/xhtml}"
    layout = ET.fromstring(poppler("pdftotext", "-enc", "UTF-8", "-bbox-layout", str(path), "-"))
    return tuple(
        tuple(
            (
                words(" ".join(word.text or "" for word in line.iter(f"{space}word"))),
                round(float(line.get("xMin")), 1),
                round(float(line.get("yMin")), 1),
            )
            for line in page.iter(f"{space}line")
        )
        for page in layout.iter(f"{space}page")
    )


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("paper", SIZES)
def test_each_worksheet_is_one_page_of_the_right_size(built, code: str, paper: str) -> None:
    for sheet in SHEETS:
        boxes = media_boxes(path_of(built, code, f"worksheet-{sheet}-{code}-{paper}.pdf"))
        assert len(boxes) == 1, (code, paper, sheet)
        assert boxes[0] == pytest.approx(SIZES[paper], abs=0.5)


@pytest.mark.parametrize("code", LANGUAGES)
def test_worksheets_hold_their_questions_fields_metadata_and_fonts(built, code: str) -> None:
    catalogue = project_of(built.root).catalogues[code]
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
        assert len(pages) == len(media_boxes(path)), path.name
        for page in (pages[0], pages[-1]):
            text = words(page)
            assert "doi:10.1057/s41599-021-00790-1" in text, path.name
            assert "CC BY 4.0" in text
            assert re.search(r"\d+\.\d+\.\d+", text)


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_printout_links_to_a_file_on_the_machine_that_made_it(built, code: str) -> None:
    # A PDF travels alone: a link to one of the handbook's pages, resolved against the folder it was
    # rendered in, would lead nowhere for its reader and name a folder of the machine that built it.
    for path in (built.site / LANGUAGES[code] / "downloads").glob("*.pdf"):
        local = [target for target in link_targets(path) if not target.startswith(("https:", "http:", "mailto:"))]
        assert not local, f"{path.name} links to {local[:3]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_card_deck_fronts_and_mirrored_backs_line_up(built, code: str) -> None:
    catalogue = project_of(built.root).catalogues[code]
    for paper in SIZES:
        path = path_of(built, code, f"factor-cards-{code}-{paper}.pdf")
        lines, texts = page_lines(path), page_texts(path)
        sheets = math.ceil(len(catalogue.factors) / CARDS_PER_SHEET)
        assert len(lines) == len(texts) == 2 * sheets
        sums: list[float] = []
        for sheet in range(sheets):
            front_titles, back_titles = lines[2 * sheet], lines[2 * sheet + 1]
            chunk = catalogue.factors[sheet * CARDS_PER_SHEET : (sheet + 1) * CARDS_PER_SHEET]
            for factor in chunk:
                fx, fy = position_of(front_titles, factor.title)
                bx, by = position_of(back_titles, factor.title)
                assert row(by) == row(fy), factor.id  # same row of the grid
                sums.append(fx + bx)
            text = words(texts[2 * sheet + 1])
            for factor in chunk:
                assert words(factor.questions.reaction[0])[:20] in text
        # Flipped on the long edge, a back card sits exactly behind its front: x_front + x_back is the same for every card.
        assert max(sums) - min(sums) < 2.0, sums


def row(y: float) -> int:
    """Which row of cards a point y points below the top edge is in (rows start 17 mm down: page margin + sheet margin)."""
    return int((y / 72 * 25.4 - 17) // CARD_HEIGHT_MM)


def position_of(lines: tuple[tuple[str, float, float], ...], title: str) -> tuple[float, float]:
    title = words(title)

    # A line the title starts with is its first line; other text may merely begin with the same words
    # (German titles and questions both begin "Nutzerinnen und Nutzer …"), so it counts only when none is found.
    def lines_from(x: float, y: float) -> str:
        # The line and the lines below it in the same column: a title split over lines, read whole again.
        below = sorted((py, t) for t, px, py in lines if abs(px - x) < 0.5 and y <= py < y + 60)
        return " ".join(t for _, t in below)

    found = [
        (len(text), x, y)
        for text, x, y in lines
        if len(text) >= 5 and title.startswith(text) and lines_from(x, y).startswith(title)
    ]
    found = found or [(len(text), x, y) for text, x, y in lines if len(text) >= 5 and text.startswith(title[:15])]
    assert found, f"{title!r} not found on the page"
    _, x, y = max(found)  # the longest match: a badge such as "Organisation" must not pass for the title
    return x, y


def test_course_pack_bundles_guide_plans_worksheets_and_cards(built) -> None:
    project = project_of(built.root)
    for code in LANGUAGES:
        path = path_of(built, code, f"course-pack-{code}-a4.pdf")
        catalogue = project.catalogues[code]
        text = text_of(path)
        assert len(media_boxes(path)) > 20
        assert catalogue.t("worksheet_cycle_title") in text
        assert words(catalogue.factors[0].title) in text
        # Each course page, by its title (in the language, or the English page it falls back to).
        for page in COURSE_PAGES:
            title = read_front_matter(project.guides[code][page].text)[0]["title"]
            assert words(title) in text, (code, title)


@pytest.mark.slow
def test_rebuilding_without_changes_renders_no_pdf_and_gives_identical_files(built, tmp_path: Path) -> None:
    again = build_site(built.root, tmp_path / "again")
    assert again.pdfs_rendered == 0
    for path in built.site.rglob("*.pdf"):
        assert (tmp_path / "again" / path.relative_to(built.site)).read_bytes() == path.read_bytes()


def test_same_html_gives_byte_identical_pdf_in_separate_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib
    import os
    import sys
    import time

    from generator.pdf import _render

    html = '<html lang="en"><head><title>T</title></head><body><article class="pt-sheet"><p>Hello åäö</p><textarea name="x"></textarea></article></body></html>'
    script = f"import hashlib; from generator.pdf import _render; print(hashlib.sha256(_render({html!r})).hexdigest())"
    # No clock given: the build's own default must hold. This process is one renderer, a fresh one the other:
    # its own string hashing (a seed of its own, or another fixed one if the tests run with a fixed seed).
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    env = dict(os.environ)
    if env.get("PYTHONHASHSEED", "random") != "random":
        env["PYTHONHASHSEED"] = str((int(env["PYTHONHASHSEED"]) + 1) % 2**32)
    digests = {hashlib.sha256(_render(html)).hexdigest()}
    time.sleep(1.1)  # embedded fonts are time-stamped to the second: the second run must see another clock
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    digests.add(run.stdout.strip())
    assert len(digests) == 1, digests
    assert hashlib.sha256(b"").hexdigest() not in digests
