"""The community's social network: households in buildings, dense ties inside, fewer across.

Built from the run's ``network`` stream as an edge array (vectorized), then handed to networkx
(for Mesa's Network space and for drawing) and to a symmetric CSR matrix (for the hot path).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp


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


def build_edges(
    layout: Layout,
    local_degree: float,
    cross_degree: float,
    locality: float,
    sociability_sd: float,
    rng,
) -> np.ndarray:
    """Undirected edges (E x 2, i < j, unique) of the community network.

    Households are cliques. Within a building, ``local_degree * n_b / 2`` random pairs. Across
    buildings, ``cross_degree * n / 2`` pairs whose first end is chosen in proportion to a
    lognormal sociability, and whose second end is, with probability ``locality``, in an adjacent
    building and otherwise anywhere (again by sociability).
    """
    hh, bld = layout.household, layout.building
    n = hh.size
    parts = []
    # household cliques: consecutive residents share a household
    hh_start = np.r_[0, np.flatnonzero(np.diff(hh)) + 1]
    hh_len = np.diff(np.r_[hh_start, n])
    for k in range(1, int(hh_len.max(initial=1))):
        i = np.flatnonzero(np.arange(n) - hh_start[hh] + k < hh_len[hh])
        parts.append(np.c_[i, i + k])
    # within buildings
    b_start = np.r_[0, np.flatnonzero(np.diff(bld)) + 1]
    b_len = np.diff(np.r_[b_start, n])
    m_b = rng.poisson(local_degree * b_len / 2.0)
    owner = np.repeat(np.arange(b_len.size), m_b)
    i = b_start[owner] + (rng.random(owner.size) * b_len[owner]).astype(np.int64)
    j = b_start[owner] + (rng.random(owner.size) * b_len[owner]).astype(np.int64)
    parts.append(np.c_[i, j])
    # across buildings
    m = rng.poisson(cross_degree * n / 2.0)
    w = rng.lognormal(0.0, sociability_sd, size=n)
    cdf = np.cumsum(w) / w.sum()
    i = np.minimum(np.searchsorted(cdf, rng.random(m)), n - 1)
    j_far = np.minimum(np.searchsorted(cdf, rng.random(m)), n - 1)
    step = np.where(rng.random(m) < 0.5, -1, 1)
    nb = np.clip(bld[i] + step, 0, layout.n_buildings - 1)
    j_near = b_start[nb] + (rng.random(m) * b_len[nb]).astype(np.int64)
    j = np.where(rng.random(m) < locality, j_near, j_far)
    parts.append(np.c_[i, j])
    e = np.concatenate(parts).astype(np.int64)
    e = e[e[:, 0] != e[:, 1]]
    e.sort(axis=1)
    key = np.unique(e[:, 0] * n + e[:, 1])
    return np.c_[key // n, key % n]


def adjacency(edges: np.ndarray, n: int) -> sp.csr_array:
    """Symmetric 0/1 adjacency matrix in CSR form (float64 for mat-vecs)."""
    data = np.ones(2 * len(edges))
    rows = np.r_[edges[:, 0], edges[:, 1]]
    cols = np.r_[edges[:, 1], edges[:, 0]]
    return sp.csr_array((data, (rows, cols)), shape=(n, n))


def to_networkx(edges: np.ndarray, n: int) -> nx.Graph:
    """The same network as a networkx graph with integer nodes 0..n-1."""
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges.tolist())
    return g
