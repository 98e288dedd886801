"""The build's quick paths give exactly what the slow, obvious ways give.

The glossary check first looks for a variant's words in a folded copy of the text
(a substring test) before it runs the variant's pattern; the quotation matcher folds
the paper with one ``str.translate``; the offline zip is written by a writer of our
own that deflates each content once; Markdown conversions are kept by content. Each
must give the same answers (bytes) as the obvious way: these tests derive the facts
the quick paths rest on from Python's ``re`` itself, and compare the two ways.
"""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import pytest

from generator.archive import Entry, write_zip
from generator.conversions import markdown_converter
from generator.evidence import _normalise_each, normalise
from generator.glossary import ASCII_LOOKALIKES, find_in_page, folded, variants
from generator.model import Term
from generator.sources import PAPER_FILE

ROOT = Path(__file__).resolve().parent.parent
EVERY_CHARACTER = "".join(map(chr, range(0x110000)))


def test_the_ascii_lookalikes_are_every_character_re_matches_to_ascii_ignoring_case() -> None:
    found: dict[str, set[str]] = {}
    for char in map(chr, range(128)):
        for match in re.finditer(re.escape(char), EVERY_CHARACTER, re.IGNORECASE):
            other = match.group()
            if other.isascii():
                assert other.lower() == char.lower(), (other, char)
            else:
                found.setdefault(other, set()).add(char.lower())
    assert found == {letter: {ascii_letter} for letter, ascii_letter in ASCII_LOOKALIKES}


def test_whitespace_in_a_pattern_is_where_str_split_splits() -> None:
    space = re.compile(r"\s")
    assert [c for c in EVERY_CHARACTER if bool(space.fullmatch(c)) != c.isspace()] == []
    assert all(len(f"a{c}b".split()) == 2 for c in EVERY_CHARACTER if c.isspace())


ALPHABET = [
    "a",
    "b",
    "e",
    "i",
    "I",
    "k",
    "K",
    "s",
    "S",
    "-",
    "'",
    "İ",
    "ı",
    "ſ",
    "\u212a",
    "ß",
    " ",
    "\n",
    "\u00a0",
    "x",
]
WORDS = ["is", "kiss", "Ask", "big-bass", "a"]


@pytest.mark.parametrize("seed", range(4))
def test_the_quick_glossary_test_never_misses_what_the_pattern_finds(seed: int) -> None:
    rng = random.Random(seed)
    avoid = variants(
        [Term(id="t", term="term", avoid=("is", "kiss ask", "big-bass", "i s", "Kin", "größe"), definition="d")]
    )
    checked = 0
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET + WORDS) for _ in range(rng.randint(1, 12)))
        key = folded(text)
        for variant in avoid:
            if variant.pattern.search(text):
                checked += 1
                assert variant.may_occur(key), (variant.text, text)
    assert checked > 100


def test_a_page_with_an_avoided_variant_spelt_with_lookalikes_is_still_reported() -> None:
    avoid = variants([Term(id="t", term="term", avoid=("service users",), definition="d")])
    problems = find_in_page("page.md", "# Page\n\nWe asked the ſervice\n  USERS and \u212aept notes.\n", avoid)
    assert [(p.line, p.column) for p in problems] == [(3, 14)]


def test_the_paper_is_normalised_as_character_by_character() -> None:
    paper = (ROOT / PAPER_FILE).read_text(encoding="utf-8")
    assert normalise(paper) == _normalise_each(paper)
    rng = random.Random(7)
    alphabet = " \n\t\u00a0aAbB’'“”–—-.İıſßΣσ\u212a"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert normalise(text) == _normalise_each(text), repr(text)


