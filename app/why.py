"""Why a mix comes out as it does: which of the model's mechanisms carry the result.

The mix is run again with each mechanism switched off (every ``mech.*`` key the model
declares, one at a time), on the same seeds as the mix itself, through the ordinary paired
comparison. A mechanism "carries" the result when switching it off changes the functional groups
at the end, or their survival after the money stops, by a clear amount (the paired 95% interval
excludes 0). The sentences name the mechanism in words and say by how much.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from yingzao.app.i18n import num, t
from yingzao.app.outcomes import run, survival
from yingzao.app.texts_params import doc_text
from yingzao.experiments.compare import Comparison
from yingzao.experiments.compare_stats import t_interval
from yingzao.model.defaults import DECLARATIONS
from yingzao.scenarios import Scenario

BASE = "@mix"


def switches(scn: Scenario | None = None) -> list[str]:
    """The model's mechanism switches (``mech.*`` keys), those on in ``scn`` if given."""
    keys = [k for k in DECLARATIONS if k.startswith("mech.")]
    if scn is not None:
        keys = [k for k in keys if scn.values.get(k) is True]
    return keys


def run_without(
    scn: Scenario,
    reps: int,
    progress: Callable[[int, int], None] | None = None,
) -> Comparison:
    """The mix and the mix without each mechanism, on the same seeds (0..reps-1)."""
    keys = switches(scn)
    scns = [scn] + [scn.with_overrides({k: False}) for k in keys]
    return run(scns, reps, [BASE, *keys], progress)


@dataclass
class Effect:
    """What switching one mechanism off did (mean paired difference and its 95% interval)."""

    key: str
    metric: str
    diff: float
    lo: float
    hi: float

    @property
    def clear(self) -> bool:
        """Whether the interval excludes 0."""
        return not np.isnan(self.lo) and (self.lo > 0 or self.hi < 0)


def effects(cmp: Comparison) -> list[Effect]:
    """Per mechanism and outcome: the paired difference "without it minus with it"."""
    df = cmp.summaries.copy()
    df["survival_24m"] = 100 * survival(df)
    wide = {
        m: df.pivot(index="replicate", columns="scenario", values=m).astype(float)
        for m in ("orgs_functional", "survival_24m")
    }
    out = []
    for key in cmp.labels[1:]:
        for metric, w in wide.items():
            d = (w[key] - w[BASE]).dropna()
            if len(d) < 2:
                out.append(
                    Effect(key, metric, float(d.mean()) if len(d) else np.nan, np.nan, np.nan)
                )
                continue
            mean, lo, hi, _ = t_interval(d)
            out.append(Effect(key, metric, mean, lo, hi))
    return out


def name(key: str, lang: str) -> str:
    """A mechanism in words ("the NGO's accompaniment"), from its declaration."""
    short = f"mech.{key.split('.', 1)[1]}"
    from yingzao.app.i18n import TEXT

    if short in TEXT:
        return t(short, lang)
    return doc_text(DECLARATIONS[key].doc, lang)


def sentences(cmp: Comparison, lang: str) -> list[str]:
    """The mechanisms that carry the result, largest first, then those that do not."""
    eff = effects(cmp)
    clear = sorted((e for e in eff if e.clear), key=lambda e: -abs(e.diff))
    out = []
    for e in clear:
        digits = 1 if e.metric == "orgs_functional" else 0
        key = "why.fewer" if e.diff < 0 else "why.more"
        if e.metric == "survival_24m":
            key += "_surv"
        out.append(
            t(
                key,
                lang,
                mech=name(e.key, lang),
                d=num(abs(e.diff), digits),
                lo=num(e.lo, digits),
                hi=num(e.hi, digits),
            )
        )
    carried = {e.key for e in clear}
    none = [name(k, lang) for k in cmp.labels[1:] if k not in carried]
    if none:
        sep = "；" if lang == "zh" else "; "
        out.append(t("why.no_clear", lang, mechs=sep.join(none)))
    if not clear:
        out.insert(0, t("why.nothing_clear", lang))
    return out
