"""Group survival as organizational ecology measures it: the hazard of dissolution by age.

Brüderl & Schüssler (1990) found the hazard of new organizations first rises, then falls (the
liability of adolescence); closure rates of established organizations are a few per cent a year
(Bielefeld 1994; Hannan & Freeman). These statistics read the run's groups the same way: deaths
and months at risk by age band, counted over the simulated months only (a group that existed
before month 0 is at risk from its age then). A founding attempt that ended in its first month (a
founder whom nobody joined) is not counted: no registry or survey would see an organization.
They are measurements, read by no rule.
"""

from __future__ import annotations

import numpy as np

BANDS = ((0, 6), (6, 24), (24, 60), (60, 10**6))  # months of age
ESTABLISHED = 36  # months: an established group


def _at_risk(start: np.ndarray, life: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Months each group was at risk at ages in ``[lo, hi)``."""
    return np.clip(np.minimum(life, hi) - np.maximum(start, lo), 0, None)


def hazards(m) -> dict[str, float | None]:
    """Monthly hazard per age band, the adolescence ratio and established groups' yearly rate.

    ``hazard_adolescence`` is the hazard at 6-24 months over the larger of the hazards at 0-6
    and at 60+ months (above 1: rises then falls). ``established_dissolution_yearly`` is
    ``1 - (1 - h)^12`` for the monthly hazard ``h`` of groups aged 36 months or more.
    """
    o = m.orgs
    n = o.n
    founded = o.founded[:n]
    ended = o.ended[:n]
    dead = ended >= 0
    end = np.where(dead, ended, m.month)
    life = end - founded  # age at death, or age now
    start = np.maximum(-founded, 0)  # age when the simulation started following the group
    seen = ~(dead & (life == 0))  # founding attempts that ended at once are no organizations
    dead, life, start = dead[seen], life[seen], start[seen]
    out: dict[str, float | None] = {}
    h = []
    for lo, hi in BANDS:
        risk = _at_risk(start, life, lo, hi).sum()
        deaths = np.count_nonzero(dead & (life >= lo) & (life < hi) & (life >= start))
        rate = float(deaths / risk) if risk > 0 else None
        h.append(rate)
        name = f"hazard_{lo}_{hi}" if hi < 10**6 else f"hazard_{lo}_plus"
        out[name] = rate
    peak, first, last = h[1], h[0], h[3]
    rivals = [x for x in (first, last) if x is not None]
    out["hazard_adolescence"] = (
        float(peak / max(rivals)) if peak is not None and rivals and max(rivals) > 0 else None
    )
    risk = _at_risk(start, life, ESTABLISHED, 10**6).sum()
    deaths = np.count_nonzero(dead & (life >= ESTABLISHED) & (life >= start))
    out["established_dissolution_yearly"] = (
        float(1 - (1 - deaths / risk) ** 12) if risk > 0 else None
    )
    return out
