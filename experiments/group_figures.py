"""Figures of groups: size distributions by kind, and size trajectories of coached groups.

Pattern 2 and the field's coached team (3 members, then 20+ after an NGO's coaching) are about
groups, not communities: this figure shows, over paired seeds of a scenario, the sizes of living
functional and recreational groups at the end of the run, and the size of functional groups by
month since they were first coached (coached) or since they were founded (never coached), as
medians with 10-90% bands.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from yingzao.model.community import CommunityModel  # noqa: E402
from yingzao.model.metrics import group_table, size_table  # noqa: E402

HORIZON = 60  # months after first coaching (or founding) shown


def collect_groups(scenario: str, seeds: range) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Group tables, monthly group sizes and leaderships of ``scenario`` over ``seeds``.

    Each with a seed column added.
    """
    from yingzao.experiments.group_lives import tenure_table

    groups, sizes, tenures = [], [], []
    for s in seeds:
        m = CommunityModel(scenario, seed=s).run()
        groups.append(group_table(m).assign(seed=s))
        sizes.append(size_table(m).assign(seed=s))
        tenures.append(tenure_table(m).assign(seed=s))
    return tuple(pd.concat(x, ignore_index=True) for x in (groups, sizes, tenures))


def _trajectory(groups: pd.DataFrame, sizes: pd.DataFrame, coached: bool) -> pd.DataFrame:
    if coached:  # teams that were functional when first coached
        f = groups[(groups["first_coached"] >= 0) & groups["coached_functional"]]
    else:
        f = groups[(groups["kind"] == "functional") & (groups["first_coached"] < 0)]
    start = f.set_index(["seed", "group"])["first_coached" if coached else "founded"]
    s = sizes.join(start.rename("start"), on=["seed", "group"], how="inner")
    s["t"] = s["month"] - s["start"]
    s = s[(s["t"] >= 0) & (s["t"] <= HORIZON)]
    q = s.groupby("t")["size"].quantile([0.1, 0.5, 0.9]).unstack()
    q["n"] = s.groupby("t").size()
    return q


def group_size_figure(scenario: str, seeds: range, path: str | Path, data=None) -> Path:
    """Write the figure for ``scenario`` over ``seeds`` to ``path``; returns the path.

    ``data``: what :func:`collect_groups` gave for them, if already run.
    """
    groups, sizes, _ = data if data is not None else collect_groups(scenario, seeds)
    end = sizes[sizes["month"] == sizes["month"].max()].merge(
        groups[["seed", "group", "kind"]], on=["seed", "group"]
    )
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4))
    bins = np.unique(np.round(np.logspace(0, np.log10(max(end["size"].max(), 2) + 1), 16)))
    for kind, color in (("functional", "tab:green"), ("recreational", "tab:gray")):
        x = end[end["kind"] == kind]["size"]
        a1.hist(x, bins=bins, alpha=0.6, color=color, label=f"{kind} ({len(x)} groups)")
    a1.set_xscale("log")
    a1.set_xlabel("members at the end of the run")
    a1.set_ylabel("groups (all seeds)")
    a1.set_title(f"{scenario}: group sizes by kind, {len(seeds)} seeds")
    a1.legend()
    for coached, color, label in (
        (True, "tab:green", "coached: months since first coached"),
        (False, "tab:orange", "never coached: months since founded"),
    ):
        q = _trajectory(groups, sizes, coached)
        if q.empty:
            continue
        a2.fill_between(q.index, q[0.1], q[0.9], color=color, alpha=0.2)
        a2.plot(q.index, q[0.5], color=color, label=f"{label} (median, 10-90%)")
    a2.set_xlabel("months")
    a2.set_ylabel("members of a living functional group")
    a2.set_title("size trajectories of functional groups")
    a2.legend(fontsize=8)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
