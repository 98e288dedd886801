"""The paper the model comes from, cited the same way on the slides and the course pack's cover."""

from __future__ import annotations

CITATION = (
    "Ärleskog, C., Vackerberg, N. & Andersson, A.-C. (2021). Balancing power in co-production: "
    "introducing a reflection model. Humanities and Social Sciences Communications, 8, 108."
)
"""The full reference, as on the page References (titles of papers are not translated)."""
DOI_URL = "https://doi.org/10.1057/s41599-021-00790-1"
LICENCE = "CC BY 4.0"
