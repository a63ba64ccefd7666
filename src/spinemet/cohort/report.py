"""The validation report as an HTML page with its pictures (pure: a report dict in, text and PNG bytes out).

Pictures: a forest plot of Harrell's and Uno's C with their CIs and the published c-indices; per
instrument, Kaplan-Meier curves by band (with the numbers at risk under the axis) and a calibration
plot (observed band survival with its CI against the published figure; the diagonal is perfect
calibration). Every number of the JSON is in a table beside them, so the page reads without it.
"""

from __future__ import annotations

import html
import io
from collections.abc import Mapping, Sequence
from typing import Any

from spinemet.cohort.survival import kaplan_meier
from spinemet.instruments.registry import INSTRUMENTS

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}
table{border-collapse:collapse;margin:.5em 0 1.2em;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em;
text-align:right}th{background:#f2f2f2}td:first-child,th:first-child{text-align:left}img{max-width:100%}
.note{color:#555;font-size:.9em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
"""


def _fmt(x: Any, digits: int = 3) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return html.escape(str(x))


def _est_ci(block: Mapping[str, Any] | None, digits: int = 3) -> str:
    if not block or block.get("estimate") is None:
        return "–"
    ci = block.get("ci")
    tail = f" ({_fmt(ci[0], digits)}–{_fmt(ci[1], digits)})" if ci and ci[0] is not None else ""
    return f"{_fmt(block['estimate'], digits)}{tail}"


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


def forest_plot(report: Mapping[str, Any]) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in report["instruments"] if r["harrell_c"]["estimate"] is not None]
    fig, ax = plt.subplots(figsize=(7.5, 0.55 * len(rows) + 1.2))
    for y, r in enumerate(reversed(rows)):
        for offset, key, colour, label in ((0.12, "harrell_c", "#1f5fa8", "Harrell's C"),
                                           (-0.12, "uno_c", "#d07a1a", "Uno's C")):
            block = r[key]
            if block["estimate"] is None:
                continue
            ci = block["ci"] or [block["estimate"], block["estimate"]]
            ax.errorbar(block["estimate"], y + offset, xerr=[[block["estimate"] - ci[0]], [ci[1] - block["estimate"]]],
                        fmt="o", color=colour, capsize=3, label=label if y == 0 else None)
        for p in r["published_c"]:
            ax.plot(p["c"], y, marker="D", color="#2a8a3a", linestyle="none",
                    label="published (external)" if not ax.get_legend_handles_labels()[1].count(
                        "published (external)") else None)
    ax.axvline(0.5, color="#999", linestyle=":", linewidth=1)
    ax.set_yticks(range(len(rows)), [r["instrument"] for r in reversed(rows)])
    ax.set_xlabel("concordance (0.5 = chance)")
    ax.set_title("Discrimination of survival: C-index with 95% bootstrap CI")
    if ax.get_legend_handles_labels()[1]:  # nothing estimable (a small cohort): no empty legend
        ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return _png(fig)


def km_plot(instrument: Mapping[str, Any], time: Any, event: Any, band: Any, keys: Sequence[str]) -> bytes:
    """Kaplan-Meier curves by band (``band``: each patient's index in ``keys``)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.transforms import Bbox

    fig, ax = plt.subplots(figsize=(8, 5.6))
    ticks = [0, 3, 6, 12, 24, 36]
    lines = []
    for b in instrument["bands"]:
        mine = band == keys.index(b["band"])
        if not mine.any():
            continue
        km = kaplan_meier(time[mine], event[mine], ticks)
        t, s, lo, hi = km.curve
        (line,) = ax.step(t, s, where="post", label=f"{b['label']} (n={b['n']})")
        ax.fill_between(t, lo, hi, step="post", alpha=0.15, color=line.get_color())
        lines.append((b["band"], km.at_risk))
    ax.set_xlim(0, 36)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("months")
    ax.set_ylabel("survival")
    p = instrument["logrank_p"]
    shown = "p < 0.0001" if p is not None and p < 0.0001 else f"p = {_fmt(p, 4)}"
    ax.set_title(f"{instrument['name']}: Kaplan-Meier by band (log-rank {shown})")
    ax.legend(fontsize=8, loc="upper right")
    ax.grid(alpha=0.3)
    rows = [[str(r[m]) for m in ticks] for _, r in lines]
    if rows:
        table = ax.table(cellText=rows, rowLabels=[label for label, _ in lines], colLabels=[f"{m} mo" for m in ticks],
                         bbox=Bbox.from_bounds(0.0, -0.32 - 0.07 * len(rows), 1.0, 0.07 * (len(rows) + 1)),
                         cellLoc="center")
        table.set_fontsize(7)
        ax.text(0, -0.25, "numbers at risk", transform=ax.transAxes, fontsize=8, fontweight="bold")
    fig.tight_layout()
    return _png(fig)


def calibration_plot(instrument: Mapping[str, Any]) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.2, 5))
    ax.plot([0, 1], [0, 1], color="#999", linestyle="--", linewidth=1, label="perfect calibration")
    bands = list(dict.fromkeys(p["band"] for p in instrument["calibration"]))
    sources = list(dict.fromkeys(p["source"] for p in instrument["calibration"]))
    colours = plt.get_cmap("tab10")
    markers = "osD^v"
    for p in instrument["calibration"]:
        if p["observed"] is None:
            continue
        low, high = (v if v is not None else p["observed"] for v in p["ci"])
        colour = colours(bands.index(p["band"]) % 10)
        ax.errorbar(p["published"], p["observed"], yerr=[[p["observed"] - low], [high - p["observed"]]],
                    fmt=markers[sources.index(p["source"]) % len(markers)], color=colour, capsize=3)
        ax.annotate(f"{p['month']:g} mo", (p["published"], p["observed"]), fontsize=7, xytext=(5, -3),
                    textcoords="offset points", color=colour)
    for i, band in enumerate(bands):
        ax.plot([], [], "s", color=colours(i % 10), label=f"band {band}")
    for i, source in enumerate(sources):
        ax.plot([], [], markers[i % len(markers)], color="#444", label=f"source {source}")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("published survival of the band")
    ax.set_ylabel("observed survival (Kaplan-Meier, 95% CI)")
    ax.set_title(f"{instrument['name']}: calibration")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    fig.tight_layout()
    return _png(fig)


def render(report: Mapping[str, Any], curves: Mapping[str, tuple[Any, Any, Any, tuple[str, ...]]], figure_dir: str,
           title: str = "SpineMet cohort validation") -> tuple[str, dict[str, bytes]]:
    """The page and its pictures (``figure_dir``/name.png); ``curves`` holds each instrument's
    (time, event, band) of the exactly scored patients for the Kaplan-Meier plots."""
    figures: dict[str, bytes] = {"forest.png": forest_plot(report)}
    out: list[str] = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
                      f"<style>{_STYLE}</style></head><body><h1>{html.escape(title)}</h1>"]
    out.append(f"<p>{report['n']} patients analysed ({report['events']} deaths) of {report['n_rows']} rows; "
               f"{len(report['bad_rows'])} bad rows shown below. Primary analysis: patients scored exactly; "
               f"CIs are 95% percentile bootstrap intervals ({report['bootstrap_draws']} draws).</p>")
    out.append("<h2>Summary</h2><table><tr><th>instrument</th><th>scored</th><th>exact</th><th>range</th>"
               "<th>unscored</th><th>not applicable</th><th>Harrell's C</th><th>Uno's C</th><th>AUC 3 mo</th>"
               "<th>AUC 6 mo</th><th>AUC 12 mo</th><th>log-rank p</th><th>published c</th></tr>")
    for r in report["instruments"]:
        pub = ", ".join(f"{p['c']:.2f} ({html.escape(p['citation'])}, n={p['n']})" for p in r["published_c"]) or "–"
        out.append(f"<tr><td>{html.escape(r['name'])}</td><td>{r['n_scored']}</td><td>{r['n_exact']}</td>"
                   f"<td>{r['n_range']}</td><td>{r['n_unscored']}</td><td>{r['n_not_applicable']}</td>"
                   f"<td>{_est_ci(r['harrell_c'])}</td><td>{_est_ci(r['uno_c'])}</td>"
                   + "".join(f"<td>{_est_ci(r['td_auc'][str(m)])}</td>" for m in (3, 6, 12))
                   + f"<td>{_fmt(r['logrank_p'], 4)}</td><td>{pub}</td></tr>")
    out.append("</table><p><img src='" + f"{figure_dir}/forest.png" + "' alt='Forest plot of C-indices'></p>")
    h2h = report["head_to_head"]
    if h2h["reference"]:
        out.append(f"<h2>Head to head</h2><p>Paired bootstrap differences in Harrell's C against "
                   f"<b>{html.escape(h2h['reference'])}</b> (the highest C), on the patients scored exactly by both.</p>"
                   "<table><tr><th>instrument</th><th>paired n</th><th>Harrell's C</th><th>difference (95% CI)</th>"
                   "<th>published c</th></tr>")
        for row in h2h["rows"]:
            out.append(f"<tr><td>{html.escape(row['instrument'])}</td><td>{row['n_paired']}</td>"
                       f"<td>{_fmt(row['harrell_c'])}</td><td>{_est_ci({'estimate': row['difference_vs_reference'], 'ci': row['ci']})}</td>"
                       f"<td>{', '.join(f'{c:.2f}' for c in row['published_c']) or '–'}</td></tr>")
        out.append("</table>")
    for r in report["instruments"]:
        key = r["instrument"]
        out.append(f"<h2 id='{key}'>{html.escape(r['name'])}</h2>")
        out.append(f"<p>Scored exactly {r['n_exact']}, with a range {r['n_range']}, not at all {r['n_unscored']}, "
                   f"not applicable {r['n_not_applicable']}. Direction: {r['direction'].replace('_', ' ')}. "
                   f"Uno's C truncated at {_fmt(r['uno_c'].get('tau_months'), 1)} months.</p>")
        if key in curves and r["n_exact"]:
            figures[f"km_{key}.png"] = km_plot(r, *curves[key])
            out.append(f"<p><img src='{figure_dir}/km_{key}.png' alt='Kaplan-Meier curves of {key} by band'></p>")
        out.append("<table><tr><th>band</th><th>n</th><th>deaths</th><th>median months (95% CI)</th>"
                   + "".join(f"<th>S({m} mo) (95% CI)</th>" for m in report["months"])
                   + "".join(f"<th>at risk {m} mo</th>" for m in report["months"]) + "</tr>")
        for b in r["bands"]:
            med = b["median_ci"] or [None, None]
            out.append(f"<tr><td>{html.escape(b['label'])}</td><td>{b['n']}</td><td>{b['events']}</td>"
                       f"<td>{_fmt(b['median_months'], 1)} ({_fmt(med[0], 1)}–{_fmt(med[1], 1)})</td>"
                       + "".join(f"<td>{_est_ci(b['survival'].get(str(m)))}</td>" for m in report["months"])
                       + "".join(f"<td>{b['at_risk'].get(str(m), '–')}</td>" for m in report["months"]) + "</tr>")
        out.append("</table>")
        if r["calibration"]:
            figures[f"calibration_{key}.png"] = calibration_plot(r)
            out.append("<table><tr><th>band</th><th>month</th><th>published</th><th>observed (95% CI)</th>"
                       "<th>source</th></tr>")
            for p in r["calibration"]:
                out.append(f"<tr><td>{html.escape(p['band'])}</td><td>{p['month']:g}</td><td>{p['published']:.3f}</td>"
                           f"<td>{_est_ci({'estimate': p['observed'], 'ci': p['ci']})}</td>"
                           f"<td>{html.escape(p['what'])}: {html.escape(p['citation'])}</td></tr>")
            out.append(f"</table><p><img src='{figure_dir}/calibration_{key}.png' alt='Calibration of {key}'></p>")
        else:
            out.append("<p class='note'>No published band survival is recorded for this instrument, so calibration "
                       "is not assessed.</p>")
        brier = r.get("brier") or {}
        if brier:
            out.append("<p>Brier score: " + "; ".join(
                f"{m} months: published band survival {_fmt(v['published'])}, the cohort's own band Kaplan-Meier "
                f"(apparent) {_fmt(v['band_km'])}" for m, v in brier.items()) + ".</p>")
        s = r["sensitivity"]
        out.append(f"<p>Sensitivity over the ranges ({s['n']} patients scored exactly or with a range): Harrell's C "
                   f"{_fmt(s['best_completion_harrell_c'])} when every range is completed at its best end, "
                   f"{_fmt(s['worst_completion_harrell_c'])} at its worst.</p>")
    if report["bad_rows"]:
        out.append("<h2>Bad rows (not analysed)</h2><table><tr><th>row</th><th>problem</th></tr>")
        for b in report["bad_rows"][:200]:
            out.append(f"<tr><td>{b['row']}</td><td>{html.escape(str(b['error']))}</td></tr>")
        out.append("</table>")
    if report.get("time_unit"):
        out.append(f"<p class='note'>Survival time: {html.escape(str(report['time_unit']))}; event: a death "
                   "recorded.</p>")
    if report.get("left_out"):
        out.append("<h2>Cases without follow-up (scored, not analysed)</h2><table><tr><th>case</th><th>why</th></tr>")
        for item in report["left_out"][:200]:
            shown = next((str(v) for k, v in item.items() if k != "reason"), "")
            out.append(f"<tr><td>{html.escape(shown)}</td><td>{html.escape(str(item['reason']))}</td></tr>")
        out.append("</table>")
    out.append("<h2>Methods</h2><p class='note'>Scores are computed from the registry's facts by SpineMet's instrument "
               "declarations and readers (the same as for one case). Kaplan-Meier (exponential Greenwood CI) and the "
               "log-rank test: SpineMet's own implementation, checked against lifelines. Harrell's C "
               "and Uno's C (inverse probability of censoring weights, truncated at tau), cumulative/dynamic AUC and the "
               "Brier score: SpineMet's own implementation, checked against scikit-survival to 1e-6. Confidence "
               f"intervals: {report.get('bootstrap_draws', 0)} bootstrap draws"
               + (f" (above {report['bootstrap']['max_sample']:,} patients each draw resamples that many, interval "
                  "rescaled by the square root of m/n)" if report.get("bootstrap", {}).get("max_sample") else "")
               + ". Instruments: "
               + ", ".join(html.escape(INSTRUMENTS[r['instrument']].name) for r in report["instruments"])
               + ".</p></body></html>")
    return "\n".join(out), figures


def curves_of(instruments: Sequence[str], time: Any, event: Any, scored: Mapping[str, Mapping[str, Any]]
              ) -> dict[str, tuple[Any, Any, Any, tuple[str, ...]]]:
    """(time, event, band code, band keys) of the exactly scored patients of each instrument (status and
    band as labels or codes, see :func:`spinemet.cohort.validation.codes`)."""
    from spinemet.cohort.validation import STATUSES, band_keys, codes

    out = {}
    for key in instruments:
        keys = band_keys(key)
        band = codes(scored[key]["band"], keys)
        exact = (codes(scored[key]["status"], STATUSES) == 0) & (band >= 0)
        out[key] = (time[exact], event[exact], band[exact], keys)
    return out
