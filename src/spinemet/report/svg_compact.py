"""Make Matplotlib's SVG small without changing what it draws.

Matplotlib writes every artist in its own ``<g id=...>``, every element with its own ``style``
(the font fallback list repeated on each label), coordinates to six decimals, and the same marker
shape once per line. The course picture of a 100-event case was 128 KB that way. This pass keeps
the drawing order (which is the stacking order) and every element, and rewrites only how they are
written:

- groups that carry nothing but an id are dissolved into their parent;
- each distinct ``style`` becomes one class in a single ``<style>`` sheet;
- geometry is rounded to 0.1 of a point (the picture is 936 points wide, shown at ~1300 px);
- consecutive elements clipped to the same axes share one ``<g clip-path>``;
- identical marker shapes are defined once;
- a zero rotation (``rotate(-0 x y)``) on labels, the metadata block and unused ids are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
_HREF = f"{{{XLINK}}}href"
_GEOMETRY = ("d", "x", "y", "width", "height", "x1", "x2", "y1", "y2", "cx", "cy", "r", "points", "transform")
_NUMBER = re.compile(r"-?\d+\.\d+|-?\d+")
_ZERO_ROTATION = re.compile(r"^rotate\(-?0(?:\.0+)?[ ,][^)]*\)$")
_URL = re.compile(r"url\(#([^)]+)\)")



def _tag(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


def _round(match: re.Match[str]) -> str:
    text = match.group(0)
    if "." not in text:
        return text
    value = round(float(text), 1)
    out = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if out in ("-0", "") else out


def _geometry(value: str) -> str:
    value = _NUMBER.sub(_round, value)
    value = re.sub(r"\s*([MLCQZHVSTAmlcqzhvsta])\s*", r"\1", value)
    return re.sub(r"\s+", " ", value).strip()


def _flatten(parent: ET.Element) -> None:
    """Dissolve child groups whose only attribute is an id (the children keep their order)."""
    out: list[ET.Element] = []
    for child in list(parent):
        _flatten(child)
        if _tag(child) == "g" and set(child.attrib) <= {"id"}:
            out.extend(child)
        else:
            out.append(child)
    parent[:] = out


def _clip_runs(parent: ET.Element) -> None:
    """Consecutive siblings with the same clip-path share one clipping group."""
    for child in parent:
        if _tag(child) in ("g", "svg"):
            _clip_runs(child)
    out: list[ET.Element] = []
    run: ET.Element | None = None
    for child in list(parent):
        clip = child.attrib.get("clip-path")
        if clip is not None and _tag(child) != "defs":
            if run is None or run.attrib["clip-path"] != clip:
                run = ET.Element(f"{{{SVG}}}g", {"clip-path": clip})
                out.append(run)
            del child.attrib["clip-path"]
            run.append(child)
        else:
            run = None
            out.append(child)
    parent[:] = out


def _shared_markers(root: ET.Element) -> None:
    """One definition per distinct marker shape and style; every use points to it."""
    first: dict[tuple[str, str], str] = {}
    alias: dict[str, str] = {}
    for defs in root.iter(f"{{{SVG}}}defs"):
        for path in list(defs):
            ident = path.attrib.get("id")
            if _tag(path) != "path" or ident is None:
                continue
            key = (path.attrib.get("d", ""), path.attrib.get("style", ""))
            if key in first:
                alias[ident] = first[key]
                defs.remove(path)
            else:
                first[key] = ident
    if alias:
        for use in root.iter(f"{{{SVG}}}use"):
            target = use.attrib.get(_HREF, "").lstrip("#")
            if target in alias:
                use.attrib[_HREF] = "#" + alias[target]


def _drop_empty_defs(parent: ET.Element) -> None:
    for child in list(parent):
        if _tag(child) == "defs" and len(child) == 0:
            parent.remove(child)
        else:
            _drop_empty_defs(child)


def _classes(root: ET.Element) -> str:
    """Replace each element's style by a class; returns the style sheet. The labels' font family
    (Matplotlib repeats its whole fallback list on each) is said once, for every ``text``."""
    names: dict[str, str] = {}
    families: set[str] = set()
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style is None:
            continue
        parts = [part.strip().replace(": ", ":") for part in style.split(";") if part.strip()]
        rule = ";".join(p for p in parts if not (p.startswith("font-family:") and _tag(element) == "text"))
        families.update(p for p in parts if p.startswith("font-family:") and _tag(element) == "text")
        name = names.setdefault(rule, f"s{len(names):x}")
        element.attrib["class"] = name
    if len(families) > 1:
        raise ValueError("labels in more than one font family")  # one family is all the plot sets
    sheet = "".join(f"text{{{family}}}" for family in families)
    return sheet + "".join(f".{name}{{{rule}}}" for rule, name in names.items())


def compact_svg(raw: bytes) -> bytes:
    """The same picture, written compactly (see the module doc)."""
    root = ET.fromstring(raw)
    for meta in root.findall(f"{{{SVG}}}metadata"):
        root.remove(meta)
    _flatten(root)
    _shared_markers(root)
    _drop_empty_defs(root)
    referenced: set[str] = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            referenced.update(_URL.findall(value))
            if name == _HREF:
                referenced.add(value.lstrip("#"))
    for element in root.iter():
        ident = element.attrib.get("id")
        if ident is not None and ident not in referenced:
            del element.attrib["id"]
        for name in _GEOMETRY:
            if name not in element.attrib:
                continue
            value = element.attrib[name]
            if name == "transform" and _ZERO_ROTATION.match(value.strip()):
                del element.attrib[name]
                continue
            element.attrib[name] = _geometry(value)
    _clip_runs(root)
    sheet = _classes(root)
    base = root.find(f"{{{SVG}}}defs/{{{SVG}}}style")
    if base is not None:
        base.text = (base.text or "").replace(": ", ":").replace("; ", ";") + sheet
    else:
        defs = ET.Element(f"{{{SVG}}}defs")
        style = ET.SubElement(defs, f"{{{SVG}}}style")
        style.text = sheet
        root.insert(0, defs)
    for element in root.iter():
        if element.tail is not None and not element.tail.strip():
            element.tail = None
        if len(element) and element.text is not None and not element.text.strip():
            element.text = None
    # the namespaces are written out here rather than through ET.register_namespace, whose table is
    # global: another library registering its own default namespace would turn every tag into 'ns0:'
    for element in root.iter():
        element.tag = _tag(element)
        if _HREF in element.attrib:
            element.attrib["xlink:href"] = element.attrib.pop(_HREF)
    root.attrib["xmlns"] = SVG
    root.attrib["xmlns:xlink"] = XLINK
    out: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return out
