"""Runs the app under gunicorn from Python (``sourcelight serve``).

Settings come from ``gunicorn_conf``; the command line sets bind and workers. The
app is built in each worker (``load`` runs after the fork), so each loads the model.
"""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from sourcelight.web import gunicorn_conf


class SourcelightServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, setting in self.cfg.settings.items():
            if hasattr(gunicorn_conf, name):
                self.cfg.set(name, getattr(gunicorn_conf, name))
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        from sourcelight.web.app import create_app

        return create_app()


def serve(host: str = "127.0.0.1", port: int = 8765, workers: int = 1) -> None:
    SourcelightServer({"bind": f"{host}:{port}", "workers": workers}).run()
