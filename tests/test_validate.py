"""The validation suite, reduced: the six field patterns must hold over 10 paired replicates.

The full suite (30+ replicates per arm) is what docs/validation.md reports; this reduced run is
deterministic (seeds 0-9) and guards the patterns against unintended model changes.
"""

import numpy as np
import pytest
from yingzao.experiments import validate as v


@pytest.fixture(scope="module")
def evaluated():
    pats, info = v.run_validation(reps=10)
    return pats, info


def test_every_pattern_passes_on_ten_paired_replicates(evaluated):
    pats, info = evaluated
    failed = [
        f"{p.number}: {c.text} {c.result}" for p in pats for c in p.checks if not c.result["pass"]
    ]
    assert not failed, "\n".join(failed)


def test_each_of_the_six_patterns_has_at_least_one_check(evaluated):
    pats, _ = evaluated
    assert [p.number for p in pats] == [1, 2, 3, 4, 5, 6]
    assert all(p.checks for p in pats)


def test_a_check_fails_when_its_threshold_is_out_of_reach():
    # negative control: the same machinery must be able to fail
    d = v.Data({}, {})
    c = v.Check("x", "mean", lambda _: np.array([1.0, 1.1, 0.9, 1.05]), "above", 2.0, "test")
    assert c.evaluate(d)["pass"] is False
    c = v.Check("x", "mean", lambda _: np.array([1.0, 1.1, 0.9, 1.05]), "below", 2.0, "test")
    assert c.evaluate(d)["pass"] is True


def test_markdown_report_lists_every_check(evaluated):
    pats, info = evaluated
    md = v.markdown_report(pats, info)
    for p in pats:
        for c in p.checks:
            assert c.text in md
    assert "6 of 6 patterns pass" in md


def test_status_record_is_plain_data_the_app_can_show(evaluated):
    import json

    from yingzao.experiments.validation_report import status_record

    pats, info = evaluated
    rec = json.loads(json.dumps(status_record(pats, info)))  # survives JSON
    assert rec["reps"] == 10 and [p["number"] for p in rec["patterns"]] == [1, 2, 3, 4, 5, 6]
    assert all(p["passed"] == all(c["pass"] for c in p["checks"]) for p in rec["patterns"])
