"""City policy rules: each interaction between communities has declared parameters and a switch,
and switching it off removes its effect; bad city specs are one-line errors with exit status 2."""

import numpy as np
import pandas as pd
import pytest
from yingzao.model import city_policies
from yingzao.model.city_community import CityCommunity
from yingzao.model.city_defaults import CITY_PARAMS
from yingzao.model.city_plan import plan_city
from yingzao.model.city_policies import DECISION_COLUMNS, CityTraining, PracticeSpread
from yingzao.model.city_rules import CityState, decide
from yingzao.model.city_spec import check_city, load_city
from yingzao.model.defaults import DECLARATIONS
from yingzao.model.mech_defaults import CITY_SWITCHES

from yingzao.cli import main
from yingzao.errors import InputError

SEED = 3


def _city(**ov):
    return load_city("city-small", ov).values


def _indicators(plan, **cols):
    n = len(plan)
    ind = pd.DataFrame(
        {
            "community": plan["community"],
            "month": 12,
            "residents": plan["residents"],
            "households": plan["residents"] // 3,
            "functional": 0,
            "per_1000": 0.0,
            "score": np.linspace(0.1, 1.0, n),
            "practice": 0.1,
            "openness": 0.3,
            "federation": 0,
            "ngo_until": -1,
        }
    )
    for k, x in cols.items():
        ind[k] = x
    return ind


def test_every_city_parameter_and_switch_is_declared_with_unit_range_and_source():
    for p in CITY_PARAMS:
        assert p.unit and p.source, p.key
        if p.kind in (int, float):
            assert p.lo is not None and p.hi is not None and p.lo <= p.default <= p.hi, p.key
    for k in CITY_SWITCHES:
        p = DECLARATIONS[f"mech.{k}"]
        assert p.default is True and p.unit == "on/off" and p.source


def test_review_budget_splits_each_street_by_score_and_off_gives_every_community_its_rate():
    v = _city(**{"city_fund.allocation": "review"})
    plan = plan_city(v, SEED)
    ind = _indicators(plan)
    on = decide(v, plan, ind, 12, CityState(), SEED)["grant_budget"].to_numpy()
    own = v["city_fund.per_100_households"] * ind["households"] / 100
    by_street = pd.Series(on).groupby(plan["street"]).sum()
    np.testing.assert_allclose(by_street, own.groupby(plan["street"]).sum())  # same money
    assert np.all(np.diff(on[plan["street"] == 0]) > -1e-9) and on[0] < on[5]  # by score
    off = decide({**v, "mech.review_budget": False}, plan, ind, 12, CityState(), SEED)
    assert off["grant_budget"].isna().all()  # each community its own per-household rate


def test_practice_spreads_from_model_communities_of_the_street_only_when_switched_on():
    v = _city()
    plan = plan_city(v, SEED)
    per_1000 = np.where(plan["community"] == 2, 5.0, 0.0)  # community 2 is a model
    ind = _indicators(plan, per_1000=per_1000, practice=np.where(per_1000 > 0, 0.8, 0.1))
    d = decide(v, plan, ind, 12, CityState(), SEED)
    same_street = plan["street"] == plan.loc[2, "street"]
    assert (d.loc[same_street & (plan["community"] != 2), "practice_target"] == 0.8).all()
    assert d.loc[~same_street, "practice_target"].isna().all()
    assert np.isnan(d.loc[2, "practice_target"])  # not its own model
    off = decide({**v, "mech.practice_spread": False}, plan, ind, 12, CityState(), SEED)
    assert off["practice_target"].isna().all()


def _community(**ov):
    sc = load_city(
        "city-small", {"community.residents": 300, "run.months": 24, "city.communities": 0, **ov}
    )
    m = CityCommunity(sc, seed=SEED)
    city_policies.install(m)
    return m


def _nothing() -> dict:
    d = dict.fromkeys(DECISION_COLUMNS, 0.0)
    d.update(grant_budget=np.nan, practice_target=np.nan, openness_target=np.nan)
    return d


def test_a_committee_learns_from_its_street_model_and_not_with_the_switch_off():
    runs = {}
    for on in (True, False):
        m = _community(**{"mech.practice_spread": on})
        assert any(isinstance(p, PracticeSpread) for p in m.policies) is on
        city_policies.apply(m, 0, {**_nothing(), "practice_target": 0.9, "openness_target": 0.9})
        for _ in range(12):
            m.step()
        runs[on] = m.committee.practice
    assert runs[True] > runs[False] + 0.05


def test_a_community_given_nothing_runs_as_it_would_alone():
    from yingzao.model.community import CommunityModel

    a = _community()
    b = CommunityModel(a.case, seed=SEED)
    city_policies.apply(a, 0, _nothing())
    for _ in range(12):
        a.step()
        b.step()
    assert a.recorder.rows["orgs_alive"] == b.recorder.rows["orgs_alive"]
    assert a.recorder.rows["participation_rate"] == b.recorder.rows["participation_rate"]


def test_trainees_with_street_mates_from_model_communities_gain_more_only_with_leader_peers():
    skill = {}
    for on, peers in ((True, 1.0), (True, 0.0), (False, 1.0)):
        m = _community(**{"city_training.enabled": True, "mech.leader_peers": on})
        t = next(p for p in m.policies if isinstance(p, CityTraining))
        before = m.res.skill.copy()
        t.give(0, 10, peers)
        t.act(0)
        skill[on, peers] = float((m.res.skill - before).sum())
        assert t.trained == 10
    gain = DECLARATIONS["city_spread.peer_bonus"].default
    assert skill[True, 1.0] == pytest.approx(skill[True, 0.0] * (1 + gain), rel=1e-9)
    assert skill[False, 1.0] == pytest.approx(skill[True, 0.0])


