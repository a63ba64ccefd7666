"""The Spark engine (``--engine spark``) scores a registry exactly as the Polars engine does.

A real Spark in local mode (``local[2]``, the JVM installed by ``.ci/run``), one session for the whole
test run. Random registries -- text cells with every spelling the dictionary reads (capitals, spaces,
'unknown', numbers written '+4', '.5', '1e1') and bad ones ('5d', '0x10', 'inf', '85' for KPS), and
typed Parquet columns (integers, floats with NaN, infinity, -0.0 and extreme magnitudes, booleans) --
are scored by both engines into files that must be identical, cell for cell and type for type.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from spinemet.cli.app import _register, app
from spinemet.cohort.dictionary import BY_NAME, COLUMNS, INTEGER, YES_NO
from spinemet.service import cohort as service

if not os.environ.get("CI"):  # CI installs PySpark and Java (.ci/run); elsewhere they may be absent
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime", allow_module_level=True)

from spinemet.service import cohort_spark

runner = CliRunner()
_register()
pytestmark = pytest.mark.slow  # a JVM and a few Spark jobs per test (still run in CI)


@pytest.fixture(scope="session")
def spark() -> Any:
    return cohort_spark.spark_session("local[2]")


def _text_cell(rng: random.Random, name: str) -> str | None:
    col = BY_NAME[name]
    pad = rng.choice(["", " ", "  ", "\t", "\u00a0"])
    roll = rng.random()
    if roll < 0.12:
        return None
    if roll < 0.2:
        return rng.choice(["", " ", "unknown", "NA", "?", "n/a", "Unknown "])
    if roll < 0.28:  # not allowed by the dictionary, or spelled beyond what it reads
        return rng.choice(["banana", "5d", "0x10", "inf", "nan", "1e400", "-3", "7.5", "١٢", "maybe", "85", "1_0"])
    if col.codes:
        code = rng.choice(col.codes)
        return pad + rng.choice([code, code.lower(), code.upper()]) + pad
    if col.kind == YES_NO:
        return pad + rng.choice(["yes", "No", "TRUE", "f", "1", "0.0", "y", "N"]) + pad
    low = col.low or 0
    points = [low, low + 1, low + 3, low + 7, 40.0, *col.cuts, *(c - 0.1 for c in col.cuts), *(c + 1 for c in col.cuts)]
    value = rng.choice(points)
    if col.kind == INTEGER:
        value = float(int(value))
    text = rng.choice([f"{value:g}", f"{value:.2f}", f"+{value:g}", f"{value:e}", f"{value:g}."])
    return pad + text + pad


@pytest.fixture(scope="module")
def text_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(17)
    rows = []
    for i in range(400):
        row: dict[str, Any] = {"row": f"r{i}", "patient": f"P{i:04d}"}
        row.update({c.name: _text_cell(rng, c.name) for c in COLUMNS})
        rows.append(row)
    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]})
    # the user's own names and codes, translated by a mapping
    frame = frame.rename({"kps": "KPS pre", "frankel": "frankel.grade"}).with_columns(
        pl.col("frankel.grade").replace({"A": "1", "B": "2", "C": "3"}))
    path = tmp_path_factory.mktemp("spark") / "registry.csv"
    frame.write_csv(path)
    (path.parent / "mapping.yaml").write_text(
        'columns: {"KPS pre": kps, "frankel.grade": frankel}\ncodes: {frankel: {"1": A, "2": B, "3": C}}\n')
    return path


@pytest.fixture(scope="module")
def typed_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(5)
    n = 300
    inf, nan = float("inf"), float("nan")

    def pick(*values: Any) -> list[Any]:
        return [rng.choice(values) for _ in range(n)]

    frame = pl.DataFrame({
        "primary_site": pick("breast", "Lung_NSCLC", " kidney", None, "thyroid", "unknown", "martian"),
        "kps": pl.Series(pick(90, 70, 40, None, 85, 100, 0), dtype=pl.Int64),
        "ecog": pick(0.0, 1.0, 2.0, 2.5, nan, None, -0.0, 1e20),
        "frankel": pick("E", "D", "c", None, "F"),
        "extraspinal_bone_mets": pl.Series(pick(0, 1, 2, 3, 7, None, -1), dtype=pl.Int32),
        "vertebral_mets": pick(1.0, 2.0, 0.5, -0.0, 1e20, inf, nan, None, 3.0, 12.0),
        "visceral_mets": pick(True, False, None),
        "brain_mets": pl.Series(pick(0, 1, 2, None), dtype=pl.Int64),
        "hormone_dependent": pick(1.0, 0.0, nan, 2.0, None),
        "albumin": pick(3.5, 3.69, 3.7, 1e-7, -1.0, inf, 0.00001, 4.2, None, 123456789.5, -1e-7, -7.13e21),
        "ldh": pick(249.9, 250.0, 1e16, None, 300.0),
        "days_since_diagnosis": pl.Series(pick(0, 100, 457, 458, 2000, None, -5), dtype=pl.Int64),
        "index_level": pick("T6", "L2", "C1", None, "X9"),
        "motor_deficit_days": pick(0.0, 1.0, 7.5, 8.0, 15.0, None),
        "survival": pick(1.5, 12.0, 30.0),
    })
    path = tmp_path_factory.mktemp("spark_typed") / "registry.parquet"
    frame.write_parquet(path)
    return path


def _both(registry: Path, tmp: Path, mapping: Path | None = None) -> tuple[pl.DataFrame, pl.DataFrame,
                                                                         service.ScoreSummary, service.ScoreSummary]:
    polars_out, spark_out = tmp / "polars.parquet", tmp / "spark.parquet"
    a = service.score_file(registry, polars_out, mapping)
    b = service.score_file(registry, spark_out, mapping, engine="spark", spark_master="local[2]")
    return pl.read_parquet(polars_out), pl.read_parquet(spark_out), a, b


def _assert_same(by_spark: pl.DataFrame, by_polars: pl.DataFrame) -> None:
    assert by_spark.schema == by_polars.schema
    for name in by_polars.columns:  # the first differing cells named, for a readable failure
        diff = by_polars.with_row_index("i").filter(pl.col(name).ne_missing(by_spark[name]))
        assert diff.height == 0, (name, diff.select("i", name).head(3).rows(), by_spark[name].gather(
            diff["i"].head(3)).to_list())
    assert by_spark.equals(by_polars)


def test_a_random_text_registry_with_a_mapping_scores_identically_on_spark_and_polars(
        spark: Any, text_registry: Path, tmp_path: Path) -> None:
    by_polars, by_spark, a, b = _both(text_registry, tmp_path, text_registry.parent / "mapping.yaml")
    _assert_same(by_spark, by_polars)
    assert (b.rows, b.bad_rows, b.counts) == (a.rows, a.bad_rows, a.counts)
    # the table exercised what it should: bad rows, every status, a registry 'row' kept as input_row
    assert 0 < len(a.bad_rows) < 400 and by_polars["input_row"][0] == "r0"
    assert {s for c in a.counts.values() for s, n in c.items() if n} >= {"exact", "range", "error"}


def test_a_random_typed_parquet_registry_scores_identically_on_spark_and_polars(
        spark: Any, typed_registry: Path, tmp_path: Path) -> None:
    by_polars, by_spark, a, b = _both(typed_registry, tmp_path)
    _assert_same(by_spark, by_polars)
    assert (b.rows, b.bad_rows, b.counts) == (a.rows, a.bad_rows, a.counts)
    errors = " ".join(e["error"] for e in a.bad_rows)
    # floats in the messages as Polars writes them (Java would write 1.0E20, Infinity, 1.0E-7)
    assert "'1e+20'" in errors and "'inf'" in errors and "'-1e-7'" in errors and "'-7.13e+21'" in errors


def test_float_cells_are_written_as_polars_writes_them(spark: Any) -> None:

    from spinemet.cohort.spark_engine import float_text

    rng = random.Random(3)
    values = [0.0, -0.0, 1.0, 85.0, 0.1 + 0.2, 1e15, 1e16, 9.5e15, 1e-5, 1e-6, 1.5e-7, -2.5e-7, 1e20, -1e300,
              123456789.0, 12345678.9, 0.001, float("inf"), float("-inf"), float("nan")]
    values += [round(rng.uniform(-1e4, 1e4), rng.randint(0, 6)) for _ in range(300)]
    values += [float(f"{rng.randint(1, 999)}e{rng.randint(-30, 30)}") for _ in range(300)]
    # full-precision doubles; Java 17's toString writes some with a digit too many (7.13e21, 2**-44)
    values += [rng.random() * 10 ** rng.randint(-20, 20) for _ in range(300)] + [7.13e21, 2.0**-44, 5e-324]
    frame = spark.createDataFrame([(v,) for v in values], "x double")
    got = [r[0] for r in frame.select(float_text("x")).collect()]
    assert got == pl.Series(values).cast(pl.String).to_list()


def test_numbers_are_read_from_text_as_polars_reads_them(spark: Any) -> None:
    """The spellings read as a finite number are Polars' (Spark's own cast also reads '5d', '0x1p3')."""
    from pyspark.sql import functions as F

    from spinemet.cohort.spark_engine import _DECIMAL

    rng = random.Random(11)
    texts = ["5d", "5f", "0x10", "1.e5", ".5", "5.", "+.5e-3", "e5", ".", "1e", "1e+", "١٢", "1_0", "--1", "0x1p3"]
    texts += ["".join(rng.choice("0123456789.+-eEdfx") for _ in range(rng.randint(1, 6))) for _ in range(2000)]
    frame = spark.createDataFrame([(t,) for t in texts], "t string")
    got = [r[0] for r in frame.select(F.when(F.col("t").rlike(_DECIMAL), F.col("t").cast("double"))).collect()]
    expected = pl.Series(texts).cast(pl.Float64, strict=False).to_list()
    finite = [None if v is None or v != v or v in (float("inf"), float("-inf")) else v for v in expected]
    assert [None if v is None or v in (float("inf"), float("-inf")) else v for v in got] == finite


def test_cli_score_and_validate_with_engine_spark_equal_the_polars_engine(spark: Any, tmp_path: Path) -> None:
    registry = tmp_path / "synth.csv"
    assert runner.invoke(app, ["cohort", "synth", "400", "--output", str(registry), "--seed", "9"]).exit_code == 0
    outs = {}
    for engine in ("polars", "spark"):
        out = tmp_path / f"{engine}.jsonl"
        result = runner.invoke(app, ["cohort", "score", str(registry), "--output", str(out), "--engine", engine,
                                     "--format", "json"])
        assert result.exit_code == 0, result.output
        outs[engine] = (json.loads(result.output), out.read_text())
    assert outs["spark"][1] == outs["polars"][1]  # the same bytes
    assert {k: v for k, v in outs["spark"][0].items() if k != "output"} == {
        k: v for k, v in outs["polars"][0].items() if k != "output"}
    reports = {}
    for engine in ("polars", "spark"):
        result = runner.invoke(app, ["cohort", "validate", str(registry), "--time", "survival_months", "--event",
                                     "death", "--engine", engine, "--spark-master", "local[2]", "--bootstrap", "20",
                                     "--format", "json"])
        assert result.exit_code == 0, result.output
        reports[engine] = json.loads(result.output)
    assert reports["spark"] == reports["polars"]
    assert reports["spark"]["n"] == 400 and reports["spark"]["instruments"][0]["harrell_c"]["estimate"] is not None


def test_bad_input_on_spark_is_located_as_on_polars(spark: Any, tmp_path: Path) -> None:
    registry = tmp_path / "bad.csv"
    registry.write_text("kps,primary_site,survival_months,death\n85,breast,3,1\n70,prostate,-2,1\n60,lung_nsclc,4,2\n")
    missing = runner.invoke(app, ["cohort", "validate", str(registry), "--time", "months", "--event", "death",
                                  "--engine", "spark"])
    assert missing.exit_code == 1 and "--time: the registry has no column 'months'" in missing.output
    v = service.validate_file(registry, "survival_months", "death", draws=0, engine="spark")[0]
    assert [b["row"] for b in v["bad_rows"]] == [1, 2, 3]
    assert v["bad_rows"][0]["error"].startswith("kps: '85' is not allowed; allowed: whole numbers 0 to 100 in steps")
    assert "negative" in v["bad_rows"][1]["error"] and "1 (death), 0 (censored)" in v["bad_rows"][2]["error"]
    master = runner.invoke(app, ["cohort", "score", str(registry), "--output", str(tmp_path / "m.csv"),
                                 "--engine", "spark", "--spark-master", "nowhere:7077"])
    assert master.exit_code == 1 and "--spark-master: 'nowhere:7077' is not a Spark master URL" in master.output
    assert "Traceback" not in master.output


def test_without_java_engine_spark_is_one_plain_line(tmp_path: Path) -> None:
    registry = tmp_path / "r.csv"
    registry.write_text("kps\n80\n")
    env = {k: v for k, v in os.environ.items() if k not in ("JAVA_HOME", "PYSPARK_GATEWAY_PORT")}
    env["PATH"] = str(Path(sys.executable).parent)  # the venv's programs only: no java
    proc = subprocess.run([sys.executable, "-m", "spinemet", "cohort", "score", str(registry), "--output",
                           str(tmp_path / "o.csv"), "--engine", "spark"], capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    assert proc.returncode == 1
    text = proc.stdout + proc.stderr
    assert "--engine spark: no Java runtime was found" in text and "Traceback" not in text
