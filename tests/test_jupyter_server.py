"""The notebooks work where analysts use them: a Jupyter server on 127.0.0.1 lists them through its REST API,
and each one runs, cell by cell, in a kernel started through that API and driven over its websocket
(the way JupyterLab does), not only under papermill."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT

TOKEN = uuid.uuid4().hex


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(base: str, path: str, method: str = "GET", body: dict | None = None) -> object:
    req = urllib.request.Request(f"{base}{path}", method=method, data=json.dumps(body).encode() if body else None,
                                 headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - our own server on 127.0.0.1
        return json.loads(resp.read() or b"null")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    log = tmp_path_factory.mktemp("jupyter") / "server.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyter_server", "--no-browser", "--ServerApp.ip=127.0.0.1",
             f"--ServerApp.port={port}", f"--IdentityProvider.token={TOKEN}",
             f"--ServerApp.root_dir={ROOT / 'notebooks'}", "--ServerApp.port_retries=0", "--allow-root"],
            stdout=fh, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                _get(base, "/api/status")
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"jupyter server exited: {log.read_text()[-2000:]}")
                time.sleep(0.5)
        else:
            pytest.fail(f"jupyter server did not start: {log.read_text()[-2000:]}")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


async def _run_cells(base: str, kernel_id: str, cells: list[str]) -> list[str]:
    """Execute each cell over the kernel's websocket; the errors (ename: evalue) it reports, in order."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url = base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels"
    ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {TOKEN}"}))
    session = uuid.uuid4().hex
    errors: list[str] = []
    try:
        for code in cells:
            msg_id = uuid.uuid4().hex
            await ws.write_message(json.dumps({
                "header": {"msg_id": msg_id, "username": "test", "session": session, "msg_type": "execute_request",
                           "version": "5.3", "date": dt.datetime.now(dt.UTC).isoformat()},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True},
            }))
            while True:
                raw = await asyncio.wait_for(ws.read_message(), timeout=300)
                if raw is None:
                    raise AssertionError("kernel websocket closed")
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "error":
                    errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")
                if msg["msg_type"] == "execute_reply":
                    break
            if errors:
                break
    finally:
        ws.close()
    return errors


def test_server_lists_the_notebooks_and_runs_each_in_a_kernel(server: str) -> None:
    listing = _get(server, "/api/contents")
    names = sorted(item["name"] for item in listing["content"] if item["type"] == "notebook")  # type: ignore[index]
    assert names == ["00_explore.ipynb", "01_corpus_overview.ipynb", "02_themes.ipynb", "03_counterparts.ipynb",
                     "04_phrasing.ipynb", "05_similar.ipynb", "06_languages.ipynb", "99_template.ipynb"]
    specs = _get(server, "/api/kernelspecs")
    assert "lavrovkit" in specs["kernelspecs"]  # type: ignore[index]
    for name in names:
        nb = _get(server, f"/api/contents/{name}")
        cells = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                 for c in nb["content"]["cells"] if c["cell_type"] == "code"]  # type: ignore[index]
        kernel = _get(server, "/api/kernels", "POST", {"name": "lavrovkit"})
        try:
            errors = asyncio.run(_run_cells(server, kernel["id"], cells))  # type: ignore[index]
        finally:
            urllib.request.urlopen(urllib.request.Request(  # noqa: S310 - our own server
                f"{server}/api/kernels/{kernel['id']}", method="DELETE",  # type: ignore[index]
                headers={"Authorization": f"token {TOKEN}"}), timeout=30)
        assert errors == [], (name, errors)
    assert Path(ROOT / "notebooks").is_dir()
