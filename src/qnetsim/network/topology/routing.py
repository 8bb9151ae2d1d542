"""Path selection by estimated end-to-end rate and fidelity (not hop count alone).

For a path of ``N`` elementary hops (:class:`~qnetsim.network.topology.network.Hop`: a fibre, or two
arms through a photonic server), :func:`estimate_path` gives a documented closed-form
estimate of a swap-as-soon-as-possible repeater chain (memory nodes swap as soon as they hold
both halves; no cutoff, no purification, deterministic memory-based swaps):

Rate. All hops attempt in lockstep with the slowest cycle ``tau = max tau_i``; hop ``i`` then
succeeds per step with ``p_i = 1 - (1 - P_i)^(tau / tau_i)`` (``P_i``: its per-cycle success
probability with multiplexing). The last hop is ready after ``tau E[max_i G_i]`` with
``G_i ~ Geometric(p_i)`` (physics.md section 6: mean of the max of geometric variables,
:func:`expected_max_geometric`); the swap outcomes then travel to the end nodes,
``t_c = L_path / c_f`` for ``N > 1`` (an upper bound: the farthest message). The rate is
``1 / (tau E[max] + t_c)``; for one hop it is the Link's ``p / cycle``.

Fidelity (Werner parameters ``w = (4F - 1)/3``, twirled after each step; physics.md 3-4):

* each hop delivers ``w_i`` from its Link's delivered state (herald waits included);
* hop ``i`` waits on average ``tau (E[max] - 1/p_i)`` for the slowest hop, dephasing both of
  its memories (effective coherence times ``T_a``, ``T_b``): with ``c = exp(-t (1/T_a +
  1/T_b))`` a twirled Werner pair keeps ``w (1 + 2c)/3``; the mean wait is put in the
  exponent (Jensen: slightly optimistic);
* the end memories dephase the same way during ``t_c``;
* each swap at repeater ``r`` multiplies ``w`` by ``(1 - p2) (4 (1 - e)^2 - 1)/3`` with
  ``p2 = 1 - F_gate`` (two-qubit depolarising, physics.md 4) and ``e = 1 - F_readout`` (BSM
  readout flips); the estimate then is ``F = (1 + 3 w)/4``.

Candidates are the ``k`` shortest simple paths by fibre length (Yen's algorithm with A* spur
searches, :func:`candidate_paths`) or by hop count (:func:`networkx.shortest_simple_paths`),
and are scored; :func:`best_path` returns the highest-rate path that meets a
fidelity target. Brand, Coopmans, Elkouss, IEEE JSAC 38, 619 (2020) give the exact
distributions this estimate approximates.

Examples:
    >>> round(expected_max_geometric([0.5, 0.5]), 6)      # 2/0.5 - 1/(1 - 0.25)
    2.666667
    >>> from qnetsim.network.topology.builders import chain
    >>> net = chain(3, "rb_ensemble_ustc", total_length_km=20.0)
    >>> est = best_path(net, "n0", "n2")
    >>> est.path, est.num_hops
    (('n0', 'n1', 'n2'), 2)
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy.sparse.csgraph import dijkstra

from qnetsim._validate import check_in_range, check_int
from qnetsim.errors import InvalidParameterError
from qnetsim.hardware import GROUP_VELOCITY_KM_PER_S
from qnetsim.network.topology.network import Hop, Network

__all__ = [
    "OBJECTIVES",
    "PathEstimate",
    "best_path",
    "candidate_paths",
    "estimate_path",
    "expected_max_geometric",
    "path_hops",
    "rank_paths",
]

OBJECTIVES: tuple[str, ...] = ("rate", "fidelity")
_DIRECT_SUM_TERMS = 1_000_000
_DIRECT_SUM_TERMS_CHEAP = 20_000


def expected_max_geometric(probabilities: Sequence[float]) -> float:
    """Mean of ``max_i G_i`` for independent ``G_i ~ Geometric(p_i)`` on ``{1, 2, ...}``.

    Exact: ``sum_{t>=0} [1 - prod_i (1 - q_i^t)]`` summed directly when that takes at most
    2 x 10^4 terms; up to 10^6 terms the same sum is evaluated in closed pieces: directly while
    the fast-decaying factors (``p >= 0.01``) still matter, then by Gregory's formula (the
    integral of the summand, Gauss-Legendre on panels of ``1/lambda``, plus forward-difference
    end corrections), which agrees with the direct sum to rounding (~1e-15 relative). Beyond
    that, inclusion-exclusion over the distinct ``p`` (physics.md section 6 for equal ``p``)
    when its coefficients stay below 10^6; otherwise the integral of the summand plus 1/2
    (Euler-Maclaurin, absolute error well below one step for small ``p``).

    Examples:
        >>> round(expected_max_geometric([0.25]), 9)
        4.0
        >>> round(expected_max_geometric([1e-6] * 3) * 1e-6, 6)  # (1 + 1/2 + 1/3) / p
        1.833333
    """
    if len(probabilities) == 0:
        raise InvalidParameterError("probabilities", probabilities, "at least one probability")
    ps = tuple(
        check_in_range(f"probabilities[{i}]", p, 0.0, 1.0, low_open=True)
        for i, p in enumerate(probabilities)
    )
    return _expected_max_geometric(ps)


@functools.lru_cache(maxsize=4096)
def _expected_max_geometric(ps: tuple[float, ...]) -> float:
    groups = Counter(ps)
    values = np.array(list(groups), dtype=np.float64)
    mult = np.array(list(groups.values()), dtype=np.float64)
    lam = np.array([-math.log1p(-p) if p < 1.0 else math.inf for p in values])
    lam_min = float(lam.min())
    if math.isinf(lam_min):
        return 1.0
    horizon = (math.log(len(ps)) + 40.0) / lam_min
    if horizon <= _DIRECT_SUM_TERMS_CHEAP:
        t = np.arange(0.0, math.ceil(horizon) + 1.0)
        return float(np.sum(_tail(t, lam, mult)))
    if horizon <= _DIRECT_SUM_TERMS:
        return _gregory_sum(lam, mult, len(ps), horizon)
    combos = math.prod(int(m) + 1 for m in mult)
    biggest = math.prod(math.comb(int(m), int(m) // 2) for m in mult)
    if combos <= 4096 and biggest <= 1_000_000:
        total = 0.0
        for ks in itertools.product(*(range(int(m) + 1) for m in mult)):
            k = sum(ks)
            if k:
                coef = math.prod(math.comb(int(m), kj) for m, kj in zip(mult, ks, strict=True))
                log_q = -sum(kj * float(lj) for kj, lj in zip(ks, lam, strict=True))
                total += (-1) ** (k + 1) * coef / -math.expm1(log_q)
        return total
    t = np.linspace(0.0, horizon, 200_001)
    f = _tail(t, lam, mult)
    return float(np.sum(0.5 * (f[1:] + f[:-1]) * np.diff(t))) + 0.5


#: Gregory coefficients: ``sum_{t>=a} f(t) = int_a^inf f + sum_k G_k Delta^k f(a)``.
_GREGORY = (0.5, -1 / 12, 1 / 24, -19 / 720, 3 / 160, -863 / 60480, 275 / 24192)
_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(20)
_FAST_DECAY = 0.01  # rate (-log(1 - p)) above which a factor is summed term by term


def _gregory_sum(lam: np.ndarray, mult: np.ndarray, n: int, horizon: float) -> float:
    """``sum_{t=0}^{horizon} P(max > t)``: terms one by one up to ``t0``, where every factor
    with ``lam >= _FAST_DECAY`` has decayed below ``e^-45 / n``; from there the summand is
    smooth on the scale ``1/lam`` of the slow factors, and Gregory's formula (integral by
    20-point Gauss-Legendre on panels no wider than ``1/lam``, end corrections from forward
    differences) gives the rest."""
    reach = math.log(n) + 45.0
    has_fast = bool(np.any(lam >= _FAST_DECAY))
    t0 = min(math.ceil(reach / _FAST_DECAY), math.ceil(horizon) + 1) if has_fast else 0
    head = float(np.sum(_tail(np.arange(0.0, float(t0)), lam, mult))) if t0 else 0.0
    diffs = _tail(np.arange(t0, t0 + len(_GREGORY), dtype=np.float64), lam, mult)
    ends = 0.0
    for g in _GREGORY:
        ends += g * float(diffs[0])
        diffs = np.diff(diffs)
    # panels of width 1/lam of the fastest factor still decaying there: 1/lam_1 up to the
    # reach of lam_1, then 1/lam_2 up to the reach of lam_2, ... (lam_1 > lam_2 > ...)
    edges = [np.array([float(t0), horizon])]
    start = float(t0)
    for rate in sorted(lam[lam < _FAST_DECAY] if has_fast else lam, reverse=True):
        stop = min(horizon, t0 + reach / rate)
        if stop > start:
            edges.append(np.arange(start, stop, 1.0 / rate))
            start = stop
    grid = np.unique(np.concatenate(edges))
    grid = grid[grid <= horizon]
    left, right = grid[:-1], grid[1:]
    mid, half = 0.5 * (left + right), 0.5 * (right - left)
    nodes = (mid[:, None] + half[:, None] * _GL_NODES[None, :]).ravel()
    values = _tail(nodes, lam, mult).reshape(left.size, _GL_NODES.size)
    return head + float(np.sum((values @ _GL_WEIGHTS) * half)) + ends


def _tail(t: np.ndarray, lam: np.ndarray, mult: np.ndarray) -> np.ndarray:
    """``P(max > t) = 1 - prod_j (1 - exp(-lam_j t))^m_j``."""
    with np.errstate(divide="ignore"):
        log_cdf = np.log1p(-np.exp(-np.outer(t, lam))) @ mult
    out: np.ndarray = -np.expm1(log_cdf)
    return out


@dataclass(frozen=True)
class PathEstimate:
    """The estimate of :func:`estimate_path`.

    Attributes:
        path: every node on the path, servers included.
        hops: the elementary hops.
        rate_hz: estimated end-to-end pair rate.
        fidelity: estimated fidelity to ``Phi+`` of the delivered pair.
        mean_time_s: ``1 / rate_hz``.
        length_km: total fibre length.
        step_s: the common attempt step ``tau`` (the slowest hop's cycle).
    """

    path: tuple[str, ...]
    hops: tuple[Hop, ...]
    rate_hz: float
    fidelity: float
    mean_time_s: float
    length_km: float
    step_s: float

    @property
    def num_hops(self) -> int:
        """Number of elementary hops (``repeaters + 1``)."""
        return len(self.hops)

    @property
    def memory_nodes(self) -> tuple[str, ...]:
        """The memory nodes along the path (servers left out)."""
        return (self.hops[0].a, *(h.b for h in self.hops))


def path_hops(network: Network, path: Sequence[str]) -> list[Hop]:
    """The hops of a node path; a photonic server joins its two neighbours into one hop.

    Raises:
        InvalidParameterError: naming ``path`` for a path shorter than two nodes, that starts
            or ends at a server, or whose consecutive nodes are not joined by fibre.
    """
    if len(path) < 2:
        raise InvalidParameterError("path", list(path), "at least two nodes")
    g = network.graph
    for u, v in itertools.pairwise(path):
        if not g.has_edge(u, v):
            raise InvalidParameterError(
                "path", list(path), "consecutive nodes joined by fibre", f"no edge {u}-{v}"
            )
    mem = [n for n in path if network.node(n, "path").is_memory_node]
    if mem[0] != path[0] or mem[-1] != path[-1]:
        raise InvalidParameterError("path", list(path), "memory nodes at both ends")
    hops = []
    i = 0
    while i < len(path) - 1:
        if network.node(path[i + 1]).is_memory_node:
            hops.append(network.hop(path[i], path[i + 1]))
            i += 1
        else:
            hops.append(network.hop(path[i], path[i + 2], via=path[i + 1]))
            i += 2
    return hops


def _dephased(w: float, wait_s: float, rate_per_s: float) -> float:
    if wait_s <= 0 or rate_per_s == 0:
        return w
    c = math.exp(-wait_s * rate_per_s) if math.isfinite(wait_s) else 0.0
    return w * (1 + 2 * c) / 3


def _inv_t2(network: Network, name: str) -> float:
    platform = network.node(name).platform
    assert platform is not None
    return 1.0 / platform.memory.effective_dephasing_time_s()


def estimate_path(network: Network, path: Sequence[str]) -> PathEstimate:
    """Estimated rate and fidelity of ``path`` (module docstring).

    Examples:
        >>> from qnetsim.network.topology.builders import chain
        >>> net = chain(2, "rb_ensemble_ustc", total_length_km=10.0)
        >>> est = estimate_path(net, ["n0", "n1"])
        >>> import math
        >>> math.isclose(est.rate_hz, net.link("n0", "n1").rate_hz, rel_tol=1e-12)
        True
    """
    hops = path_hops(network, path)
    step = max(h.cycle_s for h in hops)
    ps = [
        -math.expm1(step / h.cycle_s * math.log1p(-min(h.cycle_success_probability, 1.0)))
        if h.cycle_success_probability < 1
        else 1.0
        for h in hops
    ]
    length = sum(network.edge(u, v).length_km for u, v in itertools.pairwise(path))
    t_comm = length / GROUP_VELOCITY_KM_PER_S if len(hops) > 1 else 0.0
    if min(ps) <= 0.0:
        e_max = math.inf
    else:
        e_max = expected_max_geometric(ps)
    # periodic overheads and duty cycles stretch the attempting time (the slowest hop's)
    duty = min(h.link.duty_fraction for h in hops)
    mean_time = step * e_max / duty + t_comm
    w = 1.0
    for h, p in zip(hops, ps, strict=True):
        f = min(1.0, max(0.25, h.fidelity))
        wait = step * (e_max - 1.0 / p) if p > 0 and math.isfinite(e_max) else math.inf
        w *= _dephased((4 * f - 1) / 3, wait, _inv_t2(network, h.a) + _inv_t2(network, h.b))
    src, dst = hops[0].a, hops[-1].b
    w = _dephased(w, t_comm, _inv_t2(network, src) + _inv_t2(network, dst))
    for h in hops[:-1]:
        platform = network.node(h.b).platform
        assert platform is not None
        e = min(0.5, 1.0 - platform.memory.mean_readout_fidelity)
        w *= platform.memory.two_qubit_gate_fidelity * (4 * (1 - e) ** 2 - 1) / 3
    rate = 0.0 if math.isinf(mean_time) else 1.0 / mean_time
    return PathEstimate(tuple(path), tuple(hops), rate, (1 + 3 * w) / 4, mean_time, length, step)


def _check_ends(network: Network, source: str, destination: str) -> None:
    for arg, name in (("source", source), ("destination", destination)):
        if not network.node(name, arg).is_memory_node:
            raise InvalidParameterError(arg, name, "a memory node (not a photonic server)")
    if source == destination:
        raise InvalidParameterError("destination", destination, f"a node other than {source!r}")
    network.require_connected(source, destination)


def candidate_paths(
    network: Network, source: str, destination: str, k: int = 8, weight: str | None = "length_km"
) -> list[list[str]]:
    """The ``k`` shortest simple paths by fibre length (``weight="length_km"``) or by hop
    count (``weight=None``).

    By length: Yen's algorithm (as :func:`networkx.shortest_simple_paths`) whose spur
    searches are A* searches guided by the exact fibre distance to ``destination`` (one
    Dijkstra), which is a consistent lower bound on the graph with nodes and edges removed.
    The paths are those of :func:`networkx.shortest_simple_paths`; among paths of exactly
    equal length the order may differ. By hop count: :func:`networkx.shortest_simple_paths`.

    Raises:
        InvalidParameterError: unknown, server or equal end nodes, or disconnected ones.
    """
    check_int("k", k, 1)
    if weight not in ("length_km", None):
        raise InvalidParameterError("weight", weight, "'length_km' or None (hop count)")
    _check_ends(network, source, destination)
    if weight is None:
        paths = nx.shortest_simple_paths(network.graph, source, destination, weight=None)
        return [list(map(str, p)) for p in itertools.islice(paths, k)]
    to_target = _distances_to(network, destination)
    return [list(p) for p in _yen(network.fibre_adjacency(), to_target, source, destination, k)]


def _distances_to(network: Network, target: str) -> dict[str, float]:
    """Fibre distance to ``target`` of every node connected to it (one Dijkstra,
    :func:`scipy.sparse.csgraph.dijkstra`)."""
    names, index, matrix = network.fibre_matrix()
    dist = dijkstra(matrix, directed=False, indices=index[target])
    return {n: float(d) for n, d in zip(names, dist.tolist(), strict=True) if d != math.inf}


def _astar(
    adj: dict[str, dict[str, float]],
    to_target: dict[str, float],
    source: str,
    target: str,
    ignore_nodes: set[str],
    ignore_edges: set[tuple[str, str]],
) -> tuple[float, list[str]] | None:
    """Shortest path avoiding ``ignore_nodes`` and ``ignore_edges`` (either direction)."""
    if source in ignore_nodes or target in ignore_nodes:
        return None
    best = {source: 0.0}
    parent: dict[str, str] = {}
    closed: set[str] = set()
    counter = itertools.count()
    heap = [(to_target[source], 0.0, next(counter), source)]
    while heap:
        _, d, _, u = heapq.heappop(heap)
        if u in closed:
            continue
        if u == target:
            path = [u]
            while u != source:
                u = parent[u]
                path.append(u)
            return d, path[::-1]
        closed.add(u)
        for v, w in adj[u].items():
            if v in closed or v in ignore_nodes:
                continue
            if ignore_edges and ((u, v) in ignore_edges or (v, u) in ignore_edges):
                continue
            nd = d + w
            if nd < best.get(v, math.inf):
                best[v] = nd
                parent[v] = u
                heapq.heappush(heap, (nd + to_target[v], nd, next(counter), v))
    return None


def _yen(
    adj: dict[str, dict[str, float]],
    to_target: dict[str, float],
    source: str,
    target: str,
    k: int,
) -> list[tuple[str, ...]]:
    """The ``k`` shortest simple paths (Yen 1971) with A* spur searches guided by
    ``to_target``."""
    first = _astar(adj, to_target, source, target, set(), set())
    if first is None:  # pragma: no cover - the ends were checked to be connected
        return []
    found: list[tuple[str, ...]] = []
    counter = itertools.count()
    queue: list[tuple[float, int, tuple[str, ...]]] = [(first[0], next(counter), tuple(first[1]))]
    queued = {queue[0][2]}
    while queue and len(found) < k:
        _, _, path = heapq.heappop(queue)
        queued.discard(path)
        found.append(path)
        if len(found) == k:
            break
        ignore_nodes: set[str] = set()
        ignore_edges: set[tuple[str, str]] = set()
        root_length = 0.0
        for i in range(1, len(path)):
            root = path[:i]
            if i > 1:
                root_length += adj[path[i - 2]][path[i - 1]]
            for other in found:
                if other[:i] == root:
                    ignore_edges.add((other[i - 1], other[i]))
            spur = _astar(adj, to_target, root[-1], target, ignore_nodes, ignore_edges)
            if spur is not None:
                candidate = root[:-1] + tuple(spur[1])
                if candidate not in queued:
                    queued.add(candidate)
                    heapq.heappush(queue, (root_length + spur[0], next(counter), candidate))
            ignore_nodes.add(root[-1])
    return found


def rank_paths(
    network: Network,
    source: str,
    destination: str,
    k: int = 8,
    weight: str | None = "length_km",
    objective: str = "rate",
) -> list[PathEstimate]:
    """Estimates of the candidate paths, best first by ``objective`` (``"rate"`` or
    ``"fidelity"``; ties broken by the other)."""
    if objective not in OBJECTIVES:
        raise InvalidParameterError("objective", objective, ", ".join(OBJECTIVES))
    ests = [
        estimate_path(network, p) for p in candidate_paths(network, source, destination, k, weight)
    ]
    if objective == "rate":
        return sorted(ests, key=lambda e: (-e.rate_hz, -e.fidelity))
    return sorted(ests, key=lambda e: (-e.fidelity, -e.rate_hz))


def best_path(
    network: Network,
    source: str,
    destination: str,
    fidelity_target: float | None = None,
    *,
    k: int = 8,
    weight: str | None = "length_km",
    objective: str = "rate",
) -> PathEstimate:
    """The best of :func:`rank_paths` whose estimated fidelity meets ``fidelity_target``.

    Raises:
        InvalidParameterError: naming ``destination`` if disconnected from ``source``, or
            ``fidelity_target`` if no candidate meets it (with the best fidelity available
            and the shortfall).
    """
    if fidelity_target is not None:
        check_in_range("fidelity_target", fidelity_target, 0.0, 1.0)
    ranked = rank_paths(network, source, destination, k, weight, objective)
    ok = [e for e in ranked if fidelity_target is None or e.fidelity >= fidelity_target]
    if ok:
        return ok[0]
    top = max(ranked, key=lambda e: e.fidelity)
    assert fidelity_target is not None
    raise InvalidParameterError(
        "fidelity_target",
        fidelity_target,
        f"<= {top.fidelity:.4f}, the best estimate among {len(ranked)} candidate path(s)",
        f"short by {fidelity_target - top.fidelity:.4f}; best path {'-'.join(top.path)}",
    )
