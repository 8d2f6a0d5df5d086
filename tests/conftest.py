"""Shared helpers for the Yingzao test suite.

Small communities keep the default suite fast: a 600-resident, 36-month run takes a few
hundredths of a second.
"""

from __future__ import annotations

import asyncio
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, settings
from yingzao.model.community import STEP_PLAN, CommunityModel
from yingzao.model.metrics import SERIES_COLUMNS

# One small community used across the suite.
SMALL = {"community.residents": 600, "run.months": 36}

settings.register_profile(
    "yingzao", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("yingzao")

# Every key the run summary must carry (the list).
SUMMARY_KEYS = (
    "residents",
    "orgs_alive",
    "orgs_functional",
    "orgs_recreational",
    "functional_share",
    "orgs_founded_total",
    "orgs_dissolved_total",
    "max_functional_group_size",
    "participation_rate",
    "volunteers_active",
    "leaders_active",
    "needs_met",
    "trust_mean",
    "committee_openness",
    "committee_problem_load",
    "federation_members",
    "community_fund_balance",
    "outside_money_spent",
    "resident_money_raised",
    "withdrawal_month",
    "functional_at_withdrawal",
    "functional_alive_12m_after",
    "functional_alive_24m_after",
    "crisis_volunteers_first_month",
)

SHARE_COLUMNS = (
    "functional_share",
    "participation_rate",
    "active_share",
    *(c for c in SERIES_COLUMNS if c.startswith("level_")),
    "registered_service_share",
    "registered_federation_share",
    "federation_share",
    "committee_support",
    "committee_free_time",
    "ngo_substitute_share",
    "recreation_rate",
    "needs_met",
    "trust_mean",
    "committee_openness",
    "committee_problem_load",
    "committee_facilitation",
)


# Zero budget or zero intensity for each budgeted policy: each must leave a run bit-identical.
ZERO = {
    "grants": {"grants.per_100_households": 0.0},
    "procurement": {"procurement.budget": 0.0},
    "training": {"training.cohort": 0},
    "committee_training": {"committee_training.budget": 0.0},
    "ngo": {"ngo.budget": 0.0},
    "fund": {
        "fund.seed": 0.0,
        "fund.match": 0.0,
        "fund.donation_share": 0.0,
        "fund.enterprise_income": 0.0,
        "fund.enterprise_share": 0.0,
    },
    "crisis": {"crisis.need_jump": 0.0, "crisis.call": 0.0},
}


def assert_one_line_error(main, capsys, argv: list[str], needle: str) -> None:
    """``main(argv)`` exits 2 with exactly one 'yingzao: error:' line naming ``needle``."""
    try:
        code = main(argv)
    except Exception as e:  # a traceback is exactly what the user must not see
        pytest.fail(f"main({argv}) raised {type(e).__name__}: {e} instead of exiting with 2")
    out, err = capsys.readouterr()
    assert code == 2
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    assert lines[0].startswith("yingzao: error:"), err
    assert needle in lines[0]
    assert "Traceback" not in err + out


def small(**extra) -> dict:
    """The small community's overrides plus ``extra`` (dotted keys given with '__' for '.')."""
    out = dict(SMALL)
    out.update({k.replace("__", "."): v for k, v in extra.items()})
    return out


def step_with_hooks(m: CommunityModel, hooks: dict | None = None) -> None:
    """One month exactly as :meth:`CommunityModel.step`, calling ``hooks[stage](m)`` after a stage.

    ``test_model_invariants.test_step_with_hooks_matches_step`` guards that this stays equal to
    ``m.step()``.
    """
    hooks = hooks or {}
    m.begin_month()
    for name, stage in STEP_PLAN:
        stage(m)
        if name in hooks:
            hooks[name](m)
    for p in m.policies:
        after = getattr(p, "after", None)
        if after is not None:
            after(m.month)
    m.month += 1


def members_per_org(m: CommunityModel) -> np.ndarray:
    """Number of members of every organization id 0..n-1 (dead ones included)."""
    flat = m.res.groups.ravel()
    return np.bincount(flat[flat >= 0], minlength=m.orgs.n)


def ledger_gap(m: CommunityModel) -> tuple[float, float]:
    """``(money in - (spent + balances), tolerance)`` of the money invariant."""
    led = m.ledger
    lhs = led.outside_in + led.resident_in
    rhs = led.spent + m.balances()
    tol = 1e-9 * max(abs(lhs), abs(rhs), 1.0) + 1e-6
    return lhs - rhs, tol


def check_month_invariants(m: CommunityModel) -> None:
    """Everything that must hold after every full month (after ``m.step()``)."""
    r, o = m.res, m.orgs
    n = o.n
    t = m.month
    # money is finite and never negative; dead organizations hold no money
    assert np.isfinite(o.own_money[:n]).all() and np.isfinite(o.out_money[:n]).all(), (
        f"month {t}: NaN or infinite money in organizations"
    )
    assert np.isfinite(m.fund_balance), f"month {t}: fund balance {m.fund_balance}"
    assert (o.own_money[:n] >= -1e-9).all(), f"month {t}: negative own_money"
    assert (o.out_money[:n] >= -1e-9).all(), f"month {t}: negative out_money"
    assert m.fund_balance >= -1e-9, f"month {t}: negative fund balance {m.fund_balance}"
    dead = ~o.alive[:n]
    assert np.allclose(o.own_money[:n][dead] + o.out_money[:n][dead], 0.0, atol=1e-9), (
        f"month {t}: dissolved organizations still hold money"
    )
    # the ledger balances
    gap, tol = ledger_gap(m)
    assert abs(gap) <= tol, f"month {t}: ledger off by {gap}"
    assert m.ledger.spent >= -1e-9
    # memberships point at living organizations; no duplicate slots; slot 0 filled first
    g = r.groups
    assert g.shape == (m.n, 2)
    ids = g[g >= 0]
    assert ((g >= 0) | (g == -1)).all(), f"month {t}: group id below -1"
    assert (ids < n).all(), f"month {t}: group id beyond the organization table"
    assert o.alive[ids].all(), f"month {t}: a resident belongs to a dissolved organization"
    both = (g[:, 0] >= 0) & (g[:, 1] >= 0)
    assert (g[both, 0] != g[both, 1]).all(), f"month {t}: a resident holds one group twice"
    assert not ((g[:, 0] < 0) & (g[:, 1] >= 0)).any(), f"month {t}: slot 1 used, slot 0 empty"
    # leadership is consistent both ways, and a leader belongs to the group it leads
    leading = np.flatnonzero(r.leads >= 0)
    lg = r.leads[leading]
    assert (lg < n).all()
    assert o.alive[lg].all(), f"month {t}: a resident leads a dissolved organization"
    assert (o.leader[lg] == leading).all(), f"month {t}: leads[i] == g but leader[g] != i"
    live = o.live()
    led_live = live[o.leader[live] >= 0]
    assert (r.leads[o.leader[led_live]] == led_live).all(), (
        f"month {t}: leader[g] == i but leads[i] != g"
    )
    # Mesa organization agents exist exactly for living organizations
    assert set(m.org_agents) == set(live.tolist()), f"month {t}: org_agents out of sync"
    for gid, agent in m.org_agents.items():
        assert agent.oid == gid
    # leader roles: valid residents whose skill reached the leader level
    keys = np.fromiter(m.leaders.keys(), dtype=np.int64, count=len(m.leaders))
    assert ((keys >= 0) & (keys < m.n)).all(), f"month {t}: leader role for a non-resident"
    assert (r.skill[keys] >= m.v["resident.leader_skill"]).all()
    for i, ld in m.leaders.items():
        assert ld.rid == i
    # every living group has a leader and at least that member (moves may shrink a group below
    # two members until the next survival stage, but a leaderless group ends at once)
    assert (o.leader[live] >= 0).all(), f"month {t}: living group without a leader"
    size = members_per_org(m)
    assert (size[live] >= 1).all(), f"month {t}: living group without members"
    # without turnover nothing can undo the survival stage's minimum size
    if m.v["community.turnover"] == 0:
        assert (size[live] >= 2).all(), f"month {t}: a living group has fewer than 2 members"
    # the series has one row per month, the last one for this month
    rows = m.recorder.rows
    assert len(rows["month"]) == t
    assert rows["month"][-1] == t - 1
    check_row({c: rows[c][-1] for c in SERIES_COLUMNS}, m.n)
    # checked last: a known failure here must not hide the checks above
    not_member = [int(x) for x in led_live if not (r.groups[o.leader[x]] == x).any()]
    assert not not_member, (
        f"month {t}: organizations {not_member} are led by residents who are not members "
        f"(leaders {[int(o.leader[x]) for x in not_member]})"
    )


def check_row(row: dict, n_residents: int) -> None:
    """Consistency of one row of the monthly series."""
    t = row["month"]
    for c, v in row.items():
        assert v is not None and math.isfinite(v), f"month {t}: {c} = {v}"
    assert row["orgs_alive"] == row["orgs_functional"] + row["orgs_recreational"], t
    assert min(row["orgs_alive"], row["orgs_functional"], row["orgs_recreational"]) >= 0, t
    expect = row["orgs_functional"] / row["orgs_alive"] if row["orgs_alive"] else 0.0
    assert math.isclose(row["functional_share"], expect, rel_tol=1e-12, abs_tol=1e-12), t
    for c in SHARE_COLUMNS:
        assert 0.0 <= row[c] <= 1.0, f"month {t}: {c} = {row[c]}"
    assert 0 <= row["volunteers_active"] <= n_residents
    assert 0 <= row["leaders_active"] <= row["orgs_alive"]
    assert row["federation_members"] <= row["orgs_alive"]
    assert row["orgs_founded_total"] >= 0 and row["orgs_dissolved_total"] >= 0
    assert row["max_functional_group_size"] >= row["mean_functional_group_size"] - 1e-12
    # the ladder: one level per resident; active residents include those active now
    levels = sum(row[c] for c in row if c.startswith("level_"))
    assert math.isclose(levels, 1.0, rel_tol=1e-9), f"month {t}: level shares sum to {levels}"
    assert row["active_share"] >= row["participation_rate"] - 1e-12, t
    assert row["registered_groups"] <= row["orgs_alive"], t
    assert row["registered_functional"] <= min(row["registered_groups"], row["orgs_functional"])
    for c in (
        "community_fund_balance",
        "outside_money_spent",
        "outside_money_month",
        "resident_money_raised",
        "org_money_balance",
    ):
        assert row[c] >= -1e-9, f"month {t}: {c} = {row[c]}"


def check_series(df: pd.DataFrame, months: int, n_residents: int) -> None:
    """Consistency of a whole series: one row per month, every row consistent, totals grow."""
    assert list(df.columns) == list(SERIES_COLUMNS)
    assert len(df) == months
    assert df["month"].tolist() == list(range(months))
    for row in df.to_dict("records"):
        check_row(row, n_residents)
    for c in (
        "orgs_founded_total",
        "orgs_dissolved_total",
        "outside_money_spent",
        "resident_money_raised",
    ):
        assert (df[c].diff().dropna() >= -1e-9).all(), f"{c} decreased"


@pytest.fixture
def small_overrides() -> dict:
    return dict(SMALL)


def guard_call(guard, kind="http", path="/", query=b"", method="GET", **headers):
    """Send one request through the app's ``guard``: (status or 'passed', messages sent)."""
    scope = {
        "type": kind,
        "path": path,
        "query_string": query,
        "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()],
    }
    if kind == "http":
        scope["method"] = method
    sent: list[dict] = []
    reached: list[bool] = []

    async def app(scope, receive, send):
        reached.append(True)
        await send({"type": "http.response.start", "status": 200, "headers": []})

    async def send(message):
        sent.append(message)

    async def receive():
        return {}

    guard.app = app
    asyncio.run(guard(scope, receive, send))
    if reached:
        return "passed", sent
    if kind == "websocket":
        return sent[0]["type"], sent
    return sent[0]["status"], sent
