"""Where each row goes when shuffled, without an N-sized permutation in memory.

The in-memory split takes ``order = default_rng(seed).permutation(N)`` and puts
row ``order[p]`` at shuffled position ``p``. A chunked build needs the inverse
question, row by row: *to which position does row r go?* For a dataset that
fits in one block we answer it exactly as the in-memory split does (inverting
that same permutation, at most ``block_size`` entries). Beyond one block we use
a keyed bijection of ``[0, N)``: a Feistel network over the ``b`` bits of
``N - 1`` (halves of ``b // 2`` and ``b - b // 2`` bits that swap roles each
round), ``ROUNDS`` rounds keyed by the seed, and cycle-walking (re-encrypt
until the value falls inside ``[0, N)``, fewer than 2 tries on average since
``2**b < 2 * N``), which keeps it a bijection of ``[0, N)`` itself. Every row
is mapped on its own, so a block needs only its own rows: memory is bounded by
the block, and the result does not depend on how rows are grouped.

Round function: ``F(R, key)`` = the top bits of a multiply-xorshift hash of
``R + key`` in 32-bit words (64-bit when ``N > 2**32``). A statistical shuffle,
not a cryptographic one.
"""

from __future__ import annotations

import numpy as np

ROUNDS = 4
#: Spawn key of the shuffle's key stream; block streams use keys ``(0,) .. (n_blocks - 1,)``,
#: and a chunked build has fewer than 2**32 blocks.
SHUFFLE_STREAM = 2**32
#: Rows per cache-sized pass (changes speed, never values).
PASS_ROWS = 1 << 14
_MULTIPLIERS = {32: (0x9E3779B1, 0x85EBCA6B), 64: (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9)}


class FeistelPermutation:
    """A seeded bijection of ``[0, n)``; ``perm(rows)`` gives each row's position.

    Examples
    --------
    >>> perm = FeistelPermutation(10, seed=3)
    >>> sorted(perm(np.arange(10)).tolist()) == list(range(10))
    True
    """

    def __init__(self, n: int, seed: int):
        if n < 1:
            raise ValueError(f"n = {n}; allowed: n >= 1")
        self.n = n
        bits = max(2, (n - 1).bit_length())
        self.widths = (bits // 2, bits - bits // 2)
        word = 32 if bits <= 32 else 64
        self.dtype = np.dtype(np.uint32 if word == 32 else np.uint64)
        self.word = word
        self.multipliers = tuple(self.dtype.type(m) for m in _MULTIPLIERS[word])
        keys = np.random.SeedSequence(seed, spawn_key=(SHUFFLE_STREAM,))
        self.keys = keys.generate_state(ROUNDS, np.uint32 if word == 32 else np.uint64)

    def _encrypt(self, values: np.ndarray) -> None:
        """The Feistel network on ``values`` (< 2**b, of ``self.dtype``), in place, in cache-sized pieces."""
        t = self.dtype.type
        m1, m2 = self.multipliers
        for at in range(0, values.shape[0], PASS_ROWS):
            piece = values[at : at + PASS_ROWS]
            left_bits, right_bits = self.widths
            left, right = piece >> t(right_bits), piece & t((1 << right_bits) - 1)
            mixed = np.empty_like(right)
            for key in self.keys:
                np.add(right, key, out=mixed)
                mixed *= m1
                mixed ^= mixed >> t(self.word // 2)
                mixed *= m2
                mixed >>= t(self.word - left_bits)  # F's output has the left half's width
                mixed ^= left
                left, right, mixed = right, mixed, left
                left_bits, right_bits = right_bits, left_bits
            left <<= t(right_bits)
            np.bitwise_or(left, right, out=piece)

    def __call__(self, rows: np.ndarray) -> np.ndarray:
        """Positions of ``rows`` (ints in ``[0, n)``), shape (len(rows),), int64."""
        values = np.asarray(rows).astype(self.dtype)
        self._encrypt(values)
        outside = np.flatnonzero(values >= self.n)
        while outside.size:  # cycle-walking, over all of ``rows`` at once (few, long numpy calls)
            walked = values[outside]
            self._encrypt(walked)
            values[outside] = walked
            outside = outside[walked >= self.n]
        return values.astype(np.int64)


class InMemoryPermutation:
    """The in-memory split's shuffle, inverted: ``perm(rows)[i]`` is where ``rows[i]`` lands.

    Examples
    --------
    >>> perm = InMemoryPermutation(5, seed=0)
    >>> order = np.random.default_rng(0).permutation(5)
    >>> bool((order[perm(np.arange(5))] == np.arange(5)).all())
    True
    """

    def __init__(self, n: int, seed: int | None):
        order = np.random.default_rng(seed).permutation(n)
        self.positions = np.empty(n, dtype=np.int64)
        self.positions[order] = np.arange(n)

    def __call__(self, rows: np.ndarray) -> np.ndarray:
        return self.positions[rows]


class Identity:
    """``shuffle=False``: every row keeps its position."""

    def __call__(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(rows, dtype=np.int64)
