"""Throughput of the extractor: texts of about 2,000 characters per CPU second on one core.

    python bench/extract_bench.py [--texts 200] [--repeats 5]

Texts are built from the development corpus (tests/extract/corpus), each about 2,000 characters
(whole corpus texts joined until the length is reached). The figure is CPU time of this process
(time.process_time), which the load of other work on the machine disturbs much less than the wall
time; the median of the repeats is reported. Target (issue 15): >= 50 texts/s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "extract" / "corpus"


def texts_of_about(chars: int, count: int) -> list[str]:
    pool = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*.txt"))]
    out: list[str] = []
    i = 0
    while len(out) < count:
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < chars:
            parts.append(pool[i % len(pool)])
            i += 1
        out.append("\n".join(parts)[: chars + 400])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="extractor throughput")
    ap.add_argument("--texts", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--chars", type=int, default=2000)
    args = ap.parse_args(argv)
    from spinemet.extract import extract

    texts = texts_of_about(args.chars, args.texts)
    extract(texts[0])  # warm: regular expressions compiled, validators built
    rates = []
    for _ in range(args.repeats):
        start = time.process_time()
        for t in texts:
            extract(t)
        cpu = time.process_time() - start
        rates.append(len(texts) / cpu)
    mean_chars = sum(len(t) for t in texts) / len(texts)
    print(f"{len(texts)} texts of {mean_chars:,.0f} characters on average, {args.repeats} repeats")
    print(f"texts per CPU second: median {statistics.median(rates):.1f} (min {min(rates):.1f}, max {max(rates):.1f})")
    print(f"CPU per text: median {1000 / statistics.median(rates):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
