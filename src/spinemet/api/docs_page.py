"""``/docs``: the API's documentation as one page made from the OpenAPI description, with no script
and nothing fetched from elsewhere (the interactive Swagger page loaded its code from a CDN: blank
offline, and a hospital network may block it). ``/openapi.json`` stays the machine-readable form."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

_STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{border-bottom:1px solid #ccc;margin-top:2rem}.op{margin:1rem 0;padding:.5rem 1rem;border-left:4px solid #369}
.m{font-weight:bold;font-family:monospace;margin-right:.5rem}code,pre{background:#f4f4f4;padding:0 .2rem}
pre{padding:.5rem;overflow-x:auto;font-size:.85rem}table{border-collapse:collapse}td,th{border:1px solid #ddd;
padding:.2rem .5rem;text-align:left}"""


def _schema_name(schema: dict[str, Any] | None) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"list of {_schema_name(schema.get('items'))}"
    return str(schema.get("type", "object"))


def _operation(path: str, method: str, op: dict[str, Any]) -> str:
    rows = []
    for p in op.get("parameters", []):
        rows.append(f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p['in'])}</td>"
                    f"<td>{'yes' if p.get('required') else 'no'}</td><td>{escape(_schema_name(p.get('schema')))}</td>"
                    f"<td>{escape(p.get('description', '') or p.get('schema', {}).get('description', ''))}</td></tr>")
    params = ("<table><tr><th>parameter</th><th>in</th><th>required</th><th>type</th><th></th></tr>"
              + "".join(rows) + "</table>") if rows else ""
    body = op.get("requestBody", {}).get("content", {})
    request = "".join(f"<p>Body ({escape(media)}): <code>{escape(_schema_name(c.get('schema')))}</code></p>"
                      for media, c in body.items())
    responses = ", ".join(
        f"<code>{escape(code)}</code> {escape(r.get('description', ''))}"
        + (f" (<code>{escape(_schema_name(next(iter(r['content'].values())).get('schema')))}</code>)"
           if r.get("content") else "")
        for code, r in op.get("responses", {}).items())
    return (f'<div class="op"><p><span class="m">{escape(method.upper())}</span><code>{escape(path)}</code> '
            f"{escape(op.get('summary', ''))}</p>{params}{request}<p>Responses: {responses}</p></div>")


def render(spec: dict[str, Any]) -> str:
    info = spec.get("info", {})
    by_tag: dict[str, list[str]] = {}
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            by_tag.setdefault((op.get("tags") or ["other"])[0], []).append(_operation(path, method, op))
    sections = "".join(f"<h2>{escape(tag)}</h2>{''.join(ops)}" for tag, ops in by_tag.items())
    schemas = "".join(
        f'<h3 id="{escape(name)}">{escape(name)}</h3><pre>{escape(json.dumps(s, indent=2))}</pre>'
        for name, s in spec.get("components", {}).get("schemas", {}).items())
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{escape(info.get('title', 'API'))}"
            f"</title><style>{_STYLE}</style></head><body><h1>{escape(info.get('title', ''))} "
            f"{escape(str(info.get('version', '')))}</h1><p>{escape(info.get('description', ''))}</p>"
            f'<p>Machine-readable: <a href="openapi.json">/openapi.json</a>.</p>{sections}'
            f"<h2>Schemas</h2>{schemas}</body></html>")


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    """The API documentation page (no script, no CDN). Inline styles are allowed on this page only."""
    page = render(request.app.openapi())
    return HTMLResponse(page, headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                                                  "frame-ancestors 'none'; base-uri 'none'"})
