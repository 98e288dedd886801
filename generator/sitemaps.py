"""Where each page lives on the web: absolute hreflang roots, and a sitemap in every folder of pages.

Both exist only when ``site_url`` says where the handbook is published: a
relative hreflang link is invalid, and a sitemap lists absolute addresses.
Material's script fetches the ``sitemap.xml`` beside every ``rel=alternate``
link of a page; with hreflang links that lead to the same page in each
language, that is the page's own folder, so each folder gets the part of the
language's sitemap that lies in it.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Protocol

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


class _Language(Protocol):
    code: str

    @property
    def prefix(self) -> str: ...


def hreflang_roots(languages: Iterable[_Language], site_url: str | None) -> list[dict[str, str]]:
    """Each language's root address for the page's hreflang links, and x-default (the root language)."""
    if not site_url:
        return []
    root = site_url.rstrip("/") + "/"
    links = [{"lang": language.code, "root": root + language.prefix} for language in languages]
    links.append({"lang": "x-default", "root": root})
    return links


def folder_sitemaps(sitemap: str, site_url: str) -> dict[str, str]:
    """One language's ``sitemap.xml`` → the sitemap of each folder that holds pages, by folder."""
    base = site_url.rstrip("/") + "/"
    entries = ET.fromstring(sitemap).findall(f"{{{NS}}}url")
    folders: dict[str, list[ET.Element]] = {}
    for entry in entries:
        loc = entry.findtext(f"{{{NS}}}loc", default="")
        if not loc.startswith(base):
            continue
        folder = posixpath.dirname(loc[len(base) :])
        if folder:
            folders.setdefault(folder, [])
    for entry in entries:
        path = entry.findtext(f"{{{NS}}}loc", default="")[len(base) :]
        for folder, members in folders.items():
            if path.startswith(folder + "/"):
                members.append(entry)
    ET.register_namespace("", NS)
    result = {}
    for folder, members in sorted(folders.items()):
        root = ET.Element(f"{{{NS}}}urlset")
        root.extend(members)
        result[folder] = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    return result
