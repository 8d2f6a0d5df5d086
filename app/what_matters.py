"""What matters most for a mix's result: a small Morris screening of the model's uncertain rules.

The parameters screened are those the model sets by hand to reproduce the field patterns (their
source says so): the least certain numbers in it. Each is moved within +-25% of the mix's value
(inside its allowed range), one at a time along a few random paths (Morris 1991, as SALib does
it), on one seed and a community of at most 2,000 residents so that it takes seconds. The
ranking says which assumptions the mix's functional groups at the end hang on most.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample
from yingzao.app.i18n import num, t
from yingzao.app.texts_params import doc_text
from yingzao.model.defaults import DECLARATIONS
from yingzao.scenarios import Scenario

import yingzao

SPAN = 0.25  # +-25% around the mix's value
MAX_RESIDENTS = 2000
PATHS = 3  # Morris trajectories: (k + 1) runs each


def uncertain() -> list[str]:
    """Numeric parameters set by hand to reproduce the field patterns (or calibrated)."""
    out = []
    for k, p in DECLARATIONS.items():
        src = p.source.lower()
        numeric = isinstance(p.default, int | float) and not isinstance(p.default, bool)
        if numeric and ("hand-tuned" in src or src.startswith("calibrated")):
            out.append(k)
    return out


def _bounds(scn: Scenario, keys: list[str]) -> list[list[float]]:
    out = []
    for k in keys:
        p, v = DECLARATIONS[k], float(scn.values[k])
        lo, hi = (v * (1 - SPAN), v * (1 + SPAN)) if v else (0.0, SPAN)
        if p.lo is not None:
            lo = max(lo, p.lo)
        if p.hi is not None:
            hi = min(hi, p.hi)
        if hi <= lo:
            hi = lo + 1e-9
        out.append([lo, hi])
    return out


@dataclass
class Ranking:
    """Morris indices per parameter (largest ``mu_star`` first)."""

    keys: list[str]
    mu_star: list[float]
    mu: list[float]
    conf: list[float]
    runs: int
    residents: int


def screen(
    scn: Scenario,
    paths: int = PATHS,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> Ranking:
    """Screen the uncertain parameters on the mix ``scn`` (functional groups at the end).

    ``progress(done, total)`` may raise :class:`Cancelled` to stop.
    """
    keys = uncertain()
    residents = min(int(scn.values["community.residents"]), MAX_RESIDENTS)
    base = scn.with_overrides({"community.residents": residents})
    problem = {"num_vars": len(keys), "names": keys, "bounds": _bounds(base, keys)}
    x = morris_sample.sample(problem, N=paths, num_levels=4, seed=seed)
    y = np.empty(len(x))
    for i, row in enumerate(x):
        ov = {}
        for k, v in zip(keys, row, strict=True):
            ov[k] = int(round(v)) if isinstance(DECLARATIONS[k].default, int) else float(v)
        y[i] = yingzao.simulate(base.with_overrides(ov), seed=seed).summary["orgs_functional"]
        if progress is not None:
            progress(i + 1, len(x))
    res = morris_analyze.analyze(problem, x, y, num_levels=4, seed=seed)
    order = np.argsort(-np.asarray(res["mu_star"]))
    return Ranking(
        keys=[keys[i] for i in order],
        mu_star=[float(res["mu_star"][i]) for i in order],
        mu=[float(res["mu"][i]) for i in order],
        conf=[float(res["mu_star_conf"][i]) for i in order],
        runs=len(x),
        residents=residents,
    )


def sentences(r: Ranking, lang: str, top: int = 5) -> list[str]:
    """The few assumptions the result hangs on most, in words."""
    out = [t("matters.intro", lang, runs=r.runs, n=num(r.residents), k=len(r.keys))]
    for key, ms, mu in list(zip(r.keys, r.mu_star, r.mu, strict=True))[:top]:
        way = t("matters.up" if mu > 0 else "matters.down", lang)
        out.append(
            t(
                "matters.line",
                lang,
                what=doc_text(DECLARATIONS[key].doc, lang),
                param=key,
                d=num(ms, 1),
                way=way,
            )
        )
    return out
