"""Each pattern without the mechanism said to produce it; and each pattern over the posterior.

**Ablations.** Every pattern names the mechanism that produces it (:data:`MECHANISM`); its arms
run again with that mechanism switched off (``mech.*``), same seeds, and its checks are evaluated
again. A pattern that still passes without its mechanism is reported as *not explained* by it.

**Robustness.** The calibration leaves a posterior sample of parameter sets. For each of the
first ``sets`` of them (in the replicate order of :mod:`.posterior`) every arm runs over a few
seeds with that set, and each pattern is judged on its checks' means (a few seeds give no useful
interval): the report gives the share of sets where the pattern holds, and the same for the
headline policy rankings.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from yingzao.experiments.checks import Data, PatternSpec
from yingzao.experiments.pattern_checks import ARMS, patterns
from yingzao.experiments.posterior import drawn, posterior_sets
from yingzao.experiments.replicate import replicate
from yingzao.scenarios import load

# pattern -> (the switches, or a strength set to 0 or to its declared bound, that remove its
# mechanism; what it is)
MECHANISM: dict[int, tuple[dict[str, bool | float], str]] = {
    1: (
        # the functional span only (mech.span also lifts the recreational span, which changes the
        # share of functional groups through the number of recreational ones: see PARTS)
        {"group.span_base": 100.0},
        "organizing span: a leader without coaching can hold only a few members together "
        "(the functional span, lifted to its declared bound of 100 members)",
    ),
    2: (
        {"mech.coaching": False, "mech.founding_help": False},
        "the NGO's accompaniment: coaching of leaders and help in founding teams",
    ),
    3: ({}, "none to switch off: its checks follow from the rules for paid services"),
    4: (
        {"mech.money_shock": False},
        "the shock of money that stops unexpectedly, on groups that did not learn to do without",
    ),
    5: (
        # the federation still forms (the arms differ by it); what it does is switched off
        {"mech.federation_coaching": False, "group.federation_protect": 0.0},
        "the federation's mutual support after the NGO leaves: its coaching and its protection",
    ),
    6: (
        {"mech.coaching": False, "mech.founding_help": False},
        "accompaniment and founding help, which only the incubating NGO gives (its outreach and "
        "academy stay on)",
    ),
}

# pattern -> [(overrides, what they remove)]: parts of a mechanism, or other rules that might
# carry the pattern, each switched off alone on the same seeds. Reported beside the verdict, so
# that a pattern carried by one assumed rule (or by none of the named ones) is seen to be.
PARTS: dict[int, list[tuple[dict[str, bool | float], str]]] = {
    1: [
        ({"mech.span": False}, "both spans (functional and recreational)"),
        ({"group.span_recreational": 500.0}, "the recreational span alone (to its bound)"),
        (
            {"found.mass_functional": 2.0},
            "the functional critical mass, set to the recreational one (2)",
        ),
        ({"group.exponent": 1.0}, "the start-up cost of functional output (exponent 1)"),
    ],
    2: [({"mech.registration": False}, "registration: every group counted as registered")],
    5: [
        ({"mech.federation_coaching": False}, "the federation's coaching alone"),
        (
            {"group.federation_protect": 0.0},
            "the federation's protection alone (an assumed 40% cut of its members' hazard)",
        ),
    ],
}


class _Anything:
    """Stands in for an arm's frame: every selection gives itself, values are NaN."""

    def __getitem__(self, _key):
        return self

    def __eq__(self, _other):
        return self

    __hash__ = object.__hash__

    def sort_values(self, *_a, **_k):
        return self

    def to_numpy(self, *_a, **_k):
        return np.full(2, np.nan)


class _Arms(dict):
    """Records which arms are read."""

    def __getitem__(self, arm):
        self.setdefault(arm, _Anything())
        return super().__getitem__(arm)


class _Recorder(Data):
    """A Data that records which arms the checks read (and gives NaN)."""

    def __init__(self) -> None:
        super().__init__(_Arms(), _Arms())

    def summary(self, arm, col):
        self.summaries[arm]
        return np.full(2, np.nan)

    @property
    def arms(self) -> set[str]:
        return set(self.summaries) | set(self.series)


def arms_read(p: PatternSpec) -> list[str]:
    """The arms a pattern's checks read."""
    rec = _Recorder()
    for c in p.checks:
        c.values(rec)
    return sorted(rec.arms)


def _collect(arms: list[str], seeds: list[int], extra: dict, workers) -> Data:
    summ, ser = {}, {}
    for label in arms:
        scenario, ov = ARMS[label]
        summ[label], ser[label] = replicate(
            scenario, seeds, {**(ov or {}), **extra}, workers, posterior=False
        )
    return Data(summ, ser)