def test_the_offline_zip_is_what_zipfile_writes_with_a_cold_and_a_warm_cache(tmp_path: Path) -> None:
    rng = random.Random(3)
    words = [rng.randbytes(6).hex() for _ in range(50)]
    big = " ".join(rng.choice(words) for _ in range(20_000)).encode()  # cached: above SMALLEST_CACHED
    entries = [
        Entry("handbook/index.html", b"<p>small</p>\n", True),
        Entry("handbook/assets/big.js", big, True),
        Entry("handbook/sv/assets/big.js", big, True),  # the same content again
        Entry("handbook/downloads/sheet.pdf", rng.randbytes(5000), False),
        Entry("handbook/empty.txt", b"", True),
        Entry("handbook/för-alla.md", "åäö ".encode() * 500, True),
    ]
    stamp = (2021, 6, 1, 12, 30, 59)
    expected = tmp_path / "zipfile.zip"
    with zipfile.ZipFile(expected, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            info = zipfile.ZipInfo(entry.name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED if entry.deflate else zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entry.data)
    cache = tmp_path / "cache"
    for attempt in ("cold", "warm"):
        written = tmp_path / f"{attempt}.zip"
        write_zip(written, entries, stamp, 0o644 << 16, cache)
        assert written.read_bytes() == expected.read_bytes(), attempt
        assert len(list(cache.rglob("*.deflate"))) == 1
        with zipfile.ZipFile(written) as archive:
            assert archive.testzip() is None
            assert [archive.read(e.name) for e in entries] == [e.data for e in entries]


def test_markdown_kept_by_content_is_what_a_new_conversion_gives(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    texts = [
        "**Bold** and [a link](../model/index.md)",
        "# A heading\n\nA paragraph[^1].\n\n[^1]: A note.",
        "!!! note\n\n    Inside.\n\nTerm\n\n: Its definition",
        "# A heading\n\nA paragraph[^1].\n\n[^1]: A note.",  # the same again: ids and notes as if alone
    ]
    plain = markdown_converter(config.markdown_extensions, config.mdx_configs, None)
    expected = [plain(text) for text in texts]
    cache = tmp_path / "markdown"
    cold = markdown_converter(config.markdown_extensions, config.mdx_configs, cache)
    assert [cold(text) for text in texts] == expected
    assert len(list(cache.rglob("*.html"))) == 3
    for path in cache.rglob("*.html"):  # what is in the cache is what is given back
        path.write_text(path.read_text(encoding="utf-8").replace("<p>", "<p>kept "), encoding="utf-8")
    warm = markdown_converter(config.markdown_extensions, config.mdx_configs, cache)
    assert [warm(text) for text in texts] == [html.replace("<p>", "<p>kept ") for html in expected]
    # Other settings, or an extension whose output may depend on more than the text: not from this cache.
    other = markdown_converter(config.markdown_extensions, {"toc": {"permalink": False}}, cache)
    assert other(texts[1]) != warm(texts[1])
    assert (
        markdown_converter(["codehilite"], {}, cache)(texts[0])
        == '<p><strong>Bold</strong> and <a href="../model/index.md">a link</a></p>'
    )
    assert len(list(cache.rglob("*.html"))) == 4


def test_a_triangle_drawn_with_its_labels_fitted_once_is_the_triangle_drawn_alone() -> None:
    from generator.project import gather
    from generator.render.markdown import diagram_hrefs
    from generator.render.svg import labels_fitted_once, render_triangle

    project = gather(ROOT, "sv")
    variants = [
        {"hrefs": diagram_hrefs("model/index.md"), "uid": "a"},
        {"hrefs": {}, "highlight": "discourses", "uid": "b"},
        {"hrefs": {}, "blank": True, "uid": "c"},
        {"hrefs": diagram_hrefs("diagrams/model.svg"), "standalone": True, "uid": "d"},
    ]
    catalogues = [project.catalogues["en"], project.catalogues["sv"]]
    alone = [render_triangle(c, **v) for c in catalogues for v in variants]  # type: ignore[arg-type]
    with labels_fitted_once():
        shared = [render_triangle(c, **v) for c in catalogues for v in variants]  # type: ignore[arg-type]
    assert shared == alone
    assert len(set(alone)) == len(alone)
