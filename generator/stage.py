"""Files by path → a folder on disk, touching only what changed.

``mkdocs serve`` watches the folder it builds from: rewriting unchanged files
would make it rebuild forever, so unchanged files are left alone and files no
longer produced are removed.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_files(folder: Path, files: dict[str, str | bytes]) -> int:
    """Write ``files`` into ``folder``, leaving alone those already holding the same content; return how many were written."""
    written = 0
    for relative, content in files.items():
        target = folder / relative
        data = content.encode("utf-8") if isinstance(content, str) else content
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp{os.getpid()}")
        temporary.write_bytes(data)
        temporary.replace(target)
        written += 1
    return written


def sync_folder(folder: Path, files: dict[str, str | bytes]) -> int:
    """Make ``folder`` hold exactly ``files``; return how many files were written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = write_files(folder, files)
    wanted = {str(Path(p)) for p in files}
    for existing in sorted(folder.rglob("*"), reverse=True):
        relative = str(existing.relative_to(folder))
        if existing.is_file() and relative not in wanted:
            existing.unlink()
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    return written
