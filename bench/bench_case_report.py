"""Benchmark: the CARE case-report draft of the story case, including the PDF (issue 19 item 4,
target <= 2 s). Run: ``.venv/bin/python bench/bench_case_report.py [--runs N]``. Not a test.

Measures, in one warm process (modules imported, one untimed draft first), the median of ``--runs``:
the inputs (the assessments at each decision point and the course), the draft, the course figure,
the HTML and the PDF (WeasyPrint), each as wall and CPU time; the whole is what the web's PDF button
costs. The baseline is the tumour-board summary's PDF of the same case in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spinemet.io.casefile import load_case
from spinemet.report.board import Board, tumour_board_pdf
from spinemet.report.case_report import build_draft
from spinemet.report.case_report_render import case_report_html, case_report_pdf
from spinemet.report.course_plot import course_svg
from spinemet.service import case_report, offline

STORY = Path(__file__).resolve().parents[1] / "src" / "spinemet" / "data" / "story-lung-net-t6.yaml"


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    case = load_case(STORY)

    def whole() -> bytes:
        inputs = case_report.from_case(case)
        return case_report_pdf(build_draft(inputs), course_svg(case, inputs.course))

    whole()
    stages: dict[str, list[tuple[float, float]]] = {k: [] for k in ("inputs", "draft", "figure", "html", "pdf", "whole", "summary pdf")}
    for _ in range(args.runs):
        w, c, inputs = timed(lambda: case_report.from_case(case))
        stages["inputs"].append((w, c))
        w, c, draft = timed(lambda i=inputs: build_draft(i))
        stages["draft"].append((w, c))
        w, c, svg = timed(lambda i=inputs: course_svg(case, i.course))
        stages["figure"].append((w, c))
        stages["html"].append(timed(lambda d=draft, s=svg: case_report_html(d, course_svg=s))[:2])
        stages["pdf"].append(timed(lambda d=draft, s=svg: case_report_pdf(d, s))[:2])
        stages["whole"].append(timed(whole)[:2])
        a = offline.assess(case)
        stages["summary pdf"].append(timed(lambda a=a: tumour_board_pdf(a, "file", Board(printed_by="bench", role="bench")))[:2])
    for name, xs in stages.items():
        print(f"{name:12s} wall {statistics.median(x[0] for x in xs) * 1000:7.0f} ms   CPU {statistics.median(x[1] for x in xs) * 1000:7.0f} ms")
    whole_cpu = statistics.median(x[1] for x in stages["whole"])
    summary_cpu = statistics.median(x[1] for x in stages["summary pdf"])
    print(f"whole draft with PDF / tumour-board summary PDF (CPU): {whole_cpu / summary_cpu:.2f}; target: whole <= 2 s")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
