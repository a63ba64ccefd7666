"""The NOMS table, every N/O/M/S combination, and its boundaries on real cases."""

from __future__ import annotations

from itertools import product

import pytest

from spinemet.evidence import EvidenceStatus
from spinemet.pathway.noms_table import M_GROUPS, N_GROUPS, O_GROUPS, S_GROUPS, all_cells, lookup

from .cases import make_case, mri, neuro, pain, run, standard


def expected(n: str, o: str, m: str, s: str) -> str:
    """The table written out independently from pathway.md 1.1 and rules R-NOMS-1..6, R-S-1, R-O-3."""
    if m == "unstable" and s == "unfit":
        return "rt_bracing_bsc"
    if m == "stable":
        if o == "sensitive":
            return "cebrt"  # R-NOMS-1 / R-NOMS-3; grey zone between them
        if n == "low":
            return "sbrt" if o == "resistant" else "cebrt_or_sbrt"
        if n == "high":
            return "separation_sbrt" if s == "fit" else "palliative_cebrt"
        return "grey_zone_mdt" if s == "fit" else "grey_zone_unfit"
    # unstable and fit (R-NOMS-6)
    if o == "sensitive":
        return "stabilisation_cebrt"
    if n == "high":
        return "separation_stabilisation_sbrt"
    if n == "low":
        return "stabilisation_sbrt" if o == "resistant" else "stabilisation_rt_mdt"
    return "stabilisation_separation_mdt_sbrt"


@pytest.mark.parametrize(("n", "o", "m", "s"), list(product(N_GROUPS, O_GROUPS, ("stable", "unstable"), S_GROUPS)))
def test_every_definite_combination(n: str, o: str, m: str, s: str) -> None:
    assert lookup(n, o, m, s).treatment == expected(n, o, m, s)


@pytest.mark.parametrize(("n", "o", "s"), list(product(N_GROUPS, O_GROUPS, S_GROUPS)))
def test_indeterminate_sins_asks_for_surgical_opinion_then_both_branches(n: str, o: str, s: str) -> None:
    cell = lookup(n, o, "indeterminate", s)
    stable, unstable = expected(n, o, "stable", s), expected(n, o, "unstable", s)
    assert cell.treatment == f"surgical_opinion:{stable}|{unstable}"
    assert "R-M-2" in cell.rules and "fisher2010" in cell.sources


def test_table_is_complete_and_every_cell_cited() -> None:
    cells = all_cells()
    assert len(cells) == len(N_GROUPS) * len(O_GROUPS) * len(M_GROUPS) * len(S_GROUPS) == 54
    assert all(c.sources for c in cells.values())


def test_derived_and_unverified_cells_are_labelled() -> None:
    assert lookup("low", "sensitive", "stable", "fit").status is EvidenceStatus.VERIFIED
    assert lookup("low", "intermediate", "stable", "fit").status is EvidenceStatus.DERIVED
    assert lookup("grey", "resistant", "stable", "fit").status is EvidenceStatus.DERIVED
    assert lookup("high", "resistant", "stable", "unfit").status is EvidenceStatus.UNVERIFIED  # R-NOMS-5 is [m]


# ---------------------------------------------------------------- boundaries on real cases


@pytest.mark.parametrize(("escc", "treatment"), [("1b", "sbrt"), ("1c", "grey_zone_mdt"), ("2", "separation_sbrt")])
def test_escc_1b_1c_2_boundary(escc: str, treatment: str) -> None:
    rec = run(standard("kidney", escc, 6)).plan.get("noms")
    assert rec is not None and rec.status.value == "decided"
    assert rec.data["treatment"] == treatment


@pytest.mark.parametrize(("sins", "m"), [(6, "stable"), (7, "indeterminate"), (12, "indeterminate"), (13, "unstable")])
def test_sins_boundaries(sins: int, m: str) -> None:
    a = run(standard("kidney", "1a", sins))
    sins_result = next(r for r in a.instruments if r.instrument == "sins")
    assert sins_result.total == sins
    rec = a.plan.get("noms")
    assert rec is not None and rec.data["M"] == [m]
    if m == "indeterminate":
        assert rec.data["treatment"] == "surgical_opinion:sbrt|stabilisation_sbrt"


@pytest.mark.parametrize(("months", "treatment"), [(2.9, "palliative_cebrt"), (3.0, "separation_sbrt"), (3.1, "separation_sbrt")])
def test_survival_three_month_boundary(months: float, treatment: str) -> None:
    rec = run(standard("kidney", "3", 6, fit=True, months=months)).plan.get("noms")
    assert rec is not None and rec.data["treatment"] == treatment


def test_unknowns_that_do_not_matter_still_decide() -> None:
    # Myeloma, ESCC 3, stable: cEBRT whatever the fitness (R-NOMS-3), so unknown fitness does not block.
    case = make_case("myeloma", mri(0, "T8", escc="3", sins=6), pain(0), neuro(0, motor_deficit=True))
    rec = run(case).plan.get("noms")
    assert rec is not None and rec.status.value == "decided" and rec.data["treatment"] == "cebrt"
    assert "S" in rec.reasons[-2].facts["irrelevant_unknowns"]


def test_unknown_fitness_that_matters_lays_out_the_branches() -> None:
    case = make_case("kidney", mri(0, "L3", escc="3", sins=6), pain(0), neuro(0, motor_deficit=True))
    rec = run(case).plan.get("noms")
    assert rec is not None and rec.status.value == "branched"
    assert set(rec.data["possible_treatments"]) == {"separation_sbrt", "palliative_cebrt"}
    fit, unfit = rec.branches
    assert fit.when == {"fit_for_surgery": True, "expected_survival_at_least_months": 3.0}
    assert fit.statement.startswith("Separation surgery, then SBRT") and "R-NOMS-4" in fit.reasons[0].threshold
    assert unfit.statement.startswith("Palliative cEBRT") and "R-NOMS-5" in unfit.reasons[0].threshold
    assert "fitness for surgery (team assessment)" in rec.missing
    assert any("expected survival" in m for m in rec.missing)
