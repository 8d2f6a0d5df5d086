"""Reading scenario and sweep-spec files safely: regular ``.toml`` files of bounded size, as UTF-8.

Everything that can go wrong reading such a file is one :class:`~yingzao.errors.InputError` that
names the file and never shows its content: a path that is a folder, a device (``/dev/zero``
would be read until memory runs out) or a pipe (would block), a file too large to be a scenario,
text that is not UTF-8, TOML that is malformed, nested too deeply for the parser, or holds a number
too long for Python. A UTF-8 byte-order mark (what Windows Notepad writes) is accepted.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from yingzao.checks import cut
from yingzao.errors import InputError

__all__ = ["MAX_BYTES", "read_toml"]

# A scenario or a sweep spec is a few kilobytes; a megabyte leaves room for long comments.
MAX_BYTES = 1_000_000
_BOM = b"\xef\xbb\xbf"


def _position(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {col}"


def read_bytes(path: Path, what: str, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; never blocks on a pipe or device.

    Raises:
        InputError: missing, unreadable, not a regular file, or too large.

    """
    name = cut(str(path))
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; a regular file ignores it
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise InputError(f"{what} {name}: cannot be read ({e.strerror or e})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            raise InputError(f"{what} {name}: is {kind}; give a .toml file")
        if st.st_size > max_bytes:
            raise InputError(
                f"{what} {name}: is {st.st_size:,} bytes, more than the {max_bytes:,} a "
                "scenario or spec file may have"
            )
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(max_bytes + 1)
    except OSError as e:
        raise InputError(f"{what} {name}: cannot be read ({e.strerror or e})") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # grew while being read
        raise InputError(f"{what} {name}: is more than {max_bytes:,} bytes")
    return data


def decode(data: bytes, what: str, name: str) -> str:
    """UTF-8 text of ``data`` (a leading byte-order mark dropped).

    Raises:
        InputError: the bytes are not UTF-8; the message gives the place of the first bad byte.

    """
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{what} {cut(name)}: is not UTF-8 text (byte 0x{data[e.start]:02x} at "
            f"{_position(data, e.start)}); save it as UTF-8"
        ) from None


def parse(text: str, what: str, name: str) -> dict[str, Any]:
    """The TOML document in ``text``.

    Raises:
        InputError: malformed TOML, nesting too deep for the parser, or a number too long.

    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{what} {cut(name)}: not valid TOML ({e})") from None
    except RecursionError:
        raise InputError(
            f"{what} {cut(name)}: arrays or tables are nested too deeply to be read"
        ) from None
    except ValueError:
        # int() refuses numbers of more than 4,300 digits (Python's guard against slow parsing)
        raise InputError(f"{what} {cut(name)}: holds a number with too many digits") from None


def read_toml(path: str | Path, what: str, max_bytes: int = MAX_BYTES) -> tuple[str, dict]:
    """Read a ``.toml`` file as ``(text, document)``.

    Args:
        path: The file; it must end in ``.toml`` and be a regular file.
        what: How messages name it (``scenario file``, ``sweep spec``).
        max_bytes: Largest size accepted.

    Raises:
        InputError: see the module docstring.

    """
    path = Path(path)
    if path.suffix.lower() != ".toml":
        raise InputError(
            f"{what} {cut(str(path))}: only .toml files are read (a built-in scenario name or a "
            "path ending in .toml)"
        )
    text = decode(read_bytes(path, what, max_bytes), what, str(path))
    return text, parse(text, what, str(path))
