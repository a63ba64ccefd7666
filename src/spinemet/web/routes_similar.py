"""Cases like this one on the case page: a panel (fetched by the page's script, so the case page is
not slowed by the search) and the same panel as a page of its own (without script)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from spinemet.errors import InvalidValue, NotFound, PermissionDenied
from spinemet.service import Actor
from spinemet.service import similar as use_case
from spinemet.service.similar import SimilarOut
from spinemet.web.context import Refused, ctx, no_such_case, not_allowed, render, require_user

router = APIRouter(include_in_schema=False)


def _results(request: Request, user: Actor, case_id: str, top: str | None) -> tuple[SimilarOut, SimilarOut]:
    n: int | None = None
    if top is not None and top.strip():
        try:
            n = int(top)
        except ValueError:
            raise Refused(400, "Not a number", f"'{top}' is not a number of cases; give 1 to {use_case.MOST}.") from None
    service = ctx(request).service
    try:
        return (use_case.similar_in_store(service, user, case_id, n),
                use_case.similar_published_to_stored(service, user, case_id, n))
    except NotFound:
        raise no_such_case(case_id) from None
    except PermissionDenied:
        raise not_allowed(user, "open this case") from None
    except InvalidValue as exc:
        raise Refused(400, "Not usable", str(exc)) from None


@router.get("/cases/{case_id}/similar-panel")
def similar_panel(request: Request, case_id: str, top: str | None = None) -> Response:
    """The panel alone (an HTML fragment the case page inserts)."""
    user = require_user(request)
    store, published = _results(request, user, case_id, top)
    return render(request, "_similar_panel.html", user=user, store=store, published=published, case_id=case_id)


@router.get("/cases/{case_id}/similar")
def similar_page(request: Request, case_id: str, top: str | None = None) -> Response:
    """The panel as a page (works without script)."""
    user = require_user(request)
    store, published = _results(request, user, case_id, top)
    return render(request, "similar.html", user=user, nav="cases", store=store, published=published, case_id=case_id)
