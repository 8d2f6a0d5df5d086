"""Named random streams: one per kind of decision (common random numbers).

Each stream is seeded from the run seed and the stream's name, so adding, removing or silencing
one kind of decision (a policy with zero budget, say) leaves every other stream, and therefore the
rest of the run, unchanged. Per-resident draws are always whole arrays of the community's size.
"""

from __future__ import annotations

import zlib

import numpy as np


class Streams:
    """A lazily created ``numpy.random.Generator`` per stream name.

    Args:
        seed: The run seed (non-negative integer).

    """

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self._gens: dict[str, np.random.Generator] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        g = self._gens.get(name)
        if g is None:
            # crc32 is stable across processes (unlike hash()), so runs repeat bit for bit.
            ss = np.random.SeedSequence([self.seed, zlib.crc32(name.encode())])
            g = self._gens[name] = np.random.Generator(np.random.PCG64(ss))
        return g
