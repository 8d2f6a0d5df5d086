"""Field targets as data (``calibration/targets.toml``): reading, checking and evaluating them.

A target is a statement about one statistic of one arm (a scenario with overrides), optionally
minus another arm (a paired difference), with a two-sided band for its mean over seeds, a source
and a role (``calibrate`` or ``validate``). An *arm* is identified by its scenario and its sorted
overrides; every target names the arms it needs, so a study runs each arm once per parameter set
and seed, and evaluates every target from those runs.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from yingzao.model.defaults import DECLARATIONS
from yingzao.model.metrics import SERIES_COLUMNS, SUMMARY_EXTRA
from yingzao.model.params import coerce, unknown_key_error
from yingzao.scenarios import load

from yingzao.errors import InputError

ROLES = ("calibrate", "validate")
_KEYS = {"id", "scenario", "set", "statistic", "minus", "band", "source", "role", "caveat"}
STATISTICS = set(SERIES_COLUMNS[1:]) | set(SUMMARY_EXTRA) | {"residents"}


@dataclass(frozen=True)
class Arm:
    """A scenario with overrides: what one run of a target's statistic needs."""

    scenario: str
    set: tuple[tuple[str, Any], ...] = ()

    @property
    def key(self) -> str:
        """A stable name: ``scenario`` or ``scenario|k=v,k=v`` (sorted)."""
        if not self.set:
            return self.scenario
        return self.scenario + "|" + ",".join(f"{k}={v}" for k, v in self.set)

    @property
    def overrides(self) -> dict[str, Any]:
        """The overrides as a dict."""
        return dict(self.set)


@dataclass
class Target:
    """One field target (see the module docstring)."""

    id: str
    arm: Arm
    statistic: str
    band: tuple[float, float]
    source: str
    role: str
    minus: Arm | None = None
    caveat: str = ""
    result: dict = field(default_factory=dict)

    @property
    def center(self) -> float:
        """The middle of the band (what a calibration aims at)."""
        return (self.band[0] + self.band[1]) / 2

    @property
    def halfwidth(self) -> float:
        """Half the band's width."""
        return (self.band[1] - self.band[0]) / 2

    @property
    def arms(self) -> list[Arm]:
        """The arms this target reads."""
        return [self.arm] + ([self.minus] if self.minus is not None else [])

    def values(self, runs: dict[str, dict[int, dict[str, float]]]) -> np.ndarray:
        """Per-seed values of the statistic (paired differences if ``minus``), seeds in order.

        ``runs[arm key][seed]`` holds that run's statistics.
        """
        a = runs[self.arm.key]
        seeds = sorted(a)
        x = np.array([a[s].get(self.statistic, math.nan) for s in seeds], dtype=float)
        if self.minus is not None:
            b = runs[self.minus.key]
            x = x - np.array([b[s].get(self.statistic, math.nan) for s in seeds], dtype=float)
        return x

    def evaluate(self, runs: dict[str, dict[int, dict[str, float]]]) -> dict:
        """Mean, 95% interval over seeds, and whether the mean lies within the band."""
        from scipy import stats

        x = self.values(runs)
        x = x[np.isfinite(x)]
        n = x.size
        mean = float(x.mean()) if n else math.nan
        sd = float(x.std(ddof=1)) if n > 1 else 0.0
        half = float(stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)) if n > 1 else 0.0
        inside = bool(n and self.band[0] <= mean <= self.band[1])
        self.result = {
            "n": n,
            "mean": mean,
            "sd": sd,
            "ci_low": mean - half,
            "ci_high": mean + half,
            "inside": inside,
            # the interval clears the band's edge: the verdict is not an accident of the seeds
            "clear": bool(n and self.band[0] <= mean - half and mean + half <= self.band[1]),
        }
        return self.result


def _arm(where: str, scenario: Any, overrides: Any) -> Arm:
    if not isinstance(scenario, str) or not scenario:
        raise InputError(f"{where}: 'scenario' must be a scenario name")
    ov = overrides or {}
    if not isinstance(ov, dict):
        raise InputError(f"{where}: 'set' must be a table of key = value")
    checked = {}
    for k, v in ov.items():
        p = DECLARATIONS.get(k)
        if p is None:
            raise InputError(f"{where}: {unknown_key_error(k, list(DECLARATIONS))}")
        checked[k] = coerce(p, v)
    load(scenario, checked)  # the arm must resolve (a bad scenario fails here, not in a run)
    return Arm(scenario, tuple(sorted(checked.items())))


