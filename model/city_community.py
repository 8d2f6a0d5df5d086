"""A community of a city: the same model, cheap to build, to save and to restore.

A city builds, saves and restores thousands of communities at every synchronization point, and
the Mesa view of a community (its ``networkx`` graph, the ``Network`` space with a cell per
resident) takes most of the time of both: about three quarters of building a community and of
pickling it, while no rule of the month reads it (the month works on the model's arrays).
:class:`CityCommunity` builds that view on first use instead: ``space``, ``graph`` and each
resident's ``cell`` are there when read, exactly as in :class:`CommunityModel`. Everything else
is the community model itself; ``tests/test_city_state.py`` checks that a city community runs
bit-identically to a :class:`CommunityModel` of the same scenario and seed.

:func:`freeze` saves a community as bytes and :func:`thaw` restores it: a pickle of the model's
state without the Mesa view and with each resident agent written as its id (the resident agents
are views on the model's arrays, rebuilt on restoring). A restored community runs on exactly as
the saved one would have.
"""

from __future__ import annotations

import gc
import io
import pickle
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from mesa.agentset import _HardKeyAgentSet
from mesa.discrete_space import Network
from yingzao.agents import Resident
from yingzao.model.community import CommunityModel
from yingzao.model.network import adjacency, tie_weights, to_networkx

__all__ = ["CityCommunity", "freeze", "release", "thaw"]

# Left out of a checkpoint: the Mesa view (rebuilt on first use) and the network matrices
# (rebuilt from the ties on restoring: half the size of a checkpoint, a few milliseconds).
_VIEW = ("_space", "_graph", "residents", "A", "W", "W_cum", "deg")


class _PendingCell:
    """A resident's cell before the network space exists: reading it builds the space."""

    __slots__ = ("model", "rid")

    def __init__(self, model: CityCommunity, rid: int) -> None:
        self.model, self.rid = model, rid

    def add_agent(self, agent: Any) -> None:
        """Placing the resident waits for the real cell."""

    def __getattr__(self, name: str) -> Any:
        self.model.space  # noqa: B018  (builds the space and puts every resident in its cell)
        return getattr(self.model.residents[self.rid].cell, name)


class _PendingSpace:
    """What ``space`` is while the model is being built: cells that wait for the real space."""

    def __init__(self, model: CityCommunity) -> None:
        self._cells = [_PendingCell(model, i) for i in range(model.n)]


class CityCommunity(CommunityModel):
    """A :class:`CommunityModel` whose Mesa network view is built when first used.

    Same arguments, attributes and month as :class:`CommunityModel`.
    """

    _space: Network | None = None
    _graph: Any = None
    _building = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._building = True
        try:
            super().__init__(*args, **kwargs)
        finally:
            self._building = False

    def _build_view(self, edges: np.ndarray, kind: np.ndarray) -> None:
        """Keep the ties: the graph and the space are made from them when first read."""
        self.edges, self.edge_kind = edges, kind

    def _network_arrays(self) -> None:
        """The adjacency and tie-strength matrices from the ties (also after :func:`thaw`)."""
        self.A = adjacency(self.edges, self.n)
        self.W = adjacency(self.edges, self.n, tie_weights(self.edge_kind, self.v))
        self.W_cum = np.cumsum(self.W.data)
        self.deg = np.maximum(np.diff(self.A.indptr), 1).astype(float)

    @property
    def graph(self) -> Any:
        """The social network as a ``networkx`` graph (built on first use)."""
        if self._graph is None:
            self._graph = to_networkx(self.edges, self.n)
        return self._graph

    @graph.setter
    def graph(self, value: Any) -> None:
        self._graph = value

    @property
    def space(self) -> Network | _PendingSpace:
        """Mesa's ``Network`` space with a cell per resident (built on first use)."""
        if self._space is None:
            if self._building:  # the residents are being made: their cells come later
                return _PendingSpace(self)
            self._space = Network(self.graph, layout=None, random=self.random)
            cells = self._space._cells
            for r in self.residents:
                r._mesa_cell = None
                r.cell = cells[r.rid]
        return self._space

    @space.setter
    def space(self, value: Network) -> None:
        self._space = value


# --- checkpoints --------------------------------------------------------------------------------

_context = threading.local()


def _the_model() -> CityCommunity:
    return _context.model


def _resident(rid: int) -> Resident:
    return _context.residents[rid]