def test_a_street_federation_forms_where_enough_communities_have_one_and_not_when_off():
    v = _city()
    plan = plan_city(v, SEED)
    fed = np.where(plan["street"] == 0, 1, 0)
    fed[plan.index[plan["street"] == 0][2:]] = 0  # two communities of street 0
    ind = _indicators(plan, federation=fed)
    st = CityState()
    d = decide(v, plan, ind, 12, st, SEED)
    assert (d["federation"] == (plan["street"] == 0)).all() and st.street_federations == {0}
    off = decide({**v, "mech.city_federation": False}, plan, ind, 12, CityState(), SEED)
    assert (off["federation"] == 0).all()


def test_an_ngo_moves_on_in_its_street_when_its_contract_ends_only_with_ngo_moves():
    v = _city(**{"city_ngo.contracts": 1, "city_ngo.communities": 2, "city_ngo.months": 12})
    plan = plan_city(v, SEED)
    ind = _indicators(plan)
    for on in (True, False):
        vv = {**v, "mech.ngo_moves": on}
        st = CityState()
        first = decide(vv, plan, ind, 0, st, SEED)
        served = set(plan.loc[first["ngo_months"] > 0, "community"])
        street = plan.loc[sorted(served), "street"].unique()
        assert len(served) == 2 and len(street) == 1
        nxt = decide(vv, plan, ind, 12, st, SEED)
        now = set(plan.loc[nxt["ngo_months"] > 0, "community"])
        assert not now & served  # a community is served once
        moved = [text for t, text in st.events if t == 12 and "moved on" in text]
        assert bool(moved) is on, on
        if on:  # it stayed in its street
            assert set(plan.loc[sorted(now), "street"]) == {street[0]}


@pytest.mark.parametrize(
    ("ov", "needle"),
    [
        ({"city.communities": 500}, "cannot fill"),
        ({"city.districts": 9}, "districts need at least"),
        ({"city.street_min": 8}, "street_min"),
        ({"city.size_median": 50_000}, "size_median"),
        ({"city.sync_months": 5}, "sync_months"),
        ({"city_training.start": 6}, "synchronization month"),
        ({"city_fund.start": 24, "city_fund.end": 12}, "before city_fund.start"),
        ({"city_subset.support": "no-such-case"}, "city_subset.support"),
        ({"street.communities": 6}, "street.communities"),
        # 144: city-small's districts have 12 communities each (seed 0)
        ({"city_demo.per_district": 10_000}, "per_district = 10,000: more than the 12 communities"),
        # 145: its streets have 6
        ({"city_ngo.communities": 1000}, "city_ngo.communities = 1,000: a contract serves"),
        # 99: a whole city (or a street) as one community's support package
        ({"city_demo.enabled": True, "city_demo.support": "city-small"}, "'city-small': a city"),
        ({"city_subset.support": "city-small-demo"}, "'city-small-demo': a city"),
        ({"city_subset.support": "street-qingyuan"}, "'street-qingyuan': a street"),
    ],
)
def test_bad_city_specs_are_refused_before_anything_runs(ov, needle):
    with pytest.raises(InputError, match=needle.replace(".", r"\.")):
        check_city(load_city("city-small", ov))


def test_demonstration_communities_are_checked_against_the_plan_of_the_seed_run():
    sc = load_city("city-small", {"city_demo.per_district": 15})
    with pytest.raises(InputError, match="largest district"):
        check_city(sc, (0,))  # districts of 12 and 12
    check_city(sc, (5,))  # districts of 18 and 6: the larger has 15
    with pytest.raises(InputError, match="seed 0"):
        check_city(sc, range(0, 6))  # a comparison's seeds: each is checked


@pytest.mark.parametrize(
    "args",
    [
        ["--set", "city.mix_nowhere=1"],
        ["--set", "city.communities=-3"],
        ["--set", "city.communities=7"],
        ["--set", "city.record=week"],
        ["--cluster", "tcp://127.0.0.1:1"],
        ["--workers", "0"],
        ["--resume", "--force"],
    ],
)
def test_bad_city_runs_on_the_command_line_are_one_line_with_exit_2(args, tmp_path, capsys):
    assert main(["run", "city-small", "--out", str(tmp_path / "o"), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("yingzao: error:") and "\n" not in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()  # nothing was computed or written


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("foo = 3\n", "'foo' must be a table like [foo]"),  # 133
        ("description = 5\n", "'description' must be text, got 5"),  # 134
        ("name = [1]\n", "'name' must be text, got [1]"),  # 135
    ],
)
def test_a_city_file_extending_a_city_by_name_is_checked_as_a_scenario_file(
    text, needle, tmp_path, capsys
):
    f = tmp_path / "c.toml"
    f.write_text(f'extends = "city-small"\n{text}', encoding="utf-8")
    args = ["run", str(f), "--out", str(tmp_path / "o"), "--months", "12", "--workers", "1"]
    assert main([*args, "--no-progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert needle in err and "\n" not in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_a_city_file_with_an_unknown_profile_is_refused(tmp_path, capsys):
    f = tmp_path / "c.toml"
    f.write_text('extends = "city-small"\n[city]\nmix_downtown = 3.0\n', encoding="utf-8")
    assert main(["run", str(f), "--out", str(tmp_path / "o")]) == 2
    assert "city.mix_downtown" in capsys.readouterr().err
