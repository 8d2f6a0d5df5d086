"""Founders who share no one ask their neighbours at once: the same as one after another."""

from __future__ import annotations

import numpy as np
from yingzao.model import founding
from yingzao.model.community import CommunityModel


def _model():
    m = CommunityModel("baseline", seed=4, overrides={"community.residents": 3000})
    m.run(24)
    return m


def _founders(m, n):
    r = m.res
    free = (r.groups[:, 1] < 0) & (r.leads < 0) & (np.diff(m.A.indptr) > 0)
    free = np.flatnonzero(free)
    return np.random.default_rng(1).choice(free, n, replace=False).tolist()


def test_founders_who_share_no_one_ask_at_once_as_they_would_in_turn():
    a, b = _model(), _model()
    ok = _founders(a, 40)
    ok = ok[: founding.disjoint_prefix(a, ok, np.zeros(a.n, bool))]
    assert len(ok) > 5
    kinds = [k % 6 for k in range(len(ok))]  # every category, recreation among them
    gids = [a.found_group(i, k, a.month) for i, k in zip(ok, kinds, strict=True)]
    counts = founding.ask_founded(a, ok, gids, "found")
    one_by_one = []
    for i, k in zip(ok, kinds, strict=True):
        g = b.found_group(i, k, b.month)
        one_by_one.append(founding.ask_neighbours(b, i, g, "found", new=True).size)
    assert counts.tolist() == one_by_one and sum(one_by_one) > 0
    for name in ("groups", "propensity", "leads"):
        assert np.array_equal(getattr(a.res, name), getattr(b.res, name)), name


def test_the_prefix_stops_at_the_first_founder_who_shares_someone():
    m = _model()
    A = m.A
    i = int(np.argmax(np.diff(A.indptr)))
    near = A.indices[A.indptr[i] : A.indptr[i + 1]].tolist()
    mark = np.zeros(m.n, bool)
    far = [j for j in _founders(m, 200) if j != i and j not in near]
    far = far[: founding.disjoint_prefix(m, far, mark)][:3]
    assert len(far) == 3
    shared = next(
        j
        for j in range(m.n)
        if j != i and set(near) & set(A.indices[A.indptr[j] : A.indptr[j + 1]].tolist())
    )
    assert founding.disjoint_prefix(m, [i, *far, shared, *far], mark) == 1 + len(far)
    assert founding.disjoint_prefix(m, [i, near[0]], mark) == 1  # a founder's neighbour
    assert founding.disjoint_prefix(m, [i, i], mark) == 1
    assert not mark.any()  # the scratch array is left as it was found


def test_salted_draws_at_once_are_each_salts_draws():
    k = CommunityModel("baseline", seed=2, overrides={"community.residents": 300}).streams
    keyed = k.keyed("found")
    ids = np.arange(50)
    which = np.repeat(np.arange(5), 10)
    salts = [3, 0, 17, 2**20, 5]
    want = np.concatenate(
        [keyed.normal(7, ids[which == p], 0.3, salt=s) for p, s in enumerate(salts)]
    )
    assert np.array_equal(keyed.normal_salted(7, ids, 0.3, salts, which), want)
