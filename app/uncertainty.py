"""Parameter uncertainty in the app: runs with posterior draws and with fixed defaults.

With the switch on and a calibration record present, a run is done twice on the same seeds:
once with each replicate drawing its calibrated parameters from the calibration's posterior
(:mod:`yingzao.experiments.posterior`), which gives the outer band (seed noise and what the
calibration leaves unknown about the parameters), and once with the calibrated defaults, which
gives the inner band (seed noise only). Off, or without a record: the defaults only, one band.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from yingzao.experiments import compare as _compare
from yingzao.experiments.compare import Comparison
from yingzao.scenarios import Scenario

from yingzao.errors import InputError

log = logging.getLogger(__name__)


def sets_available() -> int | None:
    """How many posterior parameter sets the calibration record holds (None: no record).

    A record that is named but unreadable counts as none (the app then runs the defaults and
    says so); the command line reports it as an error instead.
    """
    try:
        sets = _compare.posterior_sets()  # looked up on the module, so tests can replace it
    except (InputError, OSError, ValueError) as e:
        log.warning("posterior sample not usable: %s", e)
        return None
    return None if sets is None or len(sets) == 0 else len(sets)


def double(include: bool) -> bool:
    """Whether a run with the switch at ``include`` is done twice (draws, then defaults)."""
    return bool(include) and sets_available() is not None


@dataclass(eq=False)
class Runs:
    """A run's results: the comparison the page reads, and its seed-only twin.

    Attributes:
        main: With posterior draws when they were included, else the defaults.
        seed_only: The same seeds with the calibrated defaults, when ``main`` has draws; else
            None (``main`` is then seed-only itself).

    """

    main: Comparison
    seed_only: Comparison | None = None

    @property
    def sets(self) -> int | None:
        """Posterior sets ``main`` drew from (None: not included)."""
        return self.main.posterior_sets


def run_both(
    scenarios: Sequence[Scenario],
    reps: int,
    labels: Sequence[str],
    progress: Callable[[int, int], None] | None = None,
    include: bool = True,
) -> Runs:
    """Paired runs of ``scenarios`` (seeds 0..reps-1) in this process, with and without draws.

    ``progress(done, total)`` counts both passes (``total`` is twice the runs when there are
    two) and may raise (e.g. a cancel) to stop after a run.
    """
    kw = {"reps": reps, "workers": 1, "labels": labels}
    if not double(include):
        main = _compare.compare(list(scenarios), progress=progress or False, posterior=False, **kw)
        return Runs(main)

    def first(done: int, total: int) -> None:
        if progress is not None:
            progress(done, 2 * total)

    def second(done: int, total: int) -> None:
        if progress is not None:
            progress(total + done, 2 * total)

    main = _compare.compare(list(scenarios), progress=first, posterior=True, **kw)
    fixed = _compare.compare(list(scenarios), progress=second, posterior=False, **kw)
    return Runs(main, fixed)
