"""Benchmark: every instrument over 1,000,000 synthetic rows read from Parquet.

Run: ``.venv/bin/python bench/bench_instruments.py [ROWS] [--runs N]``. Not a test; never
fails the build.

Reports rows/s of the columnar engine for every instrument and two baselines measured in the
same run, on the same data (one Parquet file per instrument, generated from a fixed seed):

(a) a plain Python per-row loop over the same declarations: the single-case engine
    (``spinemet.instruments.score``) called on one dict per row, timed on the first
    ``SUBSAMPLE`` rows and extrapolated (scoring only: the rows are converted to dicts before
    the clock starts, so the loop is not charged for reading or converting);
(b) a single hand-written Polars expression for SINS alone (points via ``replace_strict``,
    ``sum_horizontal`` computed once, band via ``when/then``), compared with the engine on the
    same SINS frame. The engine returns more than (b) — ``min_total``/``max_total``,
    ``possible_bands``, ``missing``, ``error`` — and its total and band are checked equal to (b).

The machine may be shared, so every figure is the median of ``--runs`` timed runs after one
untimed warm-up; comparisons are timed in alternating pairs (engine, baseline, engine, ...)
so that a change in load hits both sides, and the ratio reported is the median of the
per-pair ratios. Load averages are printed before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
import polars as pl

from spinemet.instruments import INSTRUMENTS, get, score, score_frame
from spinemet.instruments.engine import AnswerInput

SUBSAMPLE = 20_000
SEED = 20240611
TARGET_HAND = 1.5  # engine time / hand-written time, at most
TARGET_LOOP = 50.0  # loop time / engine time, at least


def synthetic(key: str, rows: int, seed: int, missing: float = 0.0) -> pl.DataFrame:
    """``rows`` random answers (exact answer keys) per item; ``missing`` of the cells null."""
    rng = np.random.default_rng(seed)
    cols = []
    for it in INSTRUMENTS[key].items:
        s = pl.Series(it.key, it.answer_keys, dtype=pl.String).gather(rng.integers(0, len(it.answers), rows))
        if missing:
            s = s.scatter(np.flatnonzero(rng.random(rows) < missing), None)
        cols.append(s)
    return pl.DataFrame(cols)


SINS_POINTS = {
    "location": {"junctional": 3, "mobile": 2, "semirigid": 1, "rigid": 0},
    "pain": {"mechanical": 3, "occasional": 1, "none": 0},
    "bone_lesion": {"lytic": 2, "mixed": 1, "blastic": 0},
    "alignment": {"subluxation": 4, "deformity": 2, "normal": 0},
    "collapse": {"at_least_50": 3, "under_50": 2, "none_over_50_involved": 1, "none": 0},
    "posterolateral": {"bilateral": 3, "unilateral": 1, "none": 0},
}


def hand_written_sins(frame: pl.DataFrame) -> pl.DataFrame:
    """Baseline (b): SINS written by hand (no engine): total once, then its band."""
    total = pl.sum_horizontal([pl.col(c).replace_strict(m, return_dtype=pl.Int64) for c, m in SINS_POINTS.items()])
    band = (pl.when(pl.col("total") <= 6).then(pl.lit("stable"))
            .when(pl.col("total") <= 12).then(pl.lit("potentially_unstable"))
            .otherwise(pl.lit("unstable")))
    return frame.with_columns(total.alias("total")).with_columns(band.alias("band"))


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def paired(a: Callable[[], object], b: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Times of ``a`` and ``b`` in alternating pairs after one warm-up call of each."""
    a()
    b()
    ta, tb = [], []
    for _ in range(runs):
        ta.append(timed(a))
        tb.append(timed(b))
    return ta, tb


def loop(key: str, rows: list[dict[str, AnswerInput]]) -> None:
    """Baseline (a): the single-case engine, row by row."""
    inst = get(key)
    for row in rows:
        score(inst, row)


