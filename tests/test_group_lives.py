"""Leaders' tenures and group lives (experiments/group_lives.py, model/lifecycle.py)."""

from __future__ import annotations

from yingzao.experiments.group_lives import lives_markdown, lives_table, tenure_table
from yingzao.model.community import CommunityModel
from yingzao.model.metrics import group_table


def _run():
    ov = {"community.residents": 1000, "run.months": 60}
    return CommunityModel("support-3y", seed=4, overrides=ov).run()


def test_each_groups_leaderships_follow_one_another_and_end_with_it():
    m = _run()
    t = tenure_table(m)
    o = m.orgs
    assert set(t["how"]) <= {"handed_over", "left", "dissolved", "running"}
    for g, rows in t.sort_values(["group", "start"]).groupby("group"):
        ends = rows["end"].tolist()
        starts = rows["start"].tolist()
        assert all(e == s for e, s in zip(ends[:-1], starts[1:], strict=True)), g
        assert starts[0] == o.founded[g]
        if o.alive[g]:
            assert rows["how"].iloc[-1] == "running" and o.leader_since[g] == starts[-1]
        else:
            assert rows["how"].iloc[-1] in ("left", "dissolved") and ends[-1] == o.ended[g]
    assert (t["months"] >= 0).all()
    # every hand-over that found a successor is one of the model's leader lines
    handed = int((t["how"] == "handed_over").sum())
    assert handed == sum(1 for _, kind, _ in m.events if kind == "leader")


def test_the_table_counts_only_groups_founded_during_the_run():
    m = _run()
    groups = group_table(m)
    rows = lives_table(groups.assign(seed=0), tenure_table(m).assign(seed=0), 1)
    func = next(r for r in rows if r["kind"] == "functional")
    founded = int(((groups["kind"] == "functional") & (groups["origin"] != "initial")).sum())
    assert float(func["founded per run"]) == founded
    text = "\n".join(lives_markdown(rows, "support-3y", 1))
    assert "| ended by hand-over % |" in text
