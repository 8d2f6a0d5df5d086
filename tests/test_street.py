"""Street runs (model/street.py): several communities under one grants budget."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import SUMMARY_KEYS, check_series
from yingzao.model.community import CommunityModel
from yingzao.model.defaults import PROFILES
from yingzao.model.metrics import SERIES_COLUMNS
from yingzao.model.results import Result
from yingzao.model.state import ORIGINS
from yingzao.model.street import (
    MIN_RESIDENTS,
    StreetModel,
    StreetResult,
    community_sizes,
    review_scores,
)
from yingzao.scenarios import load

from yingzao import simulate
from yingzao.cli import main
from yingzao.errors import InputError

# A small street on the qingyuan programme (grants, training, committee training): six
# communities of about 400 residents, two years, so that two grant cycles run.
MONTHS = 24
STREET = {
    "street.communities": 6,
    "street.residents": 2400,
    "street.mix_commodity_estate": 3.0,
    "street.mix_old_courtyard": 2.0,
    "street.mix_migrant_area": 1.0,
    "grants.per_100_households": 4000.0,  # Chengdu's level: grants large enough to fund projects
    "run.months": MONTHS,
}
SUMMED = ("orgs_alive", "orgs_functional", "orgs_recreational", "volunteers_active", "leaders")
MONEY = ("outside_money_spent", "outside_money_month", "resident_money_raised", "org_money_balance")
WEIGHTED = ("participation_rate", "needs_met", "trust_mean", "committee_facilitation")


def street(allocation: str = "review", seed: int = 3, **extra) -> StreetModel:
    ov = dict(STREET, **{"street.allocation": allocation}, **extra)
    return StreetModel(load("qingyuan", ov), seed=seed)


@pytest.fixture(scope="module")
def review() -> tuple[StreetModel, StreetResult]:
    s = street("review").run()
    return s, StreetResult.from_model(s)


@pytest.fixture(scope="module")
def per_household() -> tuple[StreetModel, StreetResult]:
    s = street("per_household").run()
    return s, StreetResult.from_model(s)


# --- construction -------------------------------------------------------------------------------


def test_sizes_profiles_and_seeds(review):
    s, _ = review
    assert len(s) == 6 and s.sizes.sum() == 2400 and s.n == 2400
    assert s.sizes.min() >= MIN_RESIDENTS
    assert [c.n for c in s] == s.sizes.tolist()
    # counts follow the weights 3:2:1 exactly; which community gets which is shuffled
    assert sorted(s.profiles) == sorted(
        ["commodity-estate"] * 3 + ["old-courtyard"] * 2 + ["migrant-area"]
    )
    for c, prof in zip(s, s.profiles, strict=True):
        assert c.v["community.profile"] == prof
        assert c.case.origins["community.profile"] == "street"
    migrant = next(c for c in s if c.v["community.profile"] == "migrant-area")
    assert migrant.v["community.turnover"] == 0.02  # the profile's values were applied
    assert len(set(s.seeds)) == 6, "communities must run with different seeds"
    assert street(seed=4).seeds != s.seeds


def test_without_a_mix_every_community_has_the_scenario_profile():
    ov = {k: v for k, v in STREET.items() if not k.startswith("street.mix_")}
    s = StreetModel(load("qingyuan", ov), seed=0)
    assert set(s.profiles) == {"commodity-estate"}


def test_sizes_spread_and_default_total():
    sizes = community_sizes(130_000, np.random.default_rng(0).lognormal(0, 2.0, 28))
    assert sizes.sum() == 130_000 and sizes.min() >= MIN_RESIDENTS
    assert community_sizes(1000, np.ones(4)).tolist() == [250] * 4
    ov = {"street.communities": 3, "community.residents": 500, "street.size_spread": 0.0}
    s = StreetModel(load("baseline", ov), seed=0)
    assert s.sizes.tolist() == [500, 500, 500]  # street.residents = 0: communities x residents


@pytest.mark.parametrize(
    "ov, needle",
    [
        ({"street.mix_villa": 1}, "street.mix_villa_estate"),  # unknown profile: suggests one
        ({"street.mix_migrant_area": -1}, "street.mix_migrant_area"),  # bad weight
        ({"street.mix_old_courtyard": "many"}, "street.mix_old_courtyard"),
        ({"street.allocation": "lottery"}, "per_household, review"),
    ],
)
def test_bad_street_settings_are_rejected_when_loaded(ov, needle):
    with pytest.raises(InputError, match=needle):
        load("qingyuan", dict(STREET, **ov))


def test_too_few_residents_are_rejected_before_any_run():
    sc = load("qingyuan", dict(STREET, **{"street.residents": 1000}))
    with pytest.raises(InputError, match=r"street\.residents.*6 communities"):
        StreetModel(sc, seed=0)


def test_bad_mix_from_the_command_line_exits_2(capsys):
    assert main(["run", "street-qingyuan", "--set", "street.mix_villa=2", "--months", "1"]) == 2
    err = capsys.readouterr().err
    assert "street.mix_villa" in err and "street.mix_villa_estate" in err


# --- aggregation --------------------------------------------------------------------------------


def test_aggregated_series_sums_and_shares(review):
    s, res = review
    check_series(res.series, MONTHS, s.n)
    by = res.by_community
    assert list(by.columns) == ["community", "profile", "residents", *SERIES_COLUMNS]
    assert len(by) == 6 * MONTHS
    g = by.groupby("month")
    for c in SUMMED + MONEY + ("orgs_founded_total", "federation_members"):
        assert np.allclose(res.series[c], g[c].sum().to_numpy(), rtol=1e-12), c
    for c in SUMMED:
        assert (res.series[c].to_numpy() == g[c].sum().to_numpy()).all(), c
    share = res.series["orgs_functional"] / res.series["orgs_alive"]
    assert np.allclose(res.series["functional_share"], share)
    w = by["residents"] / s.n
    for c in WEIGHTED:
        expect = (by[c] * w).groupby(by["month"]).sum().to_numpy()
        assert np.allclose(res.series[c], expect), c
        assert (res.series[c] >= g[c].min().to_numpy() - 1e-12).all(), c
        assert (res.series[c] <= g[c].max().to_numpy() + 1e-12).all(), c
    assert (res.series["max_functional_group_size"] == g["max_functional_group_size"].max()).all()
    assert list(res.series.dtypes) == list(by[list(SERIES_COLUMNS)].dtypes)


def test_summary_has_every_key_and_is_the_last_row(review):
    s, res = review
    plain = simulate("baseline", months=2, overrides={"community.residents": 300})
    assert set(plain.summary) | {"communities"} == set(res.summary)
    assert set(SUMMARY_KEYS) <= set(res.summary)
    assert res.summary["communities"] == 6 and res.summary["residents"] == s.n
    last = res.series.iloc[-1]
    for c in SERIES_COLUMNS:
        if c != "month":
            assert res.summary[c] == last[c], c
    assert res.summary["coached_groups"] == sum(
        c["summary"]["coached_groups"] for c in res.communities
    )
    json.dumps(res.to_json(), allow_nan=False)


def test_withdrawal_cohorts_are_summed():
    ov = {"withdrawal.month": 6, "run.months": 19}
    res = StreetResult.from_model(street("per_household", **ov).run())
    for k in ("functional_at_withdrawal", "functional_alive_12m_after"):
        assert res.summary[k] == sum(c["summary"][k] for c in res.communities), k
    assert res.summary["withdrawal_month"] == 6
    assert res.summary["functional_alive_24m_after"] is None
    assert (6, "withdrawal") in res.marks


def test_events_name_their_community(review):
    _, res = review
    months = [e[0] for e in res.events]
    assert months == sorted(months)
    street_events = [e for e in res.events if e[1] == "street"]
    assert [e[0] for e in street_events] == [0, 12]
    assert all(e[2].startswith("Community ") for e in res.events if e[1] != "street")


# --- determinism --------------------------------------------------------------------------------


def test_same_seed_same_run(review):
    _, res = review
    again = StreetResult.from_model(street("review").run())
    assert again.series.equals(res.series)
    assert again.by_community.equals(res.by_community)
    other = StreetResult.from_model(street("review", seed=4).run())
    assert not other.by_community.equals(res.by_community)


def test_per_household_communities_run_as_they_would_alone(per_household):
    s, res = per_household
    i = 2
    c = s.communities[i]
    alone = CommunityModel(c.case, seed=s.seeds[i]).run()
    mine = res.by_community[res.by_community["community"] == i][list(SERIES_COLUMNS)]
    assert Result.from_model(alone).series.equals(mine.reset_index(drop=True))


# --- allocation ---------------------------------------------------------------------------------


def test_per_household_allocation(per_household):
    s, res = per_household
    assert sorted(s.allocations) == [0, 12]
    budget = s.v["grants.per_100_households"] * s.households.sum() / 100
    assert budget == pytest.approx(s.yearly_budget())
    for alloc in s.allocations.values():
        assert alloc.sum() == pytest.approx(budget, rel=1e-12)
        assert np.allclose(alloc / alloc.sum(), s.households / s.households.sum())
    assert any(e[1] == "grants" for e in res.events), "the street's grants funded no project"
    alloc_df = res.allocations
    assert alloc_df.groupby("month")["yuan"].sum().to_numpy() == pytest.approx([budget] * 2)


def test_review_allocation(review, per_household):
    s, _ = review
    equal = per_household[0].allocations[12]
    for alloc in s.allocations.values():
        assert alloc.sum() <= s.yearly_budget() * (1 + 1e-12)
        assert (alloc > 0).all()  # the floor: every community can win a share
    assert not np.allclose(s.allocations[12], equal)
    # the allocation follows the review score
    s2 = street("review").run(12)
    score = review_scores(s2.communities)
    alloc = s2.allocate(12)
    assert np.allclose(alloc / alloc.sum(), score / score.sum())
    assert [g.budget_override for g in s2.grants] == alloc.tolist()


def test_a_zero_allocation_runs_no_grant_cycle():
    project = ORIGINS.index("project")
    ov = {"community.residents": 1500, "grants.per_100_households": 4000.0}
    for override, funded in ((None, True), (0.0, False)):
        m = CommunityModel("qingyuan", seed=1, overrides=ov)
        grants = next(p for p in m.policies if p.name == "grants")
        grants.budget_override = override
        m.run(13)
        assert bool([e for e in m.events if e[1] == "grants"]) is funded
        assert bool((m.orgs.origin[: m.orgs.n] == project).any()) is funded


# --- API and command line -----------------------------------------------------------------------


def test_simulate_dispatches_on_street_communities():
    res = simulate(
        "qingyuan", seed=1, months=3, overrides=dict(STREET, **{"street.residents": 1500})
    )
    assert isinstance(res, StreetResult) and res.months == 3
    one = simulate("qingyuan", seed=1, months=3, overrides={"community.residents": 400})
    assert type(one) is Result
    single = simulate("qingyuan", seed=1, months=3, overrides={"street.communities": 1})
    assert type(single) is Result


def test_save_writes_the_street_files(review, tmp_path):
    _, res = review
    paths = res.save(tmp_path / "out")
    names = [p.name for p in paths]
    assert names == [
        "series.parquet",
        "series.csv",
        "groups.parquet",
        "groups.csv",
        "summary.json",
        "figure.png",
        "by_community.parquet",
        "by_community.csv",
    ]
    assert pd.read_parquet(paths[0]).equals(res.series)
    assert pd.read_parquet(paths[names.index("by_community.parquet")]).equals(res.by_community)
    assert pd.read_parquet(paths[2])["community"].nunique() == 6
    assert json.loads(paths[names.index("summary.json")].read_text())["summary"]["communities"] == 6


def test_cli_runs_a_street_file(capsys, tmp_path):
    f = tmp_path / "mini-street.toml"
    f.write_text(
        'description = "a small street"\nextends = "qingyuan"\n'
        '[street]\ncommunities = 6\nresidents = 2400\nallocation = "review"\n'
        "mix_commodity_estate = 2.0\nmix_old_courtyard = 1.0\n"
    )
    assert main(["run", str(f), "--months", "12", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"] == "mini-street" and data["months"] == 12
    assert set(SUMMARY_KEYS) <= set(data["summary"])
    assert data["summary"]["communities"] == 6 and data["summary"]["residents"] == 2400
    assert len(data["communities"]) == 6
    assert {c["profile"] for c in data["communities"]} == {"commodity-estate", "old-courtyard"}


def test_street_qingyuan_is_built_in():
    sc = load("street-qingyuan")
    assert sc.values["street.communities"] == 28
    assert sc.values["street.residents"] == 130_000
    assert sc.values["street.allocation"] == "review"
    assert set(sc.policies()) >= {"grants"}
    mix = {p: sc.values[f"street.mix_{p.replace('-', '_')}"] for p in PROFILES}
    assert sum(mix.values()) == 28 and max(mix, key=mix.get) == "commodity-estate"