def median_ratio(num: list[float], den: list[float]) -> float:
    return statistics.median(n / d for n, d in zip(num, den, strict=True))


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def main(rows: int, runs: int) -> None:
    print(f"rows per instrument: {rows:,}; instruments: {len(INSTRUMENTS)}; polars {pl.__version__}; "
          f"median of {runs} runs after a warm-up")
    print(f"before: {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        paths: dict[str, Path] = {}
        for i, key in enumerate(INSTRUMENTS):
            paths[key] = Path(tmp) / f"{key}.parquet"
            synthetic(key, rows, SEED + i).write_parquet(paths[key])
        sins_missing = Path(tmp) / "sins_missing.parquet"
        synthetic("sins", rows, SEED - 1, missing=0.05).write_parquet(sins_missing)

        sample_n = min(SUBSAMPLE, rows)
        scale = rows / sample_n
        engine_total = read_total = loop_total = 0.0
        print(f"\n{'instrument':18s} {'engine rows/s':>14s} {'read s':>7s} {'loop rows/s':>12s} {'loop/engine':>12s}")
        for key, path in paths.items():
            t_read = statistics.median(timed(partial(pl.read_parquet, path)) for _ in range(3))
            frame = pl.read_parquet(path)
            sample: list[dict[str, AnswerInput]] = frame.head(sample_n).to_dicts()
            # Engine runs alternate with loop runs on the subsample (extrapolated to ``rows``).
            te, tl = paired(partial(score_frame, key, frame), partial(loop, key, sample), runs)
            t_engine, t_loop = statistics.median(te), statistics.median(tl) * scale
            engine_total += t_engine
            read_total += t_read
            loop_total += t_loop
            print(f"{key:18s} {rows / t_engine:14,.0f} {t_read:7.3f} {rows / t_loop:12,.0f} "
                  f"x{median_ratio(tl, te) * scale:11.0f}")
        n = len(paths) * rows
        ratio_a = loop_total / (engine_total + read_total)
        print(f"\nall instruments ({n:,} rows): engine {n / engine_total:,.0f} rows/s "
              f"({engine_total:.2f}s), {n / (engine_total + read_total):,.0f} rows/s incl. Parquet read "
              f"({engine_total + read_total:.2f}s)")
        print(f"python loop (a): {n / loop_total:,.0f} rows/s ({loop_total:.0f}s, extrapolated from "
              f"{sample_n:,} rows per instrument)")
        print(f"(a) engine incl. read vs python loop: x{ratio_a:.0f} faster "
              f"(x{loop_total / engine_total:.0f} excl. read)  target >= x{TARGET_LOOP:.0f}: "
              f"{'MET' if ratio_a >= TARGET_LOOP else 'NOT MET'}")

        frame = pl.read_parquet(paths["sins"])
        engine_out = score_frame("sins", frame).frame
        hand_out = hand_written_sins(frame)
        assert engine_out.select("total", "band").equals(hand_out.select("total", "band")), "SINS differs"
        te, th = paired(lambda: score_frame("sins", frame), lambda: hand_written_sins(frame), runs)
        ratio_b = median_ratio(te, th)
        print(f"\n(b) SINS, complete rows: hand-written {rows / statistics.median(th):,.0f} rows/s; "
              f"engine {rows / statistics.median(te):,.0f} rows/s")
        print(f"(b) engine/hand-written time ratio: {ratio_b:.2f} (median of {runs} pairs; range "
              f"{min(e / h for e, h in zip(te, th, strict=True)):.2f}-"
              f"{max(e / h for e, h in zip(te, th, strict=True)):.2f})  target <= {TARGET_HAND}: "
              f"{'MET' if ratio_b <= TARGET_HAND else 'NOT MET'}")
        frame = pl.read_parquet(sins_missing)
        score_frame("sins", frame)  # warm-up
        te_m = [timed(lambda: score_frame("sins", frame)) for _ in range(runs)]
        print(f"SINS with 5% unknown cells (engine adds ranges and reachable bands; no hand-written equivalent): "
              f"engine {rows / statistics.median(te_m):,.0f} rows/s")
    print(f"\nafter: {load()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    main(args.rows, args.runs)
