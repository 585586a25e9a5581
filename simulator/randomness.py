"""Random draws keyed to (seed, process name, entity id, step).

Every stochastic process draws from a counter-based generator: the uniform for
family 17 in the "job_change" process in month 5 is a pure function of
(seed, "job_change", 17, 5). So a family keeps its draws whatever else changes —
how many other families there are, which scenario runs, in which order
processes are called — and a baseline and a reform see the same luck.

The mixing function is SplitMix64 (Steele, Lea & Flood 2014), applied to a
combination of the keys; it is integer arithmetic, identical on every machine.
"""

from __future__ import annotations

import functools
import hashlib

import numpy as np
from scipy import special

__all__ = ["KeyedRandom"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_STEP = np.uint64(0xD6E8FEB86659FD93)
_SHIFT_1, _SHIFT_2, _SHIFT_3 = np.uint64(30), np.uint64(27), np.uint64(31)
#: Uniforms are built from the top 53 bits of the mixed word, then moved off 0
#: by half a unit so that they lie strictly inside (0, 1).
_MANTISSA_BITS = 53
_UNIT = 2.0**-_MANTISSA_BITS
_TOP_SHIFT = np.uint64(64 - _MANTISSA_BITS)
#: ``*_where`` draws for every id when more than 1 in _DENSE are wanted (cheaper
#: than picking the subset out; the values are the same either way).
_DENSE = 2


def _splitmix64(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, applied in place to ``z`` (uint64), which it returns."""
    shifted = np.empty_like(z)  # one scratch array for the three shifts
    with np.errstate(over="ignore"):
        np.add(z, _GOLDEN, out=z)
        for shift, multiplier in ((_SHIFT_1, _MIX_1), (_SHIFT_2, _MIX_2)):
            np.bitwise_xor(z, np.right_shift(z, shift, out=shifted), out=z)
            np.multiply(z, multiplier, out=z)
        np.bitwise_xor(z, np.right_shift(z, _SHIFT_3, out=shifted), out=z)
        return z


@functools.lru_cache(maxsize=4096)
def _name_key(seed: int, name: str) -> np.uint64:
    digest = hashlib.blake2b(f"{int(seed)}:{name}".encode(), digest_size=8).digest()
    return np.uint64(int.from_bytes(digest, "little"))


class KeyedRandom:
    """Counter-based random numbers keyed to a seed, a process name and ids.

    >>> r = KeyedRandom(42)
    >>> u = r.uniform("job_change", np.arange(5), step=3)   # shape (5,)
    """

    def __init__(self, seed: int):
        self.seed = int(seed)

    def bits(self, name: str, ids: np.ndarray, step: int = 0) -> np.ndarray:
        """64 random bits per id: one SplitMix64 finaliser applied to the id
        and step, spread by odd constants, combined with the process key."""
        key = _name_key(self.seed, name)
        ids = np.asarray(ids, dtype=np.uint64)
        with np.errstate(over="ignore"):
            # negative steps (months before the start) wrap to distinct keys
            offset = np.uint64(int(step) & 0xFFFFFFFFFFFFFFFF) * _STEP
            z = np.multiply(ids, _GOLDEN)
            np.add(z, offset, out=z)
            np.bitwise_xor(z, key, out=z)
            return _splitmix64(z)

    def uniform(self, name: str, ids: np.ndarray, step: int = 0) -> np.ndarray:
        """Uniforms strictly inside (0, 1), one per id."""
        top = self.bits(name, ids, step)
        np.right_shift(top, _TOP_SHIFT, out=top)
        # times 2**-53: exactly the same as dividing by 2**53 (a power of two)
        out = top.astype(np.float64)
        out += 0.5
        out *= _UNIT
        return out

    def uniform_where(
        self, name: str, ids: np.ndarray, mask: np.ndarray, step: int = 0, fill: float = 1.0
    ) -> np.ndarray:
        """Uniforms only where ``mask`` (``fill`` elsewhere): the same values as
        :meth:`uniform` for those ids, computed for the subset only."""
        mask = np.asarray(mask, dtype=bool)
        count = np.count_nonzero(mask)
        if count * _DENSE > len(mask):  # mostly drawn anyway: draw all, same values
            return np.where(mask, self.uniform(name, ids, step), fill)
        out = np.full(len(ids), fill)
        if count:
            index = np.flatnonzero(mask)
            out[index] = self.uniform(name, np.asarray(ids)[index], step)
        return out

    def normal_where(
        self, name: str, ids: np.ndarray, mask: np.ndarray, step: int = 0
    ) -> np.ndarray:
        """Standard normals only where ``mask`` (0 elsewhere)."""
        mask = np.asarray(mask, dtype=bool)
        count = np.count_nonzero(mask)
        if count * _DENSE > len(mask):
            return np.where(mask, self.normal(name, ids, step), 0.0)
        out = np.zeros(len(ids))
        if count:
            index = np.flatnonzero(mask)
            out[index] = self.normal(name, np.asarray(ids)[index], step)
        return out

    def normal(self, name: str, ids: np.ndarray, step: int = 0) -> np.ndarray:
        """Standard normal draws (inverse CDF of keyed uniforms)."""
        return special.ndtri(self.uniform(name, ids, step))

    def choice(self, name: str, ids: np.ndarray, probabilities, step: int = 0) -> np.ndarray:
        """Category index per id, with ``probabilities`` either one vector or
        one row per id (rows are normalised)."""
        probs = np.asarray(probabilities, dtype=float)
        u = self.uniform(name, ids, step)
        if probs.ndim == 1:
            cumulative = np.cumsum(probs)
            cumulative = cumulative / cumulative[-1]
            if np.all(cumulative[1:] >= cumulative[:-1]):
                # sorted: the number of bounds at or below u, counted bound by
                # bound, is what searchsorted(side="right") finds
                index = _count_at_or_below(u, cumulative)
            else:
                index = np.searchsorted(cumulative, u, side="right")
        else:
            # one row per id: the running sums column by column are np.cumsum's
            # own (sequential additions), each bound divided by the row's
            # total, and the bounds at or below u counted column by column
            running = [probs[:, 0]]
            for j in range(1, probs.shape[-1]):
                running.append(running[-1] + probs[:, j])
            total = running[-1]
            index = _count_at_or_below(u, [r / total for r in running])
        return np.minimum(index, probs.shape[-1] - 1).astype(np.int8)

    def bernoulli(self, name: str, ids: np.ndarray, probability, step: int = 0) -> np.ndarray:
        return self.uniform(name, ids, step) < np.asarray(probability, dtype=float)


def _count_at_or_below(u: np.ndarray, bounds) -> np.ndarray:
    """For each u, how many of ``bounds`` (scalars or arrays aligned with u)
    are at or below it."""
    index = np.zeros(np.shape(u), dtype=np.int64)
    for bound in bounds:
        index += u >= bound
    return index
