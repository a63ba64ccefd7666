"""The course on one picture: treatments as bars over time, ESCC grade, neurological status
and pain as tracks beneath, alerts marked — a slide for the tumour board.

Unknown values are drawn as ranges (a bar from the lowest to the highest grade still
possible), never as a guessed point. Rendering uses Matplotlib's object API with the Agg
canvas (no display, no global pyplot state), to PNG or SVG by the file's suffix.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from spinemet.case.events import Decision, Imaging, Pain
from spinemet.case.model import Case
from spinemet.case.vocab import EsccGrade
from spinemet.course.model import CourseAnalysis, EventKind
from spinemet.errors import InvalidValue
from spinemet.pathway.model import Severity
from spinemet.report.labels import label as word
from spinemet.report.svg_compact import compact_svg

SUFFIXES = (".png", ".svg")
_LANES = (("surgery", "Surgery"), ("radiotherapy", "Radiotherapy"), ("systemic", "Systemic"), ("rehabilitation", "Rehab"))
_COLOURS = {
    "surgery": "#4C72B0",
    "radiotherapy": "#DD8452",
    "chemoradiotherapy": "#C44E52",
    "systemic_therapy": "#8172B3",
    "rehabilitation": "#55A868",
}
_SEVERITY_COLOUR = {Severity.URGENT: "#C0392B", Severity.WARNING: "#E67E22", Severity.INFO: "#7F8C8D"}
_LEVEL_COLOURS = ("#1f77b4", "#9467bd", "#17becf", "#bcbd22", "#8c564b", "#e377c2")
_ESCC_LABELS = [g.value for g in EsccGrade]


class _Rows:
    """Where the last label written on each row of a track ends (in days). A label that would start
    before that end is left out -- it would overprint the one before and neither could be read --
    and counted; the picture says how many were left out, and the page lists every event in words."""

    def __init__(self, days_per_point: float) -> None:
        self.scale = days_per_point
        self.end: dict[object, float] = {}
        self.left_out = 0

    def take(self, row: object, day: float, text: str, fontsize: float, offset: float = 6.0) -> bool:
        start = day + offset * self.scale
        if start < self.end.get(row, float("-inf")):
            self.left_out += 1
            return False
        self.end[row] = start + max(len(line) for line in text.split("\n")) * fontsize * 0.55 * self.scale
        return True


def _lane(kind: str) -> int:
    if kind == "surgery":
        return 0
    if kind in ("radiotherapy", "chemoradiotherapy"):
        return 1
    if kind == "systemic_therapy":
        return 2
    return 3


def _span(case: Case, analysis: CourseAnalysis) -> tuple[float, float]:
    days = [d for d, _ in case.ordered_events()] or [0]
    lo, hi = min(days), max(max(days), *(t.end_day or t.day for t in analysis.interventions)) if analysis.interventions else max(days)
    width = max(hi - lo, 30)
    return lo - 0.05 * width, hi + 0.08 * width


def _treatments(ax: Axes, case: Case, analysis: CourseAnalysis, nominal: float, right: float, labels: _Rows) -> None:
    lanes_used: set[int] = set()
    for t in analysis.interventions:
        lane = _lane(t.kind)
        lanes_used.add(lane)
        colour = _COLOURS.get(t.kind, "#333333")
        if t.kind == "chemoradiotherapy":
            lanes_used.add(2)
        if t.end_day is not None:
            width, hatch = max(t.end_day - t.day, nominal), None
        elif t.kind == "rehabilitation":
            later = [p.day for p in analysis.neuro if p.day > t.day]
            width, hatch = max((later[-1] if later else t.day + nominal) - t.day, nominal), "//"
        else:
            width, hatch = nominal, "//" if t.kind != "surgery" else None
        rows = (1, 2) if t.kind == "chemoradiotherapy" else (lane,)
        for row in rows:
            ax.barh(row, width, left=t.day, height=0.55, color=colour, alpha=0.85, hatch=hatch, edgecolor="white")
        text = t.label if len(t.label) <= 64 else t.label[:62] + "…"
        inside = width > (right - t.day) * 0.5
        if not labels.take(("lane", rows[0]), t.day if inside else t.day + width, f"day {t.day}: {text}", 8, 4):
            continue
        if inside:
            ax.annotate(
                f"day {t.day}: {text}", (t.day, rows[0]), xytext=(4, 0), textcoords="offset points",
                va="center", fontsize=8, color="white", fontweight="bold",
            )
        else:
            ax.annotate(
                f"day {t.day}: {text}", (t.day + width, rows[0]), xytext=(4, 0), textcoords="offset points",
                va="center", fontsize=8, clip_on=False,
            )
    for day, event in case.ordered_events():
        if isinstance(event, Decision):
            ax.plot([day], [-0.7], marker="D", color="#2C3E50", markersize=6, zorder=5)
            said = "decision: " + (event.summary if len(event.summary) <= 60 else event.summary[:58] + "…")
            if not labels.take("decision", day, said, 7.5):
                continue
            ax.annotate(
                said,
                (day, -0.7), xytext=(6, -1), textcoords="offset points", fontsize=7.5, va="center", color="#2C3E50",
            )
        elif isinstance(event, Imaging):
            ax.plot([day], [3.8], marker="v", color="#34495E", markersize=5, zorder=5)
    ax.set_yticks([-0.7, 0, 1, 2, 3], ["Decision", *[name for _, name in _LANES]])
    ax.set_ylim(4.2, -1.3)
    ax.set_title("Treatments", loc="left", fontsize=10, fontweight="bold")


def _course_marks(ax: Axes, analysis: CourseAnalysis, rows: _Rows) -> None:
    """Short labels for the derived imaging events (recurrence, progression, response); a response
    that reads as the previous one at the same level is not written again (a long course repeats
    'local control' at every scan, and the repeats overprint one another)."""
    said: dict[str, str] = {}
    for e in analysis.events:
        if e.kind in (EventKind.LOCAL_RECURRENCE, EventKind.ADJACENT_PROGRESSION):
            text, y, colour = f"{e.category or ''} {word(e.kind.value).lower()} {e.level}".strip(), 4.4, "#C0392B"
        elif e.kind is EventKind.POSSIBLE_PSEUDOPROGRESSION:
            text, y, colour = f"possible pseudoprogression {e.level}", 4.4, "#E67E22"
        elif e.kind is EventKind.RESPONSE:
            mda, spino = e.data.get("mda"), e.data.get("spino")
            words = [w for w in (f"MD Anderson {mda}" if mda else "", word(spino).lower() if spino else "") if w]
            text = f"{e.level}: " + (", ".join(words) + " (derived from the imaging)" if words else "response not assessable")
            y, colour = 0.9, "#1E8449"
        else:
            continue
        if e.kind is EventKind.RESPONSE:  # a recurrence or progression is always written
            if said.get(str(e.level)) == text or not rows.take(y, e.day, text, 7.5):
                continue
            said[str(e.level)] = text
        ax.annotate(text, (e.day, y), xytext=(6, 0), textcoords="offset points", fontsize=7.5, color=colour, va="center")


def _recorded_escc(finding: object) -> tuple[tuple[int, int], bool] | None:
    """The ESCC ranks the record states for a finding, as the ESCC card reads them: the grade, else
    the range 'compressed / not compressed' allows; ``(ranks, derived)`` -- derived only when the
    finding states neither and 'no residual tumour' is read as grade 0 (drawn hollow, labelled)."""
    escc = getattr(finding, "escc", None)
    if escc is not None:
        return (escc.rank, escc.rank), False
    cord = getattr(finding, "cord_compression", None)
    if cord is True:
        return (EsccGrade.G2.rank, EsccGrade.G3.rank), False
    if cord is False:
        return (EsccGrade.G0.rank, EsccGrade.G1C.rank), False
    if getattr(finding, "tumour_resolved", None):
        return (0, 0), True
    return None


def _escc(ax: Axes, case: Case) -> None:
    series: dict[str, list[tuple[int, tuple[int, int], bool]]] = {}
    for day, event in case.ordered_events():
        if isinstance(event, Imaging):
            for f in event.findings:
                read = _recorded_escc(f)
                if read is not None:
                    series.setdefault(str(f.level), []).append((day, read[0], read[1]))
    for i, (level, points) in enumerate(sorted(series.items())):
        colour = _LEVEL_COLOURS[i % len(_LEVEL_COLOURS)]
        mids = [(d, (lo + hi) / 2) for d, (lo, hi), _ in points]
        ax.plot([d for d, _ in mids], [m for _, m in mids], "-", color=colour, alpha=0.5, linewidth=1.5)
        for d, (lo, hi), derived in points:
            if derived:
                ax.plot([d], [lo], "o", markerfacecolor="white", color=colour, markersize=7, zorder=4)
                ax.annotate("derived: no residual tumour", (d, lo), xytext=(6, 6), textcoords="offset points",
                            fontsize=7, color=colour)
            elif lo == hi:
                ax.plot([d], [lo], "o", color=colour, markersize=7, zorder=4)
            else:
                ax.vlines(d, lo - 0.15, hi + 0.15, color=colour, linewidth=7, alpha=0.55, zorder=3)
        ax.plot([], [], "o-", color=colour, label=level)
    ax.axhspan(EsccGrade.G2.rank - 0.5, 5.5, color="#C0392B", alpha=0.06)
    ax.text(0.995, 0.92, "cord compressed (ESCC 2–3)", transform=ax.transAxes, ha="right", fontsize=7, color="#C0392B")
    ax.set_yticks(range(6), _ESCC_LABELS)
    ax.set_ylim(-0.6, 5.6)
    ax.set_ylabel("ESCC")
    if series:
        ax.legend(loc="upper left", fontsize=7, title="level", title_fontsize=7, frameon=False, bbox_to_anchor=(1.0, 1.0))
    else:
        ax.text(0.5, 0.5, "no ESCC grade recorded", transform=ax.transAxes, ha="center", color="grey")
    ax.set_title("Epidural compression (Bilsky ESCC; bars = range when only 'compressed / not' is known)", loc="left", fontsize=10, fontweight="bold")


def _neuro(ax: Axes, analysis: CourseAnalysis, rows: _Rows) -> None:
    known = [p for p in analysis.neuro if p.scorad]
    for p in known:
        lo, hi = min(p.scorad), max(p.scorad)
        if lo == hi:
            ax.plot([p.day], [lo], "s", color="#2E86C1", markersize=8, zorder=4)
        else:
            ax.vlines(p.day, lo - 0.15, hi + 0.15, color="#2E86C1", linewidth=7, alpha=0.45, zorder=3)
    if len(known) > 1:
        ax.plot([p.day for p in known], [sum(p.scorad) / len(p.scorad) for p in known], "-", color="#2E86C1", alpha=0.4)
    previous = None
    for p in analysis.neuro:
        bits = []
        if p.frankel:
            bits.append(f"Frankel {p.frankel}")
        if p.asia:
            bits.append(f"ASIA {p.asia}")
        if p.mrc_min is not None:
            bits.append(f"MRC {p.mrc_min}/5")
        if p.motor_deficit is not None and p.mrc_min is None:
            bits.append("deficit" if p.motor_deficit else "no deficit")
        if p.ambulatory:
            bits.append(word(p.ambulatory).lower())
        if p.change is not None and p.change.trend.value in ("improved", "deteriorated"):
            bits.append(p.change.trend.value)
        text = "\n".join(bits)
        if text == previous:  # the same status as the examination before: its point says so, no repeated label
            continue
        previous = text
        y = (sum(p.scorad) / len(p.scorad)) if p.scorad else 2.5
        if not rows.take(y, p.day, text, 7):
            continue
        ax.annotate(text, (p.day, y), xytext=(6, 0), textcoords="offset points", fontsize=7, va="center")
    ax.set_yticks([1, 2, 3, 4], ["1 walks unaided", "2 walks with aids", "3 cannot walk", "4 power 0–1/5"])
    ax.set_ylim(4.6, 0.4)
    ax.set_ylabel("SCORAD")
    if not analysis.neuro:
        ax.text(0.5, 0.5, "no neurological examination recorded", transform=ax.transAxes, ha="center", color="grey")
    ax.set_title("Neurological status (SCORAD ambulatory grade; bars = grades still possible)", loc="left", fontsize=10, fontweight="bold")


def _pain(ax: Axes, case: Case) -> None:
    rows = [(d, e) for d, e in case.ordered_events() if isinstance(e, Pain) and (e.nrs is not None or e.omed_mg is not None)]
    nrs = [(d, e.nrs) for d, e in rows if e.nrs is not None]
    if nrs:
        ax.plot([d for d, _ in nrs], [v for _, v in nrs], "o-", color="#8E44AD", label="worst pain NRS")
    ax.set_ylim(-0.5, 10.5)
    ax.set_ylabel("NRS 0–10")
    omed = [(d, e.omed_mg) for d, e in rows if e.omed_mg is not None]
    if omed:
        twin = ax.twinx()
        twin.plot([d for d, _ in omed], [v for _, v in omed], "s--", color="#7F8C8D", label="OMED mg/day")
        twin.set_ylabel("OMED mg/day", fontsize=8)
        twin.set_ylim(bottom=0)
    ax.set_title("Pain (NRS solid; oral morphine equivalent dashed)", loc="left", fontsize=10, fontweight="bold")


def _alerts(axes: list[Axes], analysis: CourseAnalysis, rows: _Rows) -> None:
    """A dashed line on every track at each alert's day; its title above, written once per title
    (the line of a repeated alert stays; the page and the summary list every alert in words)."""
    written: set[str] = set()
    lines: set[tuple[int, str]] = set()
    for alert in analysis.alerts:
        colour = _SEVERITY_COLOUR[alert.severity]
        if (alert.day, colour) not in lines:  # two alerts of one severity on one day: one line
            lines.add((alert.day, colour))
            for ax in axes:
                ax.axvline(alert.day, color=colour, linestyle="--", linewidth=1.2, alpha=0.8, zorder=1)
        title = alert.title.split(",")[0]
        title = title if len(title) <= 48 else title[:46] + "…"
        if title in written:
            continue
        written.add(title)
        text = f"⚠ {title} (day {alert.day})"
        free = next((row for row in range(3) if rows.take(("alert", row), alert.day, text, 7.5, 3)), None)
        if free is None:
            rows.left_out -= 2  # one label left out, tried on three rows
            continue
        rows.left_out -= free
        axes[0].annotate(
            text, (alert.day, 1.0), xycoords=("data", "axes fraction"),
            xytext=(3, 4 + 10 * free), textcoords="offset points", fontsize=7.5, color=colour, fontweight="bold",
        )


def render_course(case: Case, analysis: CourseAnalysis) -> Figure:
    """A Matplotlib figure of the course (no file written)."""
    has_pain = any(isinstance(e, Pain) and (e.nrs is not None or e.omed_mg is not None) for e in case.timeline)
    heights = [1.5, 1.1, 1.1] + ([0.8] if has_pain else [])
    fig = Figure(figsize=(13, 2.0 + 2.0 * sum(heights)), layout="constrained")
    FigureCanvasAgg(fig)
    axes = list(fig.subplots(len(heights), 1, sharex=True, gridspec_kw={"height_ratios": heights}))
    left, right = _span(case, analysis)
    nominal = max((right - left) * 0.012, 1.0)
    rows = _Rows((right - left) / 780)  # the tracks are about 780 points wide
    _treatments(axes[0], case, analysis, nominal, right, rows)
    _escc(axes[1], case)
    _course_marks(axes[1], analysis, rows)
    _neuro(axes[2], analysis, rows)
    if has_pain:
        _pain(axes[3], case)
    for ax in axes:
        ax.set_xlim(left, right)
        ax.grid(axis="x", alpha=0.25)
        ax.spines[["top", "right"]].set_visible(False)
    _alerts(axes, analysis, rows)
    if rows.left_out:
        fig.text(0.995, 0.995, f"{rows.left_out} label{'s' if rows.left_out > 1 else ''} left out where "
                 "they would overprint another (every event is listed in words)", ha="right", va="top",
                 fontsize=7, color="#555555")
    axes[-1].set_xlabel("days since index (day 0)" + (f" = {case.index_date.isoformat()}" if case.index_date else ""))
    title = case.title or case.id
    fig.suptitle(f"{title}\ncourse of case '{case.id}'", fontsize=12, fontweight="bold", x=0.01, ha="left")
    handles: list[Artist] = [Patch(color=c, label=word(k)) for k, c in _COLOURS.items()]
    handles += [Patch(color=c, label=f"alert: {s.value}") for s, c in _SEVERITY_COLOUR.items()]
    handles.append(Patch(facecolor="white", edgecolor="grey", hatch="//", label="end not recorded"))
    handles.append(Line2D([], [], marker="v", color="#34495E", linestyle="none", label="imaging study"))
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=7.5, frameon=False)
    return fig


def write_course_plot(case: Case, analysis: CourseAnalysis, path: str | Path) -> Path:
    """Write the course picture to ``path`` (.png or .svg); returns the path written."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidValue("--plot", str(path), "a file ending in .png or .svg")
    if target.parent and not target.parent.exists():
        raise InvalidValue("--plot", str(path), "a file in an existing directory", detail=f"directory '{target.parent}' does not exist")
    fig = render_course(case, analysis)
    fig.savefig(target, format=suffix[1:], dpi=150)
    return target


def course_svg(case: Case, analysis: CourseAnalysis) -> bytes:
    """The course picture as SVG (the web page shows it), its text kept as text (a third of the
    size of glyphs drawn as paths, and searchable), written compactly (:mod:`svg_compact`)."""
    import io

    from matplotlib import rc_context

    out = io.BytesIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "spinemet"}):
        render_course(case, analysis).savefig(out, format="svg", metadata={"Date": None})
    return compact_svg(out.getvalue())


def course_png(case: Case, analysis: CourseAnalysis, dpi: int = 110) -> bytes:
    """The course picture as PNG (the printed summary embeds it)."""
    import io

    out = io.BytesIO()
    render_course(case, analysis).savefig(out, format="png", dpi=dpi)
    return out.getvalue()
