"""The similarity core on synthetic cases where the truth is known (planted near-duplicates rank
first, then cases differing in one feature, then unrelated cases), its score computed by hand, and
its explanations naming the shared features."""

from __future__ import annotations

import numpy as np
import pytest
from similar_synth import DUPLICATES, ONE_FEATURE, planted

from spinemet.case import parse_case
from spinemet.service.similar import features_of
from spinemet.similar import DEFAULT_WEIGHTS, CaseFeatures, FeatureIndex, Outcome
from spinemet.similar.explain import explanation
from spinemet.similar.weights import learn_weights, logrank_chi2


@pytest.fixture(scope="module")
def index() -> tuple[FeatureIndex, dict[str, CaseFeatures]]:
    feats = {cid: features_of(parse_case(data)) for cid, data in planted().items()}
    idx = FeatureIndex(capacity=4)  # grows while filled
    for cid, f in feats.items():
        idx.put(cid, f)
    return idx, feats


def test_the_query_reads_as_planted(index) -> None:  # type: ignore[no-untyped-def]
    q = index[1]["q"]
    assert q.get("primary") == "breast" and q.get("escc") == "high" and q.get("neurology") == "deficit"
    assert q.get("region") == frozenset({"thoracic"})
    assert {"decompression", "fixation"} <= q.get("treatments")  # type: ignore[operator]
    assert "recurrence_after_decompression" in q.get("course")  # type: ignore[operator]


def test_planted_duplicates_first_then_one_feature_differences_then_the_rest(index) -> None:  # type: ignore[no-untyped-def]
    idx, feats = index
    ranked = idx.top(feats["q"], len(feats), exclude="q")
    keys = [m.key for m in ranked]
    assert set(keys[:2]) == set(DUPLICATES) and all(m.score == 1.0 for m in ranked[:2])
    assert set(keys[2:6]) == set(ONE_FEATURE)
    assert all(m.key.startswith("far-") for m in ranked[6:])
    assert ranked[5].score > ranked[6].score


def test_explanations_name_the_shared_features(index) -> None:  # type: ignore[no-untyped-def]
    idx, feats = index
    dup = next(m for m in idx.top(feats["q"], 3, exclude="q") if m.key == "dup-1")
    words = explanation(dup)
    for said in ("same primary (breast)", "both thoracic", "both ESCC high-grade (2-3)",
                 "both with a motor deficit at presentation", "recurred after decompression"):
        assert said in words, said
    other = idx.explain(feats["q"], "one-primary", 0.0)
    assert ("primary", "breast", "prostate") in other.differs
    assert "same primary" not in explanation(other)


def test_score_is_the_weighted_share_of_known_features_by_hand() -> None:
    def f(**values: object) -> CaseFeatures:
        return CaseFeatures(dict(values), Outcome(None, False, False, None))  # type: ignore[arg-type]

    idx = FeatureIndex()
    idx.put("a", f(primary="breast", escc="high", region=frozenset({"thoracic", "lumbar"})))
    idx.put("b", f(primary="kidney", escc=None, region=frozenset({"thoracic"})))
    q = f(primary="breast", escc="high", region=frozenset({"thoracic"}))
    w = {x.feature: x.weight for x in DEFAULT_WEIGHTS}
    total = w["primary"] + w["escc"] + w["region"]
    s = idx.scores(q)
    # a: same primary, same ESCC, regions overlap 1 of 2
    assert s[idx.rows["a"]] == pytest.approx((w["primary"] + w["escc"] + 0.5 * w["region"]) / total)
    # b: other primary, ESCC unknown (counts nothing), same region
    assert s[idx.rows["b"]] == pytest.approx(w["region"] / total)


def test_a_query_token_no_stored_case_has_still_counts_in_the_overlap() -> None:
    idx = FeatureIndex()
    idx.put("a", CaseFeatures({"treatments": frozenset({"decompression"})}, Outcome(None, False, False, None)))
    q = CaseFeatures({"treatments": frozenset({"decompression", "ablation"})}, Outcome(None, False, False, None))
    assert idx.scores(q)[0] == pytest.approx(0.5)


def test_replacing_and_removing_a_row(index) -> None:  # type: ignore[no-untyped-def]
    _, feats = index
    idx = FeatureIndex()
    idx.put("x", feats["far-0"])
    idx.put("y", feats["far-1"])
    idx.put("x", feats["dup-1"], version=2)  # the case was written: its row is replaced
    assert idx.top(feats["q"], 1)[0].key == "x" and idx.versions["x"] == 2
    idx.remove("x")
    assert [m.key for m in idx.top(feats["q"], 5)] == ["y"]


def test_logrank_matches_a_hand_computed_two_group_example() -> None:
    # group A dies at 1 and 3, group B at 2, one censored at 4 (B): the textbook O-E and variance
    time = np.array([1.0, 2.0, 3.0, 4.0])
    event = np.array([True, True, True, False])
    group = np.array([True, False, True, False])
    # t=1: n=4, nA=2, d=1 -> E=0.5, V=0.25; t=2: n=3, nA=1, d=1 -> E=1/3, V=2/9; t=3: n=2, nA=1, d=1 -> E=0.5, V=0.25
    o_minus_e = 2 - (0.5 + 1 / 3 + 0.5)
    v = 0.25 + 2 / 9 + 0.25
    assert logrank_chi2(time, event, group) == pytest.approx(o_minus_e ** 2 / v)


def test_weights_are_the_declared_defaults_until_the_store_has_enough_survival_data() -> None:
    codes = {"primary": np.array([0, 1, 0, 1], dtype=np.int64)}
    assert learn_weights(codes, np.array([1.0, 2.0, 3.0, 4.0]), np.array([True, True, False, False])) == DEFAULT_WEIGHTS
    assert all(w.reason for w in DEFAULT_WEIGHTS)


def test_weights_are_learned_when_enough_and_the_separating_feature_counts_most() -> None:
    rng = np.random.default_rng(7)
    n = 400
    primary = rng.integers(0, 2, n).astype(np.int64)
    escc = rng.integers(0, 2, n).astype(np.int64)
    time = np.where(primary == 0, rng.exponential(100, n), rng.exponential(600, n))  # primary separates survival
    event = rng.random(n) < 0.7
    learned = {w.feature: w for w in learn_weights({"primary": primary, "escc": escc}, time, event)}
    assert learned["primary"].learned and learned["escc"].learned
    assert learned["primary"].weight > learned["escc"].weight
    assert "log-rank" in learned["primary"].reason
