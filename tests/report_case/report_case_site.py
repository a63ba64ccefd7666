"""The site of the case-report web tests: a real service and the real app (see conftest.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.testclient import TestClient

from spinemet.service import Service


@dataclass
class Site:
    service: Service
    app: FastAPI
    passwords: dict[str, str]

    def client(self, name: str) -> TestClient:
        client = TestClient(self.app, follow_redirects=False)
        page = client.get("/web/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token
        done = client.post("/web/login", data={"csrf_token": token.group(1), "username": name,
                                                "password": self.passwords[name], "next": "/web/cases"})
        assert done.status_code == 303, done.text
        return client
