"""Checks of arguments to the public functions and of values echoed in error messages.

Public functions (``simulate``, ``compare``, ``run_sweep``, ...) check their arguments with these
before any side effect (a folder created, a process started), so a wrong type or value fails at
once with a message naming the argument, never from deep inside after minutes of work.
"""

from __future__ import annotations

import operator
import os
from typing import Any

from yingzao.errors import InputError

# Seeds are stored as int64 (Parquet, the sweep's run table), so larger ones would run and then
# fail at write time; numpy's SeedSequence takes any non-negative integer below this too.
MAX_SEED = 2**63 - 1
# Echoed values are cut to this many characters: a 5,000-digit number must not make a
# 5,000-character error line.
SHOWN = 80


def shown(value: Any, limit: int = SHOWN) -> str:
    """``repr(value)`` cut to ``limit`` characters, saying how long it was."""
    try:
        text = repr(value)
    except ValueError:  # an int beyond Python's digit limit for str()
        text = f"<a number of about {value.bit_length() * 0.30103:,.0f} digits>"
    return cut(text, limit)


def cut(text: str, limit: int = SHOWN) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 20]}... ({len(text):,} characters)"


def whole(value: Any, name: str, least: int | None = None, most: int | None = None) -> int:
    """``value`` as an int: any integer type but bool, within ``[least, most]``.

    Raises:
        TypeError: not a whole number (a bool, a float, text).
        InputError: out of range (a ValueError, so ``except ValueError`` also catches it).

    """
    if isinstance(value, bool):
        raise TypeError(f"{name}: must be a whole number, not a bool ({value!r})")
    try:
        n = operator.index(value)
    except TypeError:
        raise TypeError(
            f"{name}: must be a whole number, not {type(value).__name__} ({shown(value)})"
        ) from None
    if least is not None and n < least or most is not None and n > most:
        lo = "" if least is None else f"{least:,}"
        hi = "" if most is None else f"{most:,}"
        span = f"from {lo} to {hi}" if lo and hi else (f"at least {lo}" if lo else f"at most {hi}")
        raise InputError(f"{name} {shown(n)}: must be {span}")
    return n


def seed(value: Any, name: str = "seed") -> int:
    """A run seed: a whole number from 0 to 2**63 - 1."""
    return whole(value, name, 0, MAX_SEED)


def seed_range(first: Any, count: int, name: str = "seed") -> int:
    """The first of ``count`` consecutive seeds, all within the allowed range."""
    s = seed(first, name)
    if s + count - 1 > MAX_SEED:
        raise InputError(
            f"{name} {s}: with {count:,} replicates the last seed would be {s + count - 1}, "
            f"above the largest allowed seed {MAX_SEED} (2**63 - 1)"
        )
    return s


def workers(value: Any, name: str = "workers") -> int | None:
    """Worker processes: None (all cores) or a whole number of at least 1."""
    if value is None:
        return None
    return whole(value, name, 1)


def months(value: Any, name: str = "months") -> int | None:
    """Months to run: None (the scenario's ``run.months``) or a whole number of at least 1."""
    if value is None:
        return None
    from yingzao.model.defaults import DECLARATIONS

    hi = int(DECLARATIONS["run.months"].hi)
    n = whole(value, name)
    if not 1 <= n <= hi:
        raise InputError(f"{name} {shown(n)}: run.months must be from 1 to {hi}")
    return n


def mapping(value: Any, name: str) -> dict[str, Any]:
    """``value`` as a dict of settings (None is empty); keys must be text."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise TypeError(
            f"{name}: must be a dict of {{key: value}} settings, not {type(value).__name__}"
        )
    for k in value:
        if not isinstance(k, str):
            raise TypeError(f"{name}: keys must be text such as 'ngo.months', got {shown(k)}")
    return dict(value)


def scenario_ref(value: Any, name: str = "scenario") -> Any:
    """A scenario reference: a name, a path (``str`` or ``os.PathLike``) or a Scenario."""
    from yingzao.scenarios import Scenario

    if isinstance(value, Scenario):
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise TypeError(
        f"{name}: must be a scenario name, a path or a Scenario, not {type(value).__name__}"
    )


def months_once(ov: dict, months: Any, flag: str, key: str) -> None:
    """Refuse a run length typed twice on one command line with two values (which was meant?)."""
    given = ov.get("run.months")
    if given is None or months is None:
        return
    try:
        same = float(str(given).strip()) == float(months)
    except (TypeError, ValueError, OverflowError):
        same = False  # not a number: the disagreement is the clearer message
    if not same:
        raise InputError(f"{flag}{months} and {key}{cut(str(given))} disagree: give one of them")


def something_to_resume(out: os.PathLike, what: str) -> None:
    """Refuse ``--resume`` into a folder that does not exist or is empty.

    A mistyped ``--out`` would otherwise start the whole job again, somewhere else, without a word.
    A file in the way is left to the folder checks, which name it.
    """
    path = os.fspath(out)
    if os.path.isdir(path) and os.listdir(path):
        return
    if os.path.exists(path) and not os.path.isdir(path):
        return
    state = "is empty" if os.path.isdir(path) else "does not exist"
    raise InputError(
        f"--resume: results folder {path} {state}, so there is no {what} to go on with; "
        "check --out, or leave out --resume to start it"
    )
