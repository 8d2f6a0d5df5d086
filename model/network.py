"""The community's social network: households in buildings, stairwells inside, fewer ties across.

Built from the run's ``network`` stream as an edge array (vectorized), then handed to networkx
(for Mesa's Network space and for drawing) and to symmetric CSR matrices (for the hot path): a
0/1 adjacency and a weighted one whose weights are tie strengths (Granovetter 1973): household
ties are the strongest, ties inside a building middling, ties to other buildings weak.

Ties inside a building go mostly to residents of the same stairwell (单元): a clustered
neighbourhood in which complex contagion can spread (Centola & Macy 2007), unlike a random graph
of the same degree.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

HOUSEHOLD, BUILDING, CROSS = 0, 1, 2  # kinds of tie


@dataclass
class Layout:
    """Who lives where.

    Attributes:
        household: Household id per resident.
        building: Building id per resident (buildings are numbered along a street line).
        n_buildings: Number of buildings.

    """

    household: np.ndarray
    building: np.ndarray
    n_buildings: int


def place_residents(n: int, hh_size: float, bld_households: int, rng) -> Layout:
    """Group residents into households (1 + Poisson sizes) and households into buildings."""
    sizes = 1 + rng.poisson(max(hh_size - 1.0, 0.0), size=n)
    ends = np.cumsum(sizes)
    n_hh = int(np.searchsorted(ends, n) + 1)
    household = np.repeat(np.arange(n_hh), sizes[:n_hh])[:n].astype(np.int32)
    building = (household // max(bld_households, 1)).astype(np.int32)
    return Layout(household, building, int(building[-1]) + 1)


def build_edges(layout: Layout, v: dict, rng) -> tuple[np.ndarray, np.ndarray]:
    """Undirected edges (E x 2, i < j, unique) of the community network and the kind of each.

    Households are cliques. Within a building, ``network.local_degree * n_b / 2`` pairs: with
    probability ``network.stairwell_locality`` both ends are in the same stairwell (a run of
    ``network.stairwell_households`` households), otherwise anywhere in the building. Across
    buildings, ``network.cross_degree * n / 2`` pairs whose first end is chosen in proportion to
    a lognormal sociability, and whose second end is, with probability
    ``network.cross_locality``, in an adjacent building and otherwise anywhere (by sociability).
    A pair drawn twice keeps its strongest kind.
    """
    hh, bld = layout.household, layout.building
    n = hh.size
    parts, kinds = [], []
    # household cliques: consecutive residents share a household
    hh_start = np.r_[0, np.flatnonzero(np.diff(hh)) + 1]
    hh_len = np.diff(np.r_[hh_start, n])
    for k in range(1, int(hh_len.max(initial=1))):
        i = np.flatnonzero(np.arange(n) - hh_start[hh] + k < hh_len[hh])
        parts.append(np.c_[i, i + k])
        kinds.append(np.full(i.size, HOUSEHOLD))
    # within buildings: a stairwell is a run of households, numbered within the building
    b_start = np.r_[0, np.flatnonzero(np.diff(bld)) + 1]
    b_len = np.diff(np.r_[b_start, n])
    m_b = rng.poisson(v["network.local_degree"] * b_len / 2.0)
    owner = np.repeat(np.arange(b_len.size), m_b)
    i = b_start[owner] + (rng.random(owner.size) * b_len[owner]).astype(np.int64)
    j_any = b_start[owner] + (rng.random(owner.size) * b_len[owner]).astype(np.int64)
    well = _stairwells(hh, bld, int(v["network.stairwell_households"]))
    w_start = np.r_[0, np.flatnonzero(np.diff(well)) + 1]
    w_len = np.diff(np.r_[w_start, n])
    wi = well[i]
    j_well = w_start[wi] + (rng.random(owner.size) * w_len[wi]).astype(np.int64)
    j = np.where(rng.random(owner.size) < v["network.stairwell_locality"], j_well, j_any)
    parts.append(np.c_[i, j])
    kinds.append(np.full(i.size, BUILDING))
    # across buildings
    m = rng.poisson(v["network.cross_degree"] * n / 2.0)
    w = rng.lognormal(0.0, v["network.sociability_sd"], size=n)
    cdf = np.cumsum(w) / w.sum()
    i = np.minimum(np.searchsorted(cdf, rng.random(m)), n - 1)
    j_far = np.minimum(np.searchsorted(cdf, rng.random(m)), n - 1)
    step = 2 * rng.integers(0, 2, m) - 1  # the left or the right neighbour building
    nb = np.clip(bld[i] + step, 0, layout.n_buildings - 1)
    j_near = b_start[nb] + (rng.random(m) * b_len[nb]).astype(np.int64)
    j = np.where(rng.random(m) < v["network.cross_locality"], j_near, j_far)
    parts.append(np.c_[i, j])
    kinds.append(np.full(m, CROSS))
    e = np.concatenate(parts).astype(np.int64)
    kind = np.concatenate(kinds)
    # the kind follows where the ends live (a random pair may fall inside one household)
    kind = np.where(
        hh[e[:, 0]] == hh[e[:, 1]],
        HOUSEHOLD,
        np.where(bld[e[:, 0]] == bld[e[:, 1]], BUILDING, CROSS),
    )
    keep = e[:, 0] != e[:, 1]
    e, kind = e[keep], kind[keep]
    e.sort(axis=1)
    key, first = np.unique(e[:, 0] * n + e[:, 1], return_index=True)
    return np.c_[key // n, key % n], kind[first]


def _stairwells(hh: np.ndarray, bld: np.ndarray, per: int) -> np.ndarray:
    """Stairwell id per resident: runs of ``per`` households within each building."""
    first_hh = hh[np.r_[0, np.flatnonzero(np.diff(bld)) + 1]]  # first household per building
    local = hh - first_hh[bld]
    key = bld.astype(np.int64) * (hh.size + 1) + local // max(per, 1)
    return np.unique(key, return_inverse=True)[1]


def adjacency(edges: np.ndarray, n: int, weights: np.ndarray | None = None) -> sp.csr_array:
    """Symmetric adjacency matrix in CSR form (float64 for mat-vecs); 0/1 unless ``weights``."""
    data = np.ones(2 * len(edges)) if weights is None else np.r_[weights, weights].astype(float)
    rows = np.r_[edges[:, 0], edges[:, 1]]
    cols = np.r_[edges[:, 1], edges[:, 0]]
    a = sp.csr_array((data, (rows, cols)), shape=(n, n))
    a.sort_indices()
    return a


def csr_rows(a: sp.csr_array, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where rows ``rows`` of ``a`` keep their entries: ``(position in rows, index into data)``.

    ``a.indices[idx]`` are the rows' columns and ``a.data[idx]`` their values, row after row in
    CSR order: the same as ``a[rows]`` without building a matrix.
    """
    start = a.indptr[rows]
    lens = a.indptr[rows + 1] - start
    return np.repeat(np.arange(rows.size), lens), ranges(start, lens)


def ranges(start: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """``start[i], start[i] + 1, ..., start[i] + lens[i] - 1`` for each ``i``, concatenated."""
    ends = np.cumsum(lens)
    return np.arange(ends[-1] if ends.size else 0) - np.repeat(ends - lens - start, lens)


def tie_weights(kind: np.ndarray, v: dict) -> np.ndarray:
    """Strength of each tie from its kind (``network.w_household``, ``w_building``, ``w_cross``)."""
    w = np.array([v["network.w_household"], v["network.w_building"], v["network.w_cross"]])
    return w[kind]


def to_networkx(edges: np.ndarray, n: int) -> nx.Graph:
    """The same network as a networkx graph with integer nodes 0..n-1."""
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges.tolist())
    return g
