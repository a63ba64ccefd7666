"""Benchmark: every instrument over 1,000,000 synthetic rows read from Parquet.

Run: ``.venv/bin/python bench/bench_instruments.py [ROWS]``. Not a test; never fails the build.

Reports rows/s for the columnar engine (all instruments) and two baselines measured in the
same run:

(a) a plain Python per-row loop over the same declarations (``spinemet.instruments.score`` on
    a dict per row), timed on a subsample and extrapolated;
(b) a single hand-written Polars expression for SINS alone (points via ``replace_strict``,
    ``sum_horizontal``, band via ``when/then``), compared with the engine on the same SINS frame.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from spinemet.instruments import INSTRUMENTS, score, score_frame

SUBSAMPLE = 20_000


def synthetic(key: str, rows: int, rng: np.random.Generator, missing: float = 0.0) -> pl.DataFrame:
    inst = INSTRUMENTS[key]
    cols = {}
    for it in inst.items:
        choices = np.array(it.answer_keys, dtype=object)
        values = choices[rng.integers(0, len(choices), rows)]
        s = pl.Series(it.key, values.tolist(), dtype=pl.String)
        if missing:
            s = pl.select(pl.when(pl.lit(rng.random(rows) < missing)).then(None).otherwise(s)).to_series().alias(it.key)
        cols[it.key] = s
    return pl.DataFrame(cols)


def hand_written_sins(frame: pl.DataFrame) -> pl.DataFrame:
    """Baseline (b): SINS written by hand as one Polars expression (no engine)."""
    pts = {
        "location": {"junctional": 3, "mobile": 2, "semirigid": 1, "rigid": 0},
        "pain": {"mechanical": 3, "occasional": 1, "none": 0},
        "bone_lesion": {"lytic": 2, "mixed": 1, "blastic": 0},
        "alignment": {"subluxation": 4, "deformity": 2, "normal": 0},
        "collapse": {"at_least_50": 3, "under_50": 2, "none_over_50_involved": 1, "none": 0},
        "posterolateral": {"bilateral": 3, "unilateral": 1, "none": 0},
    }
    total = pl.sum_horizontal([pl.col(c).replace_strict(m, return_dtype=pl.Int64) for c, m in pts.items()])
    band = pl.when(total <= 6).then(pl.lit("stable")).when(total <= 12).then(pl.lit("potentially_unstable")) \
        .otherwise(pl.lit("unstable"))
    return frame.with_columns(total.alias("total"), band.alias("band"))


def best_of(fn: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def main(rows: int = 1_000_000) -> None:
    rng = np.random.default_rng(20240611)
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for key in INSTRUMENTS:
            path = Path(tmp) / f"{key}.parquet"
            synthetic(key, rows, rng).write_parquet(path)
            paths[key] = path
        sins_missing = Path(tmp) / "sins_missing.parquet"
        synthetic("sins", rows, rng, missing=0.05).write_parquet(sins_missing)

        print(f"rows per instrument: {rows:,}; instruments: {len(INSTRUMENTS)}")
        engine_total = 0.0
        loop_total = 0.0
        for key, path in paths.items():
            t0 = time.perf_counter()
            frame = pl.read_parquet(path)
            read = time.perf_counter() - t0
            t_engine = best_of(lambda frame=frame, key=key: score_frame(key, frame), repeat=2)
            sample = frame.head(SUBSAMPLE).to_dicts()
            t0 = time.perf_counter()
            for row in sample:
                score(key, row)
            t_loop = (time.perf_counter() - t0) * rows / SUBSAMPLE
            engine_total += t_engine + read
            loop_total += t_loop
            print(f"  {key:18s} engine {rows / t_engine:12,.0f} rows/s (read {read:.2f}s)   "
                  f"python loop {rows / t_loop:10,.0f} rows/s (extrapolated)   x{t_loop / t_engine:7.0f}")
        print(f"all instruments: engine {len(paths) * rows / engine_total:,.0f} rows/s incl. Parquet read; "
              f"{engine_total:.1f}s vs python loop {loop_total:.0f}s (extrapolated from {SUBSAMPLE:,} rows each): "
              f"x{loop_total / engine_total:.0f}")

        frame = pl.read_parquet(paths["sins"])
        t_hand = best_of(lambda: hand_written_sins(frame))
        t_engine = best_of(lambda: score_frame("sins", frame))
        print(f"SINS complete rows: hand-written {rows / t_hand:,.0f} rows/s; engine {rows / t_engine:,.0f} rows/s; "
              f"engine/hand time ratio {t_engine / t_hand:.2f}")
        frame = pl.read_parquet(sins_missing)
        t_engine_m = best_of(lambda: score_frame("sins", frame))
        print(f"SINS with 5% unknown cells (engine adds ranges and reachable bands): {rows / t_engine_m:,.0f} rows/s; "
              f"ratio vs hand-written complete-row expression {t_engine_m / t_hand:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