def ablations(seeds: list[int], workers: int | None = None) -> list[dict]:
    """Per pattern: passes with its mechanism (at these seeds) and without it."""
    out = []
    for p in patterns():
        switches, what = MECHANISM[p.number]
        arms = arms_read(p)
        row = {"pattern": p.number, "mechanism": what, "switches": switches, "arms": arms}
        if not switches:
            out.append(row | {"with": None, "without": None, "checks": []})
            continue
        with_ = _collect(arms, seeds, {}, workers)
        without = _collect(arms, seeds, switches, workers)
        checks = []
        for c in p.checks:
            on = dict(c.evaluate(with_))
            off = dict(c.evaluate(without))
            checks.append({"text": c.text, "on": on, "off": off})
        row["with"] = all(c["on"]["pass"] for c in checks)
        # a check with no value without the mechanism (e.g. coached growth with no coaching)
        # cannot fail for that reason: the verdict rests on the checks defined in both
        defined = [c for c in checks if c["off"]["n"] > 0]
        row["undefined"] = [c["text"] for c in checks if c["off"]["n"] == 0]
        row["without"] = all(c["off"]["pass"] for c in defined) if defined else None
        row["checks"] = checks
        row["parts"] = [
            _part(p, arms, seeds, sw, text, with_, workers) for sw, text in PARTS.get(p.number, [])
        ]
        out.append(row)
    return out


def _part(p: PatternSpec, arms, seeds, switches, text, with_: Data, workers) -> dict:
    """One part switched off alone: its checks, its verdict, and whether it changed anything."""
    without = _collect(arms, seeds, switches, workers)
    checks = [dict(c.evaluate(without)) for c in p.checks]
    on = [dict(c.evaluate(with_)) for c in p.checks]
    defined = [c for c in checks if c["n"] > 0]
    return {
        "switches": switches,
        "what": text,
        "holds": all(c["pass"] for c in defined) if defined else None,
        "means": [c["mean"] for c in checks],
        # no check moved at all: the part never acted in these arms
        "inert": all(
            (a["mean"] == b["mean"]) or (np.isnan(a["mean"]) and np.isnan(b["mean"]))
            for a, b in zip(on, checks, strict=True)
        ),
    }


def _holds(p: PatternSpec, d: Data) -> bool:
    """A pattern's verdict on its checks' means only (for few seeds per parameter set)."""
    for c in p.checks:
        x = c.values(d)
        x = x[np.isfinite(x)]
        if not x.size:
            return False
        m = float(x.mean())
        if not (m > c.threshold if c.kind == "above" else m < c.threshold):
            return False
    return True


def _rank(d: Data, a: str, b: str, month: int = 119) -> bool:
    """Arm ``a`` ends with more functional groups than arm ``b`` (mean over seeds)."""
    return float(np.nanmean(d.at(a, month, "orgs_functional"))) > float(
        np.nanmean(d.at(b, month, "orgs_functional"))
    )


RANKINGS: dict[str, Callable[[Data], bool]] = {
    "incubation ends with more functional groups than no support": lambda d: _rank(
        d, "incubation", "baseline"
    ),
    "incubation ends with more functional groups than procurement": lambda d: _rank(
        d, "incubation", "procurement"
    ),
    "incubating beats substituting for the same money": lambda d: _rank(
        d, "incubation same money", "substitution same money"
    ),
    # against the same cohorts kept funded, so ageing is not mistaken for the timing's effect
    "withdrawing after 8 years loses less of the cohort than after 3": lambda d: bool(
        np.nanmean(
            d.survival("support-8y kept", of="cohort") - d.survival("support-8y", of="cohort")
        )
        < np.nanmean(
            d.survival("support-3y kept", of="cohort") - d.survival("support-3y", of="cohort")
        )
    ),
}


def robustness(sets: int, seeds: list[int], workers: int | None = None) -> dict:
    """Share of the posterior's first ``sets`` parameter sets where each pattern and ranking holds.

    Returns ``{"sets": n, "patterns": {number: share}, "rankings": {text: share}}``; ``sets``
    is 0 when there is no posterior (no calibration record).
    """
    post = posterior_sets()
    if post is None or post.empty:
        return {"sets": 0, "patterns": {}, "rankings": {}}
    n = min(sets, len(post))
    held = {p.number: 0 for p in patterns()}
    ranked = dict.fromkeys(RANKINGS, 0)
    for j in range(n):
        summ, ser = {}, {}
        for label, (scenario, ov) in ARMS.items():
            sc, _ = drawn(load(scenario, ov), j, post)  # every seed with set j
            summ[label], ser[label] = replicate(sc, seeds, None, workers, posterior=False)
        d = Data(summ, ser)
        for p in patterns():
            held[p.number] += _holds(p, d)
        for text, f in RANKINGS.items():
            ranked[text] += f(d)
    return {
        "sets": n,
        "seeds": len(seeds),
        "patterns": {k: v / n for k, v in held.items()},
        "rankings": {k: v / n for k, v in ranked.items()},
    }