def _parse_arm(where: str, text: Any) -> Arm:
    """``scenario`` or ``scenario|key=value,key=value`` (as in a target's ``minus``)."""
    if not isinstance(text, str) or not text:
        raise InputError(f"{where}: 'minus' must be 'scenario' or 'scenario|key=value,...'")
    scenario, _, rest = text.partition("|")
    ov = {}
    for part in filter(None, rest.split(",")):
        k, eq, v = part.partition("=")
        if not eq:
            raise InputError(f"{where}: 'minus': '{part}' is not key=value")
        ov[k.strip()] = v.strip()
    return _arm(where, scenario.strip(), ov)


def _statistic(where: str, s: Any) -> str:
    if not isinstance(s, str) or not s:
        raise InputError(f"{where}: 'statistic' must be a summary key or COLUMN@MONTH")
    col, at, month = s.partition("@")
    if at:
        if col not in SERIES_COLUMNS[1:] or not month.isdigit():
            raise InputError(f"{where}: statistic {s!r}: COLUMN@MONTH needs a series column")
        return s
    if s not in STATISTICS:
        raise InputError(f"{where}: statistic {s!r} is not a summary key")
    return s


def parse_targets(doc: dict, where: str = "targets") -> list[Target]:
    """Check a targets document (``{"target": [ {...}, ... ]}``) and return its targets."""
    rows = doc.get("target")
    if not isinstance(rows, list) or not rows:
        raise InputError(f"{where}: no [[target]] tables")
    out, seen = [], set()
    for i, t in enumerate(rows):
        w = f"{where}: target {i + 1}"
        if not isinstance(t, dict):
            raise InputError(f"{w}: must be a table")
        unknown = sorted(set(t) - _KEYS)
        if unknown:
            raise InputError(
                f"{w}: unknown key '{unknown[0]}'; allowed: {', '.join(sorted(_KEYS))}"
            )
        for k in ("id", "scenario", "statistic", "band", "source", "role"):
            if k not in t:
                raise InputError(f"{w}: '{k}' is missing")
        tid = t["id"]
        if not isinstance(tid, str) or not tid or tid in seen:
            raise InputError(f"{w}: 'id' must be a new, non-empty name (got {tid!r})")
        seen.add(tid)
        w = f"{where}: target '{tid}'"
        band = t["band"]
        if (
            not isinstance(band, list)
            or len(band) != 2
            or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in band)
            or not band[0] < band[1]
        ):
            raise InputError(f"{w}: 'band' must be [low, high] with low < high, got {band!r}")
        if t["role"] not in ROLES:
            raise InputError(f"{w}: 'role' must be one of {', '.join(ROLES)}")
        if not isinstance(t["source"], str) or not t["source"].strip():
            raise InputError(f"{w}: 'source' must name where the band comes from")
        if not isinstance(t.get("caveat", ""), str):
            raise InputError(f"{w}: 'caveat' must be text (why the target tests less than it says)")
        out.append(
            Target(
                id=tid,
                arm=_arm(w, t["scenario"], t.get("set")),
                statistic=_statistic(w, t["statistic"]),
                band=(float(band[0]), float(band[1])),
                source=t["source"].strip(),
                role=t["role"],
                minus=_parse_arm(w, t["minus"]) if "minus" in t else None,
                caveat=t.get("caveat", "").strip(),
            )
        )
    return out


def load_targets(path: str | Path) -> list[Target]:
    """Read and check a targets file."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            doc = tomllib.load(f)
    except OSError as e:
        raise InputError(f"targets file {path}: cannot be read ({e.strerror})") from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"targets file {path}: not valid TOML ({e})") from None
    return parse_targets(doc, where=path.name)


def arms_of(targets: list[Target]) -> dict[str, Arm]:
    """Every arm the targets need, by key (in first-seen order)."""
    out: dict[str, Arm] = {}
    for t in targets:
        for a in t.arms:
            out.setdefault(a.key, a)
    return out


def statistics_of(targets: list[Target], arm_key: str) -> list[str]:
    """The statistics that the targets read from arm ``arm_key``."""
    out: list[str] = []
    for t in targets:
        if arm_key in (a.key for a in t.arms) and t.statistic not in out:
            out.append(t.statistic)
    return out