def _agentset(items: list, random: Any) -> _HardKeyAgentSet:
    """Mesa's registry of agents, its residents written as their ids (see :func:`freeze`)."""
    made = _context.residents
    s = _HardKeyAgentSet.__new__(_HardKeyAgentSet)
    s._agents = dict.fromkeys([made[x] if type(x) is int else x for x in items])
    s.random = random
    return s


class _Pickler(pickle.Pickler):
    """Writes the model itself as a reference and each resident agent as its id."""

    def __init__(self, f: io.BytesIO, model: CityCommunity) -> None:
        super().__init__(f, protocol=pickle.HIGHEST_PROTOCOL)
        self.model = model

    def reducer_override(self, obj: Any) -> Any:
        if obj is self.model:
            return _the_model, ()
        if type(obj) is Resident:
            return _resident, (obj.rid,)
        if type(obj) is _HardKeyAgentSet:
            # thousands of residents: a list of ids pickles ten times faster than agents
            items = [a.rid if type(a) is Resident else a for a in obj]
            return _agentset, (items, obj.random)
        return NotImplemented


# The layout of a checkpoint's state: raise it whenever the model's attributes change, so that
# a checkpoint written by other code is refused (a city run then replays that community from
# an older checkpoint or from month 0, which gives the same state) instead of run on without
# an attribute. 2: the groups stage keeps member_rec_at.
CHECKPOINT_FORMAT = 2


def freeze(m: CityCommunity) -> bytes:
    """A community's whole state as bytes (without its Mesa view), for :func:`thaw`."""
    state = {k: v for k, v in vars(m).items() if k not in _VIEW}
    uids = np.fromiter((r.unique_id for r in m.residents), dtype=np.int64, count=m.n)
    f = io.BytesIO()
    _Pickler(f, m).dump((CHECKPOINT_FORMAT, state, uids))
    return f.getvalue()


_gc_lock = threading.Lock()
_gc_holders = [0, False]  # threads thawing now; whether the collector was on before the first


@contextmanager
def _collector_off() -> Iterator[None]:
    """The garbage collector off while the block runs, in any number of threads at once.

    The collector is one switch for the whole process: the first thread in turns it off, the
    last one out turns it back on if it was on (a Dask worker thaws in several threads).
    """
    with _gc_lock:
        if _gc_holders[0] == 0:
            _gc_holders[1] = gc.isenabled()
            gc.disable()
        _gc_holders[0] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holders[0] -= 1
            if _gc_holders[0] == 0 and _gc_holders[1]:
                gc.enable()


def thaw(data: bytes) -> CityCommunity:
    """The community saved by :func:`freeze`, ready to run on.

    Raises:
        ValueError: the checkpoint is of another format (:data:`CHECKPOINT_FORMAT`).

    """
    m = CityCommunity.__new__(CityCommunity)
    _context.model = m
    # resident agents are views: bare objects now, filled in once the model's state is back
    _context.residents = _Residents()
    # unpickling and filling in the residents make many objects: collections while that runs
    # find nothing to free (in a batch of 12 communities of about 4,300 residents they took
    # 0.21 s of the 0.34 s of thawing)
    with _collector_off():
        try:
            saved = pickle.loads(data)
            if not (isinstance(saved, tuple) and len(saved) == 3) or saved[0] != CHECKPOINT_FORMAT:
                raise ValueError(
                    f"a checkpoint of another format (this code reads {CHECKPOINT_FORMAT})"
                )
            _, state, uids = saved
            made = _context.residents
            m.__dict__.update(state)
            m._network_arrays()
            residents = [made[i] for i in range(m.n)]
            for i, (r, uid) in enumerate(zip(residents, uids.tolist(), strict=True)):
                cell = _PendingCell(m, i)
                r.__dict__.update(model=m, unique_id=uid, pos=None, rid=i, _mesa_cell=cell)
        finally:
            _context.model = _context.residents = None
    m.residents = residents
    return m


def release(m: CityCommunity) -> None:
    """Let a community's memory go now, not at the next full garbage collection.

    Its agents, organizations and recorder refer back to it: reference cycles that only the
    cyclic collector frees. Emptying the model's attributes breaks them, so its memory is
    freed as soon as the caller drops it. The model is unusable afterwards.
    """
    m.__dict__.clear()


class _Residents(dict):
    """Bare resident agents made on demand while unpickling, by id."""

    def __missing__(self, rid: int) -> Resident:
        r = self[rid] = Resident.__new__(Resident)
        return r
