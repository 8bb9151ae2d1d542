"""A seeded tree of independent random streams: one root seed, one stream per entity.

Streams are derived with :class:`numpy.random.SeedSequence`: a named stream's ``spawn_key``
extends its parent's with a stable 64-bit BLAKE2b hash of the name (never Python's
``hash()``, which changes between runs), so a stream depends only on the root seed and its
path of names, not on the order in which entities ask for streams. There is no global RNG.

Examples:
    >>> streams = RandomStreams(seed=7)
    >>> a = streams.stream("alice").random()
    >>> RandomStreams(seed=7).stream("alice").random() == a
    True
    >>> streams.stream("alice") is streams.stream("alice")
    True
    >>> streams.stream("bob").random() == a
    False
"""

from __future__ import annotations

import hashlib

import numpy as np

from qnetsim._validate import check_int
from qnetsim.errors import InvalidParameterError

__all__ = ["RandomStreams"]

# First spawn-key word of each kind of child, so that the kinds never collide.
_STREAM, _CHILD, _WORKER = 0, 1, 2


def _name_key(name: str) -> int:
    """Stable 64-bit integer of ``name`` (BLAKE2b, identical on every platform and run)."""
    if not isinstance(name, str) or not name:
        raise InvalidParameterError("name", name, "a non-empty string")
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "little")


class RandomStreams:
    """A node of the random-stream tree.

    Args:
        seed: root seed, an integer >= 0.

    Examples:
        >>> root = RandomStreams(seed=1)
        >>> node = root.child("node-A")
        >>> x = int(node.stream("memory").integers(0, 2**32))
        >>> x == int(RandomStreams(seed=1).child("node-A").stream("memory").integers(0, 2**32))
        True
        >>> workers = root.spawn(2)
        >>> [w.path for w in workers]
        [('#0',), ('#1',)]
    """

    __slots__ = ("_children", "_key", "_n_workers", "_streams", "path", "seed")

    def __init__(self, seed: int = 0) -> None:
        self.seed: int = check_int("seed", seed, low=0)
        #: Names from the root to this node (workers are named ``#i``).
        self.path: tuple[str, ...] = ()
        self._key: tuple[int, ...] = ()
        self._streams: dict[str, np.random.Generator] = {}
        self._children: dict[str, RandomStreams] = {}
        self._n_workers = 0

    def __repr__(self) -> str:
        return f"RandomStreams(seed={self.seed}, path={self.path!r})"

    def _derived(self, key: tuple[int, ...], label: str) -> RandomStreams:
        node = RandomStreams(self.seed)
        node.path = (*self.path, label)
        node._key = self._key + key
        return node

    def seed_sequence(self, name: str) -> np.random.SeedSequence:
        """The :class:`numpy.random.SeedSequence` behind :meth:`stream` ``(name)``."""
        return np.random.SeedSequence(self.seed, spawn_key=(*self._key, _STREAM, _name_key(name)))

    def stream(self, name: str) -> np.random.Generator:
        """The generator of entity ``name`` (created once, then cached).

        Raises:
            InvalidParameterError: if ``name`` is not a non-empty string.
        """
        generator = self._streams.get(name)
        if generator is None:
            generator = np.random.default_rng(self.seed_sequence(name))
            self._streams[name] = generator
        return generator

    def child(self, name: str) -> RandomStreams:
        """The sub-tree of entity ``name`` (cached), for nesting, e.g. node -> memory."""
        node = self._children.get(name)
        if node is None:
            node = self._derived((_CHILD, _name_key(name)), name)
            self._children[name] = node
        return node

    def spawn(self, n: int) -> list[RandomStreams]:
        """``n`` new independent sub-trees for parallel workers.

        Successive calls continue the numbering (like :meth:`numpy.random.SeedSequence.spawn`),
        so no two workers ever share streams.
        """
        n = check_int("n", n, low=0)
        start = self._n_workers
        self._n_workers += n
        return [self._derived((_WORKER, i), f"#{i}") for i in range(start, start + n)]
