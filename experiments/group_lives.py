"""Group-level patterns beside the community-level ones: how long groups and leaderships last.

Over paired seeds of an arm (the runs of the group-size figure): the age of groups when they
dissolve, by kind, and the tenure of their leaders (from taking over to handing over, leaving
with the group ending, or the group dissolving). Only leaderships that began during the run are
counted (the initial groups' first leaders began before it: their tenure is unknown), and those
still running at the end are reported apart (censored). Reported, not tested: the field gives
no figure to test them against beyond single stories (a leader who paid for a group for about
20 years; leaders who burn out and groups that end with them, DOMAIN.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from yingzao.model.state import REC

HOW = ("handed_over", "left", "dissolved")


def tenure_table(m) -> pd.DataFrame:
    """One row per leadership of the run: group, kind, start, end (-1 still running), how."""
    o = m.orgs
    rows = [(g, k, s, e, h) for g, k, s, e, h in o.tenures]
    live = o.live()
    rows += [
        (int(g), int(o.kind[g]), int(o.leader_since[g]), -1, "running")
        for g in live
        if o.leader[g] >= 0
    ]
    df = pd.DataFrame(rows, columns=["group", "category", "start", "end", "how"])
    df["kind"] = np.where(df["category"] == REC, "recreational", "functional")
    df["months"] = np.where(df["end"] >= 0, df["end"] - df["start"], m.month - df["start"])
    return df


def _q(x: pd.Series) -> str:
    if x.empty:
        return "-"
    lo, mid, hi = np.quantile(x, [0.1, 0.5, 0.9])
    return f"{mid:.0f} [{lo:.0f}-{hi:.0f}]"


def lives_table(groups: pd.DataFrame, tenures: pd.DataFrame, runs: int) -> list[dict]:
    """Per kind: dissolutions per run and their age, and leaders' tenures (seed columns given)."""
    out = []
    for kind in ("functional", "recreational"):
        g = groups[groups["kind"] == kind]
        dead = g[(g["ended"] >= 0) & (g["origin"] != "initial")]
        age = dead["ended"] - dead["founded"]
        t = tenures[(tenures["kind"] == kind) & (tenures["start"] >= 0)]
        done = t[t["how"] != "running"]
        out.append(
            {
                "kind": kind,
                "founded per run": f"{len(g[g['origin'] != 'initial']) / runs:.1f}",
                "dissolved per run": f"{len(dead) / runs:.1f}",
                "age at dissolution, months (median [10-90%])": _q(age),
                "dissolved within 12 months %": f"{100 * (age < 12).mean():.0f}"
                if len(age)
                else "-",
                "ended leaderships, months (median [10-90%])": _q(done["months"]),
                "ended by hand-over %": f"{100 * (done['how'] == 'handed_over').mean():.0f}"
                if len(done)
                else "-",
                "leaders still leading at the end, months so far (median)": _q(
                    t[t["how"] == "running"]["months"]
                ),
            }
        )
    return out


def lives_intro() -> str:
    """What the tables show (this module's description, as one paragraph)."""
    return __doc__.split("\n\n")[1].replace("\n", " ")


def lives_markdown(rows: list[dict], scenario: str, runs: int) -> list[str]:
    """The table as Markdown (one column per kind)."""
    if not rows:
        return []
    keys = [k for k in rows[0] if k != "kind"]
    out = [
        f"`{scenario}`, groups founded during the run, over {runs} seeds:",
        "",
        "| measure | " + " | ".join(r["kind"] for r in rows) + " |",
        "|---|" + "---|" * len(rows),
    ]
    out += [f"| {k} | " + " | ".join(str(r[k]) for r in rows) + " |" for k in keys]
    return out + [""]
