"""Languages, translations, fallback and translation status, as pure functions over the loaded files.

English is the source. Each other language has, next to nothing but text:

* ``content/<code>/…``: translated guide pages; a page's front matter records
  ``translation_of:``, the fingerprint of the English page it translates;
* ``factors/locales/<code>/<file>.yml``: per catalogue file, entries keyed by
  stable ids, each holding the English text it was made from (``en:``) beside
  the translation — so a changed English text makes the entry *stale*, and the
  translator sees exactly what changed;
* ``factors/locales/<code>/local.yml``: the network's own factors, and ids of
  factors to hide, marked as local wherever they appear.

Anything missing falls back to English, marked as such on the page. The files
are read by :mod:`generator.sources`; the modules here never open one, except
``scaffold``, which writes a new language's files. (``handbook locale export`` and
``import`` read and write in :mod:`generator.locale_exchange`.)

* ``languages``: language codes → languages, their names, theme and search support;
* ``translations``: translation files → checked texts → the translated model;
* ``local``: ``local.yml`` → local factors added, hidden factors removed;
* ``pages``: guide pages → one language's pages, English fallbacks marked;
* ``localise``: all of the above for one language;
* ``status``: how far each language is translated, and what is stale;
* ``scaffold``: ``handbook locale add``;
* ``transfer``: a language ↔ PO/XLIFF units (``handbook locale export`` and ``import``; the file
  formats themselves are :mod:`generator.exchange`).
"""

from .languages import (
    CODE,
    SOURCE,
    Language,
    language_name,
    language_support,
    languages_from,
    search_languages,
    theme_languages,
)
from .local import LocalFactor, LocalFile, apply_local, read_local
from .localise import localise
from .pages import FALLBACK_BANNER, GuidePage, fingerprint, localise_pages
from .scaffold import scaffold_language
from .status import StaleEntry, StatusRow, status_of, translation_status
from .translations import (
    DRAFT,
    PLACEHOLDER,
    STATE,
    TRANSLATABLE_CYCLE,
    TRANSLATABLE_DIMENSION,
    TRANSLATABLE_FACTOR,
    TRANSLATABLE_STEP,
    Translations,
    apply_translations,
    english_entries,
    length_limits,
    read_translations,
    translation_mistake,
    translation_path,
    translations_of,
)

__all__ = [
    "CODE",
    "DRAFT",
    "FALLBACK_BANNER",
    "PLACEHOLDER",
    "SOURCE",
    "STATE",
    "TRANSLATABLE_CYCLE",
    "TRANSLATABLE_DIMENSION",
    "TRANSLATABLE_FACTOR",
    "TRANSLATABLE_STEP",
    "GuidePage",
    "Language",
    "LocalFactor",
    "LocalFile",
    "StaleEntry",
    "StatusRow",
    "Translations",
    "apply_local",
    "apply_translations",
    "english_entries",
    "fingerprint",
    "language_name",
    "language_support",
    "languages_from",
    "length_limits",
    "localise",
    "localise_pages",
    "read_local",
    "read_translations",
    "scaffold_language",
    "search_languages",
    "status_of",
    "theme_languages",
    "translation_mistake",
    "translation_path",
    "translation_status",
    "translations_of",
]
