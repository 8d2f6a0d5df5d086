"""Named random streams: one per kind of decision (common random numbers).

Each stream is seeded from the run seed and the stream's name, so adding, removing or silencing
one kind of decision (a policy with zero budget, say) leaves every other stream, and therefore the
rest of the run, unchanged. Two kinds:

- ``streams[name]``: a ``numpy.random.Generator``; per-resident draws from it are whole arrays of
  the community's size, so that resident ``i`` gets the ``i``-th number however the others fare.
- ``streams.keyed(name)``: counter-based draws (SplitMix64 of the run seed, the stream's name, the
  month, a salt and the resident's id). The number resident ``i`` draws for a decision in month
  ``t`` depends on nothing else, so a stage can draw for just the residents it concerns (the
  members who might take part, the residents asked) and paired runs still share every draw.
"""

from __future__ import annotations

import zlib

import numpy as np
from scipy.special import ndtri

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLD = np.uint64(0x9E3779B97F4A7C15)  # SplitMix64's increment (odd)
_MONTH = np.uint64(0xD1B54A32D192ED03)  # odd constants that spread month and salt apart
_SALT = np.uint64(0xA0761D6478BD642F)
_S30, _S27, _S31, _S11 = (np.uint64(k) for k in (30, 27, 31, 11))
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53


_MASK = (1 << 64) - 1
_MONTH_INT, _SALT_INT, _M1_INT, _M2_INT = int(_MONTH), int(_SALT), int(_M1), int(_M2)


def _mix(z: np.ndarray | np.uint64) -> np.ndarray:
    """SplitMix64's output function (uint64 arithmetic wraps around)."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


def _mix_int(z: int) -> int:
    """:func:`_mix` of one number in Python integers (the same value; no numpy scalar overhead)."""
    z = ((z ^ (z >> 30)) * _M1_INT) & _MASK
    z = ((z ^ (z >> 27)) * _M2_INT) & _MASK
    return z ^ (z >> 31)


class Keyed:
    """Counter-based uniform and normal draws of one named stream.

    Args:
        seed: The run seed.
        name: The stream's name.

    """

    def __init__(self, seed: int, name: str) -> None:
        with np.errstate(over="ignore"):
            self.key = _mix(_mix(np.uint64(seed) + _GOLD) ^ np.uint64(zlib.crc32(name.encode())))
        self._key = int(self.key)

    def _month_key(self, month: int, salt: int) -> int:
        month, salt = int(month), int(salt)  # numpy integers would overflow below
        if month < 0 or salt < 0:
            raise ValueError(f"month and salt must be non-negative, got {month} and {salt}")
        return _mix_int((self._key + month * _MONTH_INT + salt * _SALT_INT) & _MASK)

    def uniform(self, month: int, ids: np.ndarray, salt: int = 0) -> np.ndarray:
        """Uniform draws on [0, 1) for residents (or organizations) ``ids`` in ``month``."""
        return _draw(np.uint64(self._month_key(month, salt)), ids)

    def normal(self, month: int, ids: np.ndarray, sd: float, salt: int = 0) -> np.ndarray:
        """Normal draws with mean 0 and standard deviation ``sd`` (by inverting the CDF)."""
        return _to_normal(self.uniform(month, ids, salt), sd)

    def uniform_salted(self, month: int, ids: np.ndarray, salts: list[int], which: np.ndarray):
        """:meth:`uniform` of ``ids[p]`` with salt ``salts[which[p]]``, for every ``p`` at once.

        The same draws as one :meth:`uniform` call per salt.
        """
        keys = np.array([self._month_key(month, salt) for salt in salts], dtype=np.uint64)
        return _draw(keys[which], ids)

    def normal_salted(self, month: int, ids: np.ndarray, sd: float, salts, which) -> np.ndarray:
        """:meth:`normal` of ``ids[p]`` with salt ``salts[which[p]]`` (:meth:`uniform_salted`)."""
        return _to_normal(self.uniform_salted(month, ids, salts, which), sd)


def _draw(k: np.ndarray | np.uint64, ids: np.ndarray) -> np.ndarray:
    """Uniform draws on [0, 1) of ``ids`` under month-and-salt key(s) ``k``."""
    ids = np.asarray(ids, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = _mix(k + (ids + np.uint64(1)) * _GOLD)
    return (z >> _S11) * _TO_UNIT


def _to_normal(u: np.ndarray, sd: float) -> np.ndarray:
    """Normal draws with standard deviation ``sd`` from uniform ones (by inverting the CDF)."""
    return sd * ndtri((u * (1 << 53) + 0.5) * _TO_UNIT)  # strictly inside (0, 1)


class Streams:
    """A lazily created ``numpy.random.Generator`` (or :class:`Keyed`) per stream name.

    Args:
        seed: The run seed (non-negative integer).

    """

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self._gens: dict[str, np.random.Generator] = {}
        self._keyed: dict[str, Keyed] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        g = self._gens.get(name)
        if g is None:
            # crc32 is stable across processes (unlike hash()), so runs repeat bit for bit.
            ss = np.random.SeedSequence([self.seed, zlib.crc32(name.encode())])
            g = self._gens[name] = np.random.Generator(np.random.PCG64(ss))
        return g

    def keyed(self, name: str) -> Keyed:
        """The counter-based draws of stream ``name``."""
        k = self._keyed.get(name)
        if k is None:
            k = self._keyed[name] = Keyed(self.seed, name)
        return k
