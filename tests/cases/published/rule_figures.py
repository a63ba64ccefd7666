"""Print, per rule, how often it decided, branched, needed information or did not apply on the development set.

Two readings of the published cases:

* ``points``: the decision points of ``expected_rules_decisions.yaml`` (the moment before a treatment
  was chosen, or after the event that re-opened the decision), read in recorded order;
* ``days``: every distinct day of each timeline, as ``spinemet assess --on DAY`` reads it.

Run ``python tests/cases/published/rule_figures.py`` (add ``--json`` for a machine-readable table).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

STATUSES = ("decided", "branched", "needs_information", "not_applicable")


def figures() -> dict[str, dict[str, Counter[str]]]:
    import yaml
    from tests.cases.published._dataset import HERE, published_cases
    from tests.cases.published.rule_points import RULES, outcome, plan_at

    from spinemet.assessment import assess
    from spinemet.course import analyse
    from spinemet.io.casefile import load_case

    by_points: dict[str, Counter[str]] = {rule: Counter() for rule in RULES}
    by_days: dict[str, Counter[str]] = {rule: Counter() for rule in RULES}
    expected = yaml.safe_load((HERE / "expected_rules_decisions.yaml").read_text(encoding="utf-8"))["cases"]
    for case_dir in published_cases():
        case = load_case(case_dir.case_path)
        course = analyse(case)
        for point in expected.get(case_dir.name, []):
            when, event = ("before", point["before"]) if "before" in point else ("after", point["after"])
            plan = plan_at(case, event, when, course)
            for rule in RULES:
                by_points[rule][outcome(plan, rule).status.value] += 1
        for day in sorted({d for d, _ in case.ordered_events()}):
            plan = assess(case, day, course).plan
            for rule in RULES:
                by_days[rule][outcome(plan, rule).status.value] += 1
    return {"points": by_points, "days": by_days}


def main() -> None:
    table = figures()
    if "--json" in sys.argv:
        print(json.dumps({k: {r: dict(c) for r, c in v.items()} for k, v in table.items()}, indent=1))
        return
    for reading, rules in table.items():
        total = sum(next(iter(rules.values())).values())
        print(f"\n{reading} ({total} per rule)")
        print(f"  {'rule':24}" + "".join(f"{s:>19}" for s in STATUSES))
        for rule, counts in rules.items():
            print(f"  {rule:24}" + "".join(f"{counts.get(s, 0):>19}" for s in STATUSES))


if __name__ == "__main__":
    main()
