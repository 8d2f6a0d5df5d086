"""The field cases measured as the field measures them, beside the field's own figures.

Each field-case scenario is run over paired seeds; the table gives, at the end of the run (and
for the service share also at month 35, the end of a 3-year incubation), the mean and the
10-90% range over seeds of: active residents (``active_share``), public work in the last 3
months (``participation_rate``), registered groups per 1,000 residents, the service (functional)
share and federation share of registered groups, the federation share of all groups, the median
and 90th-percentile functional group size, and the share of coached groups that grew at least 3x
from their real size when first coached. These are reported, not tested: the field figures are
single observations (DOMAIN.md), and the formal calibration against them is its own experiment.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from yingzao.experiments.replicate import replicate

# Field cases and the field figure each can be held against (DOMAIN.md).
CASES: dict[str, str] = {
    "baseline": "no support: groups mostly recreational; functional ones few and small",
    "chengdu": "most communities under 10% active residents; the best 10-20% at most",
    "qingyuan": "grants mostly around 10,000 yuan a year",
    "aiyouxi": "federation built before the NGO leaves",
    "npi-changqing": "about 1 registered group per 1,000; ~30% service type after 3 years; "
    "a federation of 42 of about 120 groups",
    "five-society": "no figure; compare with the others",
}

# (column, source: summary key or (series column, month), percent?)
COLUMNS: list[tuple[str, str | tuple[str, int], bool]] = [
    ("active residents %", "active_share", True),
    ("public work (3 months) %", "participation_rate", True),
    ("registered per 1,000", "registered_per_1000", False),
    ("service share of registered, m35 %", ("registered_service_share", 35), True),
    ("service share of registered %", "registered_service_share", True),
    ("federation share of registered %", "registered_federation_share", True),
    ("federation share of all groups %", "federation_share", True),
    ("groups per 1,000 (all)", "groups_per_1000", False),
    ("functional size median", "functional_size_median", False),
    ("functional size p90", "functional_size_p90", False),
    ("coached groups grown >= 3x %", "coached_grew_3x_share", True),
]


def _values(summ: pd.DataFrame, ser: pd.DataFrame, src: str | tuple[str, int]) -> np.ndarray:
    if isinstance(src, tuple):
        col, month = src
        at = ser[ser["month"] == month].sort_values("seed")
        return pd.to_numeric(at[col], errors="coerce").to_numpy(float)
    return pd.to_numeric(summ.sort_values("seed")[src], errors="coerce").to_numpy(float)


def case_table(reps: int, workers: int | None = None) -> pd.DataFrame:
    """One row per field case: for each column its mean, 10% and 90% quantiles over seeds."""
    rows = []
    for name, figure in CASES.items():
        summ, ser = replicate(name, range(reps), None, workers=workers, posterior=False)
        row: dict = {"case": name, "field figure": figure, "residents": int(summ["residents"][0])}
        for col, src, pct in COLUMNS:
            x = _values(summ, ser, src)
            x = x[np.isfinite(x)] * (100 if pct else 1)
            row[col] = float(x.mean()) if x.size else float("nan")
            row[col + " lo"] = float(np.percentile(x, 10)) if x.size else float("nan")
            row[col + " hi"] = float(np.percentile(x, 90)) if x.size else float("nan")
            row[col + " n"] = int(x.size)
        rows.append(row)
    return pd.DataFrame(rows)


def cases_markdown(df: pd.DataFrame, reps: int) -> list[str]:
    """The table as Markdown lines: a row per measure, a column per case."""
    cases = df["case"].tolist()
    out = [
        "## Field cases, measured as the field counts",
        "",
        f"Each field case over {reps} paired seeds, at the end of its run (month "
        "119 unless the case runs longer) unless a month is named: the mean, and in brackets "
        "the 10-90% range over seeds. *Registered* groups are those registered (备案) with the "
        "committee, as the field counts them; a size or growth figure is over the groups of "
        "each run (missing where a run had none). Reported, not tested: the field figures "
        "are single observations.",
        "",
        "| measure | " + " | ".join(f"`{c}`" for c in cases) + " |",
        "|---|" + "---|" * len(cases),
        "| residents | " + " | ".join(f"{r:,}" for r in df["residents"]) + " |",
    ]
    for col, _, _ in COLUMNS:
        cells = []
        for r in df.to_dict("records"):
            if not np.isfinite(r[col]):
                cells.append("-")
            else:
                cells.append(f"{r[col]:.1f} [{r[col + ' lo']:.1f}-{r[col + ' hi']:.1f}]")
        out.append(f"| {col} | " + " | ".join(cells) + " |")
    out.append("| field figure | " + " | ".join(df["field figure"]) + " |")
    return out + [""]
