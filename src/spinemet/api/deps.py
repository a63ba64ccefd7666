"""Request dependencies: the service and the caller's bearer token.

The token is read here (async, on the event loop: no I/O) and checked by the route itself, in the
thread that runs the use case. A request thus crosses from the event loop to a worker thread once
instead of twice (a sync dependency takes a hand-over of its own): on a two-core server that
hand-over is a large part of a cached request's cost. A missing token is refused here, before the
body is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from spinemet.service import Actor, Service

bearer = HTTPBearer(auto_error=False, description="An API token: `spinemet user token NAME` prints one.")


@dataclass(frozen=True)
class Caller:
    """Who is calling, not yet checked: the service and the bearer token of the request."""

    service: Service
    token: str

    def authenticate(self) -> tuple[Service, Actor]:
        """The service and the user owning the token (checked against the store now, so a revoked
        token is refused at once); :class:`~spinemet.service.NotAuthenticated` otherwise."""
        return self.service, self.service.authenticate_token(self.token)


async def caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    service: Service = request.app.state.service
    token = credentials.credentials if credentials and credentials.scheme.lower() == "bearer" else None
    if not token:
        service.authenticate_token(token)  # raises NotAuthenticated without touching the store
    assert token is not None
    return Caller(service, token)


CallerDep = Annotated[Caller, Depends(caller)]
