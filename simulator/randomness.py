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
#: Uniforms are built from the top 53 bits of the mixed word, then moved off 0
#: by half a unit so that they lie strictly inside (0, 1).
_MANTISSA_BITS = 53
_UNIT = 2.0**-_MANTISSA_BITS
#: ``*_where`` draws for every id when more than 1 in _DENSE are wanted (cheaper
#: than picking the subset out; the values are the same either way).
_DENSE = 2


def _splitmix64(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, applied in place to ``z`` (uint64), which it returns."""
    with np.errstate(over="ignore"):
        np.add(z, _GOLDEN, out=z)
        for shift, multiplier in ((30, _MIX_1), (27, _MIX_2)):
            np.bitwise_xor(z, z >> np.uint64(shift), out=z)
            np.multiply(z, multiplier, out=z)
        np.bitwise_xor(z, z >> np.uint64(31), out=z)
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
        top = self.bits(name, ids, step) >> np.uint64(64 - _MANTISSA_BITS)
        # times 2**-53: exactly the same as dividing by 2**53 (a power of two)
        return (top.astype(np.float64) + 0.5) * _UNIT

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
        cumulative = np.cumsum(probs, axis=-1)
        cumulative = cumulative / cumulative[..., -1:]
        u = self.uniform(name, ids, step)
        if cumulative.ndim == 1:
            index = np.searchsorted(cumulative, u, side="right")
        else:
            index = (u[:, None] >= cumulative).sum(axis=1)
        return np.minimum(index, probs.shape[-1] - 1).astype(np.int8)

    def bernoulli(self, name: str, ids: np.ndarray, probability, step: int = 0) -> np.ndarray:
        return self.uniform(name, ids, step) < np.asarray(probability, dtype=float)
