"""The spine diagram of a case report: every level from C1 to the coccyx, the levels with disease
(a finding at the level or within its span) filled, the treated levels outlined, and the
instrumented span drawn as rods with a screw at each level -- an SVG that prints the same in
black and white (filled, outlined and rods are told apart by shape, not only by colour)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

LEVELS = tuple([f"C{i}" for i in range(1, 8)] + [f"T{i}" for i in range(1, 13)] + [f"L{i}" for i in range(1, 6)]
               + [f"S{i}" for i in range(1, 6)] + ["Co"])
INVOLVED = "#C44E52"
TREATED = "#1F4E99"
ROD = "#333333"
_ROW = 13
_TOP = 28
_LEFT = 44
_WIDTH = 46


def spine_svg(levels: Mapping[str, Sequence[str]], title: str = "Spine diagram") -> str:
    """An SVG (text) of the spine with ``levels['involved']``, ``['treated']`` and ``['instrumented']``."""
    involved, treated, rods = (set(levels.get(k, ())) for k in ("involved", "treated", "instrumented"))
    height = _TOP + _ROW * len(LEVELS) + 16
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 330 {height}" width="330" height="{height}" '
           f'role="img" aria-label="{escape(title)}" font-family="DejaVu Sans, Arial, sans-serif" font-size="9">',
           f"<title>{escape(title)}: involved {', '.join(sorted(involved, key=LEVELS.index)) or 'none'}; treated "
           f"{', '.join(sorted(treated, key=LEVELS.index)) or 'none'}; instrumented "
           f"{', '.join(sorted(rods, key=LEVELS.index)) or 'none'}</title>"]
    for n, name in enumerate(LEVELS):
        y = _TOP + n * _ROW
        fill = INVOLVED if name in involved else "#F2F2F2"
        stroke, width = (TREATED, 2.6) if name in treated else ("#888888", 0.8)
        shrink = 4 if name.startswith(("S", "Co")) else 0
        out.append(f'<rect x="{_LEFT + shrink}" y="{y + 1}" width="{_WIDTH - 2 * shrink}" height="{_ROW - 3}" rx="3" '
                   f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"><title>{name}</title></rect>')
        weight = "bold" if name in involved | treated | rods else "normal"
        out.append(f'<text x="{_LEFT - 6}" y="{y + _ROW - 3}" text-anchor="end" font-weight="{weight}">{name}</text>')
    ordered = [n for n in LEVELS if n in rods]
    if ordered:
        first, last = LEVELS.index(ordered[0]), LEVELS.index(ordered[-1])
        y0, y1 = _TOP + first * _ROW + _ROW / 2 - 1, _TOP + last * _ROW + _ROW / 2 - 1
        for x in (_LEFT - 1, _LEFT + _WIDTH + 1):
            out.append(f'<line x1="{x}" y1="{y0}" x2="{x}" y2="{y1}" stroke="{ROD}" stroke-width="3" stroke-linecap="round"/>')
            for name in ordered:
                cy = _TOP + LEVELS.index(name) * _ROW + _ROW / 2 - 1
                out.append(f'<circle cx="{x}" cy="{cy}" r="2.6" fill="{ROD}"/>')
    lx = _LEFT + _WIDTH + 30
    legend = [(f'<rect x="{lx}" y="{_TOP}" width="14" height="10" rx="2" fill="{INVOLVED}" stroke="#888888"/>',
               "involved (finding at the level)"),
              (f'<rect x="{lx}" y="{_TOP + 18}" width="14" height="10" rx="2" fill="#F2F2F2" stroke="{TREATED}" '
               f'stroke-width="2.6"/>', "treated (surgery or radiotherapy)"),
              (f'<line x1="{lx + 7}" y1="{_TOP + 34}" x2="{lx + 7}" y2="{_TOP + 48}" stroke="{ROD}" stroke-width="3"/>'
               f'<circle cx="{lx + 7}" cy="{_TOP + 41}" r="2.6" fill="{ROD}"/>', "instrumented (fixation span)")]
    for n, (mark, words) in enumerate(legend):
        out.append(mark)
        out.append(f'<text x="{lx + 20}" y="{_TOP + 9 + n * 18}">{escape(words)}</text>')
    for n, (key, words) in enumerate((("involved", "Involved"), ("treated", "Treated"), ("instrumented", "Instrumented"))):
        chosen = sorted(set(levels.get(key, ())), key=LEVELS.index)
        out.append(f'<text x="{lx}" y="{_TOP + 80 + n * 14}">{words}: {escape(_ranges(chosen)) or "none recorded"}</text>')
    out.append(f'<text x="{_LEFT - 30}" y="14" font-size="10" font-weight="bold">{escape(title)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _ranges(names: Sequence[str]) -> str:
    """'T3–T8, L2' from consecutive levels."""
    idx = [LEVELS.index(n) for n in names]
    runs: list[tuple[int, int]] = []
    for i in idx:
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return ", ".join(LEVELS[a] if a == b else f"{LEVELS[a]}–{LEVELS[b]}" for a, b in runs)
