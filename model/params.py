"""Parameter declarations and validation.

Every parameter is declared once (in :mod:`yingzao.model.defaults`) with its default, unit,
allowed range and the source of its default. Values from scenario files and from the command line
pass through :func:`coerce`, which rejects unknown keys, wrong types and out-of-range values with a
message that names the key and what is allowed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from yingzao.checks import cut, shown
from yingzao.errors import InputError

# Source label of values set by hand so that the field patterns can emerge, and not calibrated
# (the calibration record names the ones it calibrated; the others keep this label).
TUNED = "hand-set so the field patterns can emerge; not calibrated (docs/calibration.md: screening)"


@dataclass(frozen=True)
class Param:
    """One declared parameter.

    Attributes:
        key: Dotted name, ``section.name``; the section is a model part or a policy.
        default: Default value; its Python type is the parameter's type.
        unit: Unit of the value (e.g. ``yuan``, ``share``, ``per month``).
        lo: Smallest allowed value (numbers only).
        hi: Largest allowed value (numbers only).
        source: Where the default comes from (field report, paper, or calibration).
        doc: One-line meaning.
        choices: Allowed values for text parameters.

    """

    key: str
    default: Any
    unit: str
    lo: float | None = None
    hi: float | None = None
    source: str = ""
    doc: str = ""
    choices: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> type:
        """The parameter's Python type (bool, int, float or str)."""
        return type(self.default)

    @property
    def section(self) -> str:
        """The part of the model or the policy the parameter belongs to."""
        return self.key.split(".", 1)[0]

    def allowed(self) -> str:
        """Human-readable description of the allowed values."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.kind is bool:
            return "true or false"
        if self.lo is not None and self.hi is not None:
            return f"{self.kind.__name__} from {_fmt(self.lo)} to {_fmt(self.hi)}"
        return self.kind.__name__


def _fmt(x: float) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _parse_text(p: Param, text: str) -> Any:
    """Turn command-line text into the parameter's type."""
    t = text.strip()
    if p.kind is bool:
        low = t.lower()
        if low in ("true", "1", "yes", "on"):
            return True
        if low in ("false", "0", "no", "off"):
            return False
        raise InputError(f"{p.key}: {shown(text)} is not {p.allowed()}")
    if p.kind is int:
        try:
            return int(t)  # Python allows 1_000, not _3_0_0_
        except ValueError:
            try:
                f = float(t)
            except ValueError:
                raise InputError(
                    f"{p.key}: {shown(text)} is not a whole number ({p.allowed()})"
                ) from None
            if f.is_integer():
                return int(f)
            if f in (float("inf"), float("-inf")):  # too many digits even for a float
                raise InputError(
                    f"{p.key}: {shown(text)} is out of range; allowed: {p.allowed()} ({p.unit})"
                ) from None
            raise InputError(
                f"{p.key}: {shown(text)} is not a whole number ({p.allowed()})"
            ) from None
    if p.kind is float:
        try:
            return float(t)
        except ValueError:
            raise InputError(f"{p.key}: {shown(text)} is not a number ({p.allowed()})") from None
    return t


def coerce(p: Param, value: Any) -> Any:
    """Check one value against its declaration and return it in the declared type.

    Args:
        p: The declaration.
        value: A value from a scenario file (already typed) or the command line (text).

    Returns:
        The value in the parameter's type.

    Raises:
        InputError: wrong type, not among the choices, or out of range.

    """
    if isinstance(value, str) and p.kind is not str:
        value = _parse_text(p, value)
    if p.kind is bool:
        if not isinstance(value, bool):
            raise InputError(f"{p.key}: {shown(value)} is not {p.allowed()}")
    elif p.kind is int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"{p.key}: {shown(value)} is not a whole number ({p.allowed()})")
        if isinstance(value, float):
            if not value.is_integer():
                raise InputError(f"{p.key}: {shown(value)} is not a whole number ({p.allowed()})")
            value = int(value)
    elif p.kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"{p.key}: {shown(value)} is not a number ({p.allowed()})")
        value = float(value)
        if value != value:  # NaN
            raise InputError(f"{p.key}: NaN is not {p.allowed()}")
    elif p.kind is str:
        if not isinstance(value, str):
            raise InputError(f"{p.key}: {shown(value)} is not text ({p.allowed()})")
    if p.choices and value not in p.choices:
        raise InputError(f"{p.key}: {shown(value)} is not {p.allowed()}")
    if p.lo is not None and value < p.lo or p.hi is not None and value > p.hi:
        raise InputError(
            f"{p.key}: {cut(_number(value))} is out of range; allowed: {p.allowed()} ({p.unit})"
        )
    return value


def _number(value: Any) -> str:
    try:
        return str(value)
    except ValueError:  # an int beyond Python's digit limit for str()
        return shown(value)


def unknown_key_error(key: str, known: list[str]) -> InputError:
    """An error for an unknown key that suggests the nearest known keys."""
    # a key far longer than any real one gets no suggestion (difflib is slow on long text)
    near = difflib.get_close_matches(key, known, n=3, cutoff=0.6) if len(key) <= 100 else []
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    sections = sorted({k.split(".", 1)[0] for k in known})
    return InputError(
        f"unknown parameter {shown(key)}{hint} (sections: {', '.join(sections)}; "
        "'yingzao params SCENARIO' lists every key)"
    )
