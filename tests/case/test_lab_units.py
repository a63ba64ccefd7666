"""Laboratory unit conversion, with hand-computed expectations."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from spinemet.case.events import LabValue
from spinemet.case.units import canonical_unit, to_canonical
from spinemet.case.vocab import Analyte


def lab(analyte: str, value: float, unit: str) -> float:
    return LabValue.model_validate({"analyte": analyte, "value": value, "unit": unit}).canonical


def test_albumin_35_g_per_l_is_3_5_g_per_dl() -> None:
    assert lab("albumin", 35, "g/L") == pytest.approx(3.5)
    assert lab("albumin", 3.5, "g/dL") == pytest.approx(3.5)
    assert canonical_unit(Analyte.ALBUMIN) == "g/dL"


def test_calcium_2_57_mmol_per_l_is_about_10_3_mg_per_dl() -> None:
    # 2.57 mmol/L x 40.08 g/mol = 103.0 mg/L = 10.30 mg/dL
    assert lab("calcium", 2.57, "mmol/L") == pytest.approx(10.30, abs=0.01)
    assert canonical_unit(Analyte.CALCIUM) == "mg/dL"


@pytest.mark.parametrize("unit", ["µmol/L", "μmol/L", "umol/L", "µmol/l"])  # micro sign, Greek mu, u
def test_bilirubin_24_umol_per_l_is_about_1_4_mg_per_dl(unit: str) -> None:
    # 24 µmol/L / 17.1 = 1.40 mg/dL (584.7 g/mol)
    assert lab("bilirubin", 24, unit) == pytest.approx(1.40, abs=0.01)


def test_platelets_100000_per_ul_is_100_x10e9_per_l() -> None:
    assert lab("platelets", 100_000, "/µL") == pytest.approx(100)
    assert lab("platelets", 100, "10^9/L") == pytest.approx(100)
    assert lab("platelets", 100, "x10^9/L") == pytest.approx(100)
    assert canonical_unit(Analyte.PLATELETS) == "10^9/L"


def test_crp_4_mg_per_l_is_0_4_mg_per_dl() -> None:
    assert lab("crp", 4, "mg/L") == pytest.approx(0.4)
    assert lab("crp", 4, "mg / L") == pytest.approx(0.4)  # spaces ignored


def test_haemoglobin_and_ldh() -> None:
    assert lab("haemoglobin", 120, "g/L") == pytest.approx(12.0)
    assert lab("ldh", 5, "µkat/L") == pytest.approx(300)


def test_unknown_unit_names_the_allowed_units() -> None:
    with pytest.raises(ValueError, match="'mg/furlong' is not a unit for albumin; allowed: g/dL"):
        to_canonical(Analyte.ALBUMIN, 1, "mg/furlong")
    with pytest.raises(ValidationError) as info:
        lab("albumin", 3, "mmol/L")
    assert info.value.errors()[0]["loc"] == ("unit",)
    assert "g/dL" in str(info.value)


def test_negative_and_non_finite_values_are_rejected() -> None:
    with pytest.raises(ValidationError):
        lab("albumin", -1, "g/dL")
    with pytest.raises(ValidationError):
        lab("albumin", float("inf"), "g/dL")
    with pytest.raises(ValidationError):
        lab("albumin", float("nan"), "g/dL")
