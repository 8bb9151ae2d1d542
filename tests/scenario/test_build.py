"""The builders of scenario systems (``qnetsim.scenario.build``): the platform cache."""

from __future__ import annotations


def test_scenarios_and_results_pickle_and_copy_without_their_platform_cache() -> None:
    """build_platforms caches the (immutable) platforms on the scenario; pickling, deep
    copies and multiprocessing must not carry the cache (it holds read-only mappings that
    pickle cannot copy; review of the speed change) and must rebuild equal platforms."""
    import copy
    import pickle

    from qnetsim.scenario.build import build_platforms
    from qnetsim.scenario.loader import parse_scenario
    from qnetsim.scenario.runner import run_scenario
    from tests.scenario._link import NV_LINK

    scn = parse_scenario(NV_LINK)
    assert build_platforms(scn) is not build_platforms(scn)  # a fresh dict each time
    for clone in (pickle.loads(pickle.dumps(scn)), copy.deepcopy(scn)):
        assert clone == scn and build_platforms(clone) == build_platforms(scn)
    result = run_scenario(scn, {}, quick=True)
    assert pickle.loads(pickle.dumps(result)).quantities.keys() == result.quantities.keys()
