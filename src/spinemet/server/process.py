"""One server process, or several: the app, a settled heap, the demo database, and uvicorn."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from spinemet.service import Service, Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from spinemet.web.bootstrap import FirstLogin


class AddressUnavailable(Exception):
    """The address cannot be listened on (in use, or not an address of this machine)."""


def settle_heap() -> None:
    """Prepare a server process for steady latency: run one assessment of the bundled story case
    (so every module and table the use cases need is loaded before the first request), then move
    every object allocated so far (modules, instrument declarations, the app) out of the cycle
    collector's view (:func:`gc.freeze`). Those objects live as long as the process, yet each full
    collection scanned them all: a pause of about 39 ms (measured 2026-11-24 with the app loaded)
    for every request in flight, which set the tail latency under load."""
    from spinemet.service import offline
    from spinemet.service.demo import story_case

    offline.assess(story_case())
    gc.collect()
    gc.freeze()


def worker_app() -> FastAPI:
    """The API of one of several server processes (``spinemet serve --workers N``): the database from
    ``SPINEMET_DATABASE_URL``, migrations already applied by the parent, no web pages (their sessions
    live in one process)."""
    from spinemet.api import create_app

    app = create_app(Settings.from_env(migrate=False, include_web=False), include_web=False)
    settle_heap()
    return app


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str | None = None
    web: bool = True
    demo: bool = False
    workers: int = 1


def serve(options: ServeOptions) -> None:
    """Open the database (migrations applied), build the app, print where it is, and serve until
    stopped. Without a database URL: a fresh demo database with the story case and a one-time
    login, deleted when the server stops."""
    import uvicorn

    from spinemet.api import create_app

    db, demo = options.database_url, options.demo
    demo_dir: Path | None = None
    if db is None:
        demo_dir = Path(tempfile.mkdtemp(prefix="spinemet-demo-"))
        db = Service.sqlite_url(demo_dir / "demo.sqlite3")
        demo = True
    service: Service | None = None
    try:
        settings = Settings.from_env(db, include_web=options.web)
        service = Service.open(settings)
        login = _bootstrap(service) if demo else None
        application = create_app(settings, service=service)
        if demo_dir is not None:
            where = f"a fresh demo database ({demo_dir / 'demo.sqlite3'}, deleted when the server stops)"
        else:
            where = settings.database_url.split("@")[-1]
        print(serve_banner(options.host, options.port, options.web, login), flush=True)
        print(f"Database:          {where}", flush=True)
        if demo_dir is not None:
            if Path(Service.DEFAULT_FILE).exists():
                print(f"                   (./{Service.DEFAULT_FILE} is not used by the demo; serve it with "
                      f"--db sqlite:///./{Service.DEFAULT_FILE})", flush=True)
            else:
                print("                   (for a lasting database: spinemet db upgrade; spinemet user add "
                      "--role admin NAME; spinemet serve --db URL)", flush=True)
        elif not service.has_users():
            print("No users yet:      create the first with  spinemet user add --role admin NAME", flush=True)
        if demo_dir is not None:
            _exit_cleanly_on_sigterm()
        if options.workers > 1:
            from spinemet.server import workers as worker_pool

            os.environ["SPINEMET_DATABASE_URL"] = settings.database_url  # the workers' database
            if worker_pool.reuse_port_available():
                try:
                    worker_pool.check_address(options.host, options.port)
                except OSError as exc:
                    raise AddressUnavailable(f"cannot listen on {options.host}:{options.port}: "
                                             f"{exc.strerror or exc}") from None
                service.close()  # the parent only supervises; each worker opens its own
                worker_pool.run_workers(options.host, options.port, options.workers)
            else:  # no SO_REUSEPORT: uvicorn's workers, sharing one socket
                uvicorn.run("spinemet.server.process:worker_app", factory=True, workers=options.workers,
                            host=options.host, port=options.port, log_level="warning", access_log=False)
        else:
            settle_heap()
            uvicorn.run(application, host=options.host, port=options.port, log_level="warning", access_log=False)
    finally:
        if service is not None:
            service.close()
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)


def _exit_cleanly_on_sigterm() -> None:
    """uvicorn re-raises SIGTERM after its graceful shutdown; turn it into SystemExit so that the demo
    database is deleted (by the ``finally`` of :func:`serve`) instead of left in the temp directory."""

    def _exit(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit)


def _bootstrap(service: Service) -> FirstLogin | None:
    """The story case (if absent) and, on a database without users, a one-time clinician login."""
    from spinemet.web.bootstrap import bootstrap_demo

    return bootstrap_demo(service)


def serve_banner(host: str, port: int, web: bool, login: FirstLogin | None) -> str:
    from spinemet.web.bootstrap import banner

    shown = f"[{host}]" if ":" in host else host
    text = banner(shown, port, login)
    if web:
        return text
    rest = text.partition("\n")[2]
    api = f"SpineMet API:      http://{shown}:{port}/docs   (OpenAPI: /openapi.json; web pages off)"
    return "\n".join(x for x in (api, rest) if x)
