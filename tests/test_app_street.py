"""Streets in the app: a street case runs, and its communities are shown side by side."""

from __future__ import annotations

import re

from yingzao.app import state
from yingzao.app.charts import png
from yingzao.app.mix import build
from yingzao.app.outcomes import headline
from yingzao.app.sentences import sentences
from yingzao.app.share import from_query
from yingzao.app.street_view import (
    community_table,
    figure,
    is_street,
    run_street,
    streets,
    table_markdown,
)
from yingzao.scenarios import load


def test_street_cases_are_offered_and_keep_their_own_sizes():
    assert "street-qingyuan" in streets() and is_street("street-qingyuan")
    assert not is_street("support-3y")
    m = state.default_mix("street-qingyuan")
    base = load("street-qingyuan")
    assert build("street-qingyuan", m).values == base.values  # the case as it is
    s = from_query("case=street-qingyuan", "support-3y", state.default_mix)
    assert s.preset == "street-qingyuan" and not s.problems


def test_a_street_run_and_its_communities():
    scn = load("street-qingyuan", {"street.residents": 8000, "run.months": 6})
    calls = []
    cmp, communities = run_street(scn, 2, "street-qingyuan", lambda d, n: calls.append((d, n)))
    assert calls == [(1, 2), (2, 2)] and cmp.reps == 2
    assert len(communities) == 2 and len(communities[0]) == 28
    table = community_table(communities)
    assert len(table) == 28 and table["community"].tolist() == list(range(1, 29))
    assert table["residents"].sum() == cmp.summaries["residents"].iloc[0]  # the first run's street
    assert png(figure(table, "en"), dpi=40)[:4] == b"\x89PNG"
    md = table_markdown(table, "zh")
    assert md.splitlines()[0].startswith("| 社区 | 类型 |") and len(md.splitlines()) == 30
    h = headline(cmp, "street-qingyuan")
    assert h["street"] == 28 and h["residents"] == round(cmp.summaries["residents"].mean())
    last = sentences(h, "en")[-1]
    assert re.fullmatch(
        r"Based on 2 simulations of a street of 28 communities with [\d,]+ adults in all\.", last
    )
