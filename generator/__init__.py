"""The Power Triangle Handbook generator: catalogues → validated model → pages, diagrams, worksheets, PDFs → site.

Public API: :func:`build_site` (every language into a folder, atomically),
:func:`check_project` (validate only), :func:`gather` (the validated project),
and the error types every problem is reported with.
"""

from .build import BuildReport, build_site
from .errors import HandbookError, Problem
from .project import Project, check_project, gather

__all__ = ["BuildReport", "HandbookError", "Problem", "Project", "build_site", "check_project", "gather"]
