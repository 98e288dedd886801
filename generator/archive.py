"""Files → a zip archive, byte for byte what Python's ``zipfile`` writes, each distinct content deflated once.

Deflating is most of the time a zip takes, and most of what the offline zip holds
is the same from build to build (the theme's scripts, stylesheets and search
languages) and from language to language. So a content's deflated bytes are kept
in a cache folder under the SHA-256 of the content (and the zlib version and
level, which decide the bytes), and reused. The archive is the one ``zipfile``
writes with ``ZipInfo(name, date_time)``, ``ZIP_DEFLATED`` at the default level
or ``ZIP_STORED``: tests/test_quick_checks.py compares the two byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

LEVEL = zlib.Z_DEFAULT_COMPRESSION
"""As ``zipfile`` deflates by default."""
STORED, DEFLATED = 0, 8
VERSION = 20
"""The version ``zipfile`` writes as made by and needed to extract (2.0, deflate)."""
MADE_ON = 0 if sys.platform == "win32" else 3
"""As ``zipfile`` says which system made the archive (3: Unix)."""
SMALLEST_CACHED = 16 * 1024
"""Smaller contents are deflated again each time: quicker than a file of their own in the cache."""


@dataclass(frozen=True)
class Entry:
    """One file of the archive."""

    name: str
    data: bytes
    deflate: bool
    """False for what is compressed already (PDFs, fonts, images): stored as it is."""


def write_zip(
    target: Path, entries: list[Entry], date_time: tuple[int, ...], mode: int, cache_dir: Path | None = None
) -> None:
    """Write ``entries`` in this order, every one with the same date and permissions, into the zip ``target``."""
    dostime = date_time[3] << 11 | date_time[4] << 5 | date_time[5] // 2
    dosdate = (date_time[0] - 1980) << 9 | date_time[1] << 5 | date_time[2]
    deflated: dict[bytes, bytes] = {}  # within this archive: every language has the theme's files
    central: list[bytes] = []
    offset = 0
    with open(target, "wb") as out:
        for entry in entries:
            if entry.deflate:
                digest = hashlib.sha256(entry.data).digest()
                if digest not in deflated:
                    deflated[digest] = _deflated(entry.data, digest, cache_dir)
                body, method = deflated[digest], DEFLATED
            else:
                body, method = entry.data, STORED
            try:
                name, flags = entry.name.encode("ascii"), 0
            except UnicodeEncodeError:
                name, flags = entry.name.encode("utf-8"), 0x800
            crc = zlib.crc32(entry.data)
            fields = (flags, method, dostime, dosdate, crc, len(body), len(entry.data), len(name))
            out.write(struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", VERSION, 0, *fields, 0))
            out.write(name)
            out.write(body)
            record = struct.pack(
                "<4s4B4HL2L5H2L", b"PK\x01\x02", VERSION, MADE_ON, VERSION, 0, *fields, 0, 0, 0, 0, mode, offset
            )
            central.append(record + name)
            offset += 30 + len(name) + len(body)
        directory = b"".join(central)
        out.write(directory)
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0))


def _deflated(data: bytes, digest: bytes, cache_dir: Path | None) -> bytes:
    """``data`` deflated as ``zipfile`` does it (raw stream), from the cache when it was deflated before."""
    cached = None
    if cache_dir is not None and len(data) >= SMALLEST_CACHED:
        cached = cache_dir / f"{zlib.ZLIB_RUNTIME_VERSION}-{LEVEL}" / f"{digest.hex()}.deflate"
        try:
            return cached.read_bytes()
        except FileNotFoundError:
            pass
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    body = compressor.compress(data) + compressor.flush()
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_name(f"{cached.name}.tmp{os.getpid()}")
        temporary.write_bytes(body)
        temporary.replace(cached)
    return body
