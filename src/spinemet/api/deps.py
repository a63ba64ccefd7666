"""Request dependencies: the service and the authenticated actor (bearer token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from spinemet.service import Actor, Service

bearer = HTTPBearer(auto_error=False, description="An API token: `spinemet user token NAME` prints one.")


async def get_service(request: Request) -> Service:
    """The app's service (async: no I/O, so no trip through the thread pool)."""
    service: Service = request.app.state.service
    return service


def current_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    service: Service = request.app.state.service
    token = credentials.credentials if credentials and credentials.scheme.lower() == "bearer" else None
    return service.authenticate_token(token)


ServiceDep = Annotated[Service, Depends(get_service)]
ActorDep = Annotated[Actor, Depends(current_actor)]
