"""The extraction quality gate on the replica's gold bodies (issue: clean text)."""

from __future__ import annotations

from crawler.config.model import load_config
from crawler.evaluate.replica import evaluate_on_replica
from tests.conftest import ROOT

F1_FLOOR = 0.97


def test_replica_extraction_meets_the_floor_with_no_boilerplate() -> None:
    evaluation = evaluate_on_replica(load_config(ROOT / "config.yaml"))
    assert len(evaluation.cases) >= 60
    assert not evaluation.failures
    assert evaluation.mean_f1_ours >= F1_FLOOR
    assert evaluation.leaked_ours == 0
    # The gain over plain trafilatura is what the post-clean and selectors buy.
    assert evaluation.mean_f1_ours > evaluation.mean_f1_plain
