"""The Thai fonts the documents are set in.

The PDF embeds Sarabun (OFL-1.1) from the ``fontpkg-sarabun`` package, found the way
STACK.md says (``fontpkg.path("Sarabun")``). The DOCX names "TH Sarabun New", the font
Thai government offices use, so staff editing in Word see their usual face.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PDF_FAMILY = "Sarabun"
DOCX_FONT = "TH Sarabun New"
DOCX_BODY_PT = 16  # the size Thai offices write memoranda in (TH Sarabun New)

# fpdf2 style → (weight, style) in fontpkg
_STYLES = {"": (400, "normal"), "B": (700, "normal"), "I": (400, "italic"), "BI": (700, "italic")}


class FontMissing(RuntimeError):
    """The Sarabun TTFs are not installed (pip install fontpkg-sarabun)."""


@lru_cache(maxsize=1)
def sarabun_files() -> dict[str, Path]:
    """fpdf2 style ("", "B", "I", "BI") → the Sarabun TTF file; Regular and Bold must exist."""
    try:
        import fontpkg
    except ImportError as exc:  # pragma: no cover - the dependency is in pyproject
        raise FontMissing("fontpkg is not installed") from exc
    files: dict[str, Path] = {}
    for style, (weight, slant) in _STYLES.items():
        try:
            path = Path(fontpkg.path(PDF_FAMILY, weight=weight, style=slant))
        except Exception:  # noqa: BLE001 - fontpkg raises its own errors for a missing face
            continue
        if path.is_file():
            files[style] = path
    if "" not in files or "B" not in files:
        raise FontMissing("Sarabun Regular and Bold TTFs were not found (pip install fontpkg-sarabun)")
    return files
