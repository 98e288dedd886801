"""The Power Triangle Handbook generator: catalogues → validated model → site."""

from .errors import HandbookError, Problem

__all__ = ["HandbookError", "Problem"]
