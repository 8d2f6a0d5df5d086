"""The compiled loops (``model/kernels.py``) give the bits of the numpy rules they replace.

A model whose compiled stages are swapped for the numpy forms (``tests/numpy_forms.py``) and one
run as shipped must end every array, every organization and every recorded month bit for bit
equal; and on random pairs and draws the loops answer as the numpy forms do.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from yingzao.model import community, events, founding, kernels, participation
from yingzao.model.community import CommunityModel
from yingzao.model.policies import simple

from tests import numpy_forms as nf

SMALL = {"community.residents": 900}


def _with_numpy_forms(monkeypatch) -> None:
    plan = tuple((name, nf.STAGES.get(name, f)) for name, f in community.STEP_PLAN)
    monkeypatch.setattr(community, "STEP_PLAN", plan)
    monkeypatch.setattr(founding, "admit", nf.admit)
    monkeypatch.setattr(simple, "admit", nf.admit)
    monkeypatch.setattr(events, "group_contacts", nf.group_contacts)
    monkeypatch.setattr(CommunityModel, "memberships", nf.memberships)


def _arrays(m) -> dict[str, np.ndarray]:
    out = {}
    for side, obj in (("res", m.res), ("orgs", m.orgs)):
        for k, a in vars(obj).items():
            if isinstance(a, np.ndarray):
                out[f"{side}.{k}"] = a
    return out


def _same(a: CommunityModel, b: CommunityModel) -> None:
    xa, xb = _arrays(a), _arrays(b)
    assert xa.keys() == xb.keys()
    for k in xa:
        assert xa[k].dtype == xb[k].dtype, k
        assert np.array_equal(xa[k], xb[k], equal_nan=xa[k].dtype.kind == "f"), k
    assert a.recorder.rows == b.recorder.rows


@pytest.mark.parametrize(
    ("scenario", "seed"),
    [("baseline", 1), ("support-8y", 3), ("crisis", 2), ("substitution", 4), ("procurement", 5)],
)
def test_a_run_with_the_numpy_forms_ends_bit_for_bit_the_same(monkeypatch, scenario, seed):
    shipped = CommunityModel(scenario, seed=seed, overrides=SMALL)
    shipped.run(48)
    with monkeypatch.context() as mp:
        _with_numpy_forms(mp)
        ref = CommunityModel(scenario, seed=seed, overrides=SMALL)
        ref.run(48)
    assert shipped.orgs.n > 3 and shipped.res.engaged.any()  # the loops had work to do
    _same(shipped, ref)


def test_the_swap_would_see_a_last_bit_change(monkeypatch):
    """The comparison above is sharp: a numpy form off by one ulp in one stage is caught."""
    shipped = CommunityModel("baseline", seed=1, overrides=SMALL)
    shipped.run(24)

    def nudged(m):
        nf.trust_update(m)
        m.res.trust_nb[0] = np.nextafter(m.res.trust_nb[0], 2.0)

    with monkeypatch.context() as mp:
        _with_numpy_forms(mp)
        plan = tuple((n, nudged if n == "trust" else f) for n, f in community.STEP_PLAN)
        mp.setattr(community, "STEP_PLAN", plan)
        ref = CommunityModel("baseline", seed=1, overrides=SMALL)
        ref.run(24)
    with pytest.raises(AssertionError, match="trust_nb"):
        _same(shipped, ref)


@pytest.fixture(scope="module")
def midrun() -> CommunityModel:
    m = CommunityModel("support-8y", seed=7, overrides=SMALL)
    m.run(36)
    return m


def test_pull_and_contacts_on_random_pairs(midrun):
    m = midrun
    rng = np.random.default_rng(11)
    q = 3000
    j = rng.integers(0, m.n, q)
    g = rng.integers(0, m.orgs.n, q)  # dead groups and groups of no neighbour too
    asker = rng.integers(0, m.n, q)
    noise = rng.normal(0, 0.1, q)
    m.res.engaged[:] = rng.random(m.n) < 0.3
    want = nf.group_contacts(m, j, g)
    assert np.count_nonzero(want) > 20  # pairs with active contacts too
    assert np.array_equal(participation.group_contacts(m, j, g), want)
    assert np.array_equal(participation.pull(m, j, g, noise, asker), nf.pull(m, j, g, noise, asker))
    r, o = m.res, m.orgs
    ok = kernels.can_join(j, g, o.alive, r.groups)
    assert np.array_equal(
        ok, o.alive[g] & (r.groups[j, 1] < 0) & (r.groups[j, 0] != g) & (r.groups[j, 1] != g)
    )


def test_neighbour_picks_on_random_and_edge_draws(midrun):
    m = midrun
    rng = np.random.default_rng(12)
    who = rng.integers(0, m.n, 4000)
    u = rng.random(who.size)
    u[:5] = 0.0
    u[5:10] = np.nextafter(1.0, 0.0)
    got = participation.pick_neighbour(m, who, u)
    want = nf.pick_neighbour(m, who, u)
    for a, b in zip(got, want, strict=True):
        assert np.array_equal(a, b)


def test_memberships_of_random_slot_tables(midrun):
    rng = np.random.default_rng(13)
    n, dtype = midrun.n, midrun.res.groups.dtype
    for p in (0.0, 0.05, 0.6, 1.0):
        groups = np.where(rng.random((n, 2)) < p, rng.integers(0, 40, (n, 2)), -1).astype(dtype)
        fake = SimpleNamespace(n=n, res=SimpleNamespace(groups=groups))
        got = kernels.memberships(groups, True)
        want = nf.memberships(fake, slots=True)
        for a, b in zip(got, want, strict=True):
            assert np.array_equal(a, b) and a.dtype == b.dtype


@pytest.mark.parametrize("crisis", [0.0, 0.2])
def test_needs_in_a_month_with_volunteer_help_and_a_crisis(crisis):
    from yingzao.model import needs
    from yingzao.model.state import REC

    twins = []
    for _ in range(2):
        m = CommunityModel("baseline", seed=3, overrides=SMALL)
        m.run(30)
        m.begin_month()
        m.crisis_add[0] = crisis  # a crisis month: the target is capped at 1
        m.service_bld[[1, 4], 0] = 0.3  # volunteer help in two buildings
        twins.append(m)
    m = twins[0]
    covered = (np.minimum(m.service + m.service_bld + m.service_extra, 1.0)[:, :REC] > 0).any(1)
    assert covered.any() and m.member_rec.any()  # service and recreation both reach residents
    needs.update(twins[0])
    nf.needs_update(twins[1])
    assert np.array_equal(twins[0].res.need, twins[1].res.need)
