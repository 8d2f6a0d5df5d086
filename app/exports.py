"""CSV downloads people can read, and the settings each case ran with in a second file.

Columns are named with their units in the page's language, cases by name, numbers rounded.

Files start with a byte-order mark, so spreadsheet programs read the Chinese text as UTF-8.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np
import pandas as pd
from yingzao.app.i18n import scenario_name, t
from yingzao.app.mix import from_scenario
from yingzao.app.outcomes import has_support_keys, survival
from yingzao.app.settings_text import ORDER, label, value_text
from yingzao.experiments.compare import Comparison

import yingzao

BOM = "\ufeff"

# (summary key or derived column, i18n key of the column name, scale, decimals)
COLUMNS: tuple[tuple[str, str, float, int], ...] = (
    ("orgs_functional", "col.orgs_functional", 1, 0),
    ("orgs_recreational", "col.orgs_recreational", 1, 0),
    ("functional_share", "col.functional_share", 100, 1),
    ("participation_rate", "col.participation_rate", 100, 1),
    ("active_share", "col.active_share", 100, 1),
    ("registered_groups", "col.registered_groups", 1, 0),
    ("registered_per_1000", "col.registered_per_1000", 1, 2),
    ("registered_service_share", "col.registered_service_share", 100, 1),
    ("needs_met", "col.needs_met", 100, 1),
    ("outside_money_spent", "col.outside_money_spent", 1, 0),
    ("resident_money_raised", "col.resident_money_raised", 1, 0),
    ("money_per_functional", "col.money_per_functional", 1, 0),
    ("support_end_month", "col.support_end_month", 1, 0),
    ("functional_at_support_end", "col.functional_at_support_end", 1, 0),
    ("functional_alive_24m_after_support_end", "col.alive_24m", 1, 0),
    ("survival_24m", "col.survival_24m", 100, 1),
    ("crisis_volunteers_first_month", "col.crisis_volunteers", 1, 0),
    ("federation_members", "col.federation_members", 1, 0),
)
# before the model reports the end of support, the same columns from the withdrawal keys
_OLD = {
    "support_end_month": "withdrawal_month",
    "functional_at_support_end": "functional_at_withdrawal",
    "functional_alive_24m_after_support_end": "functional_alive_24m_after",
}


def _round(x: Any, digits: int) -> Any:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return ""
    return int(round(x)) if digits == 0 else round(float(x), digits)


def runs_table(cmp: Comparison, lang: str) -> pd.DataFrame:
    """One row per case and simulation, columns named in ``lang`` with their units."""
    df = cmp.summaries.copy()
    df["survival_24m"] = survival(df)
    df["money_per_functional"] = df["outside_money_spent"] / df["orgs_functional"].where(
        df["orgs_functional"] > 0
    )
    if not has_support_keys(df):
        for new, old in _OLD.items():
            df[new] = df[old]
    out = pd.DataFrame(
        {
            t("col.case", lang): [scenario_name(s, lang) for s in df["scenario"]],
            t("col.simulation", lang): df["replicate"].astype(int) + 1,
            t("col.seed", lang): df["seed"].astype(int),
        }
    )
    for key, name, scale, digits in COLUMNS:
        if key not in df:
            continue
        col = df[key].astype(float) * scale
        if key == "support_end_month":  # a month index: the money stops after that many months
            col = df[key].astype(float)
        out[t(name, lang)] = [_round(x, digits) for x in col]
    return out


def runs_csv(cmp: Comparison, lang: str = "en") -> str:
    """:func:`runs_table` as CSV text."""
    return BOM + runs_table(cmp, lang).to_csv(index=False)


def settings_rows(cmp: Comparison, lang: str) -> list[list[str]]:
    """Per case: every setting in words, the runs and seeds, the model version."""
    names = [scenario_name(lab, lang) for lab in cmp.labels]
    controls = [from_scenario(s) for s in cmp.scenarios]
    rows = [[t("col.setting", lang), *names]]
    for n in ORDER:
        rows.append([label(n, lang), *[value_text(n, c[n], lang) for c in controls]])
    seeds = f"{min(cmp.seeds)}-{max(cmp.seeds)}" if len(cmp.seeds) > 1 else str(cmp.seeds[0])
    rows.append([t("col.runs", lang), *[str(cmp.reps)] * len(names)])
    rows.append([t("col.seeds", lang), *[seeds] * len(names)])
    rows.append([t("col.version", lang), *[yingzao.__version__] * len(names)])
    return rows


def settings_csv(cmp: Comparison, lang: str = "en") -> str:
    """The settings of every case of ``cmp`` as CSV text (one column per case)."""
    buf = io.StringIO()
    csv.writer(buf).writerows(settings_rows(cmp, lang))
    return BOM + buf.getvalue()
