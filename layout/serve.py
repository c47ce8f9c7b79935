"""The live preview page of ``layout watch``: a small web server on
127.0.0.1 only, showing the pages as images with the warnings and the
build report beside them.  The page listens to server-sent events
(``/events``) and fetches the new state after each rebuild, so it refreshes
by itself; nothing is reloaded by hand.
"""

from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HEARTBEAT_S = 10.0


@dataclass
class Shown:
    """What the page shows; ``version`` grows with every change."""

    version: int = 0
    title: str = ""
    pages: list[bytes] = field(default_factory=list)  # PNG
    texts: list[str] = field(default_factory=list)  # each page's text (to search it, Ctrl-F)
    status: str = "building…"
    errors: list[str] = field(default_factory=list)  # the last edit's problems (the pages are the last good build)
    warnings: list[str] = field(default_factory=list)
    report: str = ""


class Board:
    """The shown state, safe to change from the builder while requests read it."""

    def __init__(self) -> None:
        self._shown = Shown()
        self._cond = threading.Condition()
        self.closed = False

    def update(self, **changes: object) -> None:
        with self._cond:
            for k, v in changes.items():
                setattr(self._shown, k, v)
            self._shown.version += 1
            self._cond.notify_all()

    def show_pages(self, title: str, pngs: list[Path], texts: list[str]) -> None:
        self.update(title=title, pages=[p.read_bytes() for p in pngs], texts=texts)

    def snapshot(self) -> Shown:
        with self._cond:
            s = self._shown
            return Shown(s.version, s.title, list(s.pages), list(s.texts), s.status, list(s.errors), list(s.warnings),
                         s.report)

    def wait_change(self, seen: int, timeout: float) -> int:
        with self._cond:
            self._cond.wait_for(lambda: self._shown.version != seen or self.closed, timeout)
            return self._shown.version

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>layout watch</title>
<style>
body {{ margin: 0; font: 14px/1.4 sans-serif; display: flex; background: #ddd; }}
#pages {{ flex: 3; padding: 12px; display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }}
#pages figure {{ width: 46%; margin: 0; }}
#pages img {{ width: 100%; background: white; box-shadow: 0 1px 4px #888; }}
#pages details {{ font-size: 12px; color: #444; }}
#side {{ flex: 2; padding: 12px; background: #f6f6f6; height: 100vh; overflow: auto; box-sizing: border-box; }}
#errors {{ color: #b00; white-space: pre-wrap; }} #warnings {{ color: #850; white-space: pre-wrap; }}
pre {{ white-space: pre-wrap; font-size: 12px; }}
</style></head>
<body><div id="pages"></div>
<div id="side"><h1 id="title">{title}</h1><p id="status"></p><div id="errors"></div><div id="warnings"></div>
<pre id="report"></pre></div>
<script>
let shown = -1;
async function refresh() {{
  const r = await fetch("/state", {{cache: "no-store"}});
  const s = await r.json();
  if (s.version === shown) return;
  shown = s.version;
  document.getElementById("title").textContent = s.title;
  document.getElementById("status").textContent = s.status;
  document.getElementById("errors").textContent = s.errors.join("\\n");
  document.getElementById("warnings").textContent = s.warnings.join("\\n");
  document.getElementById("report").textContent = s.report;
  const box = document.getElementById("pages");
  box.replaceChildren(...Array.from({{length: s.pages}}, (_, i) => {{
    const fig = document.createElement("figure");
    const img = document.createElement("img");
    img.src = `/page/${{i + 1}}.png?v=${{s.version}}`;
    img.alt = `page ${{i + 1}}`;
    const text = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = `page ${{i + 1}}: text`;
    const body = document.createElement("div");
    body.className = "page-text";
    body.textContent = s.texts[i] || "";
    text.append(summary, body);
    fig.append(img, text);
    return fig;
  }}));
  document.body.dataset.version = s.version;
}}
const events = new EventSource("/events");
events.onmessage = () => refresh();
refresh();
</script></body></html>
"""


class _Handler(BaseHTTPRequestHandler):
    board: Board  # set on the subclass made by serve()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        return  # the terminal shows one line per rebuild, not per request

    def _send(self, code: int, ctype: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        s = self.board.snapshot()
        if path == "/":
            self._send(200, "text/html; charset=utf-8", PAGE.format(title=html.escape(s.title)).encode())
        elif path == "/state":
            state = {"version": s.version, "title": s.title, "pages": len(s.pages), "texts": s.texts, "status": s.status,
                     "errors": s.errors, "warnings": s.warnings, "report": s.report}
            self._send(200, "application/json", json.dumps(state, ensure_ascii=False).encode())
        elif path.startswith("/page/") and path.endswith(".png") and path[6:-4].isdigit():
            n = int(path[6:-4])
            if 1 <= n <= len(s.pages):
                self._send(200, "image/png", s.pages[n - 1])
            else:
                self._send(404, "text/plain", b"no such page")
        elif path == "/events":
            self._events(s.version)
        else:
            self._send(404, "text/plain", b"not found")

    def _events(self, version: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(f"data: {version}\n\n".encode())
            self.wfile.flush()
            while not self.board.closed:
                new = self.board.wait_change(version, HEARTBEAT_S)
                if self.board.closed:
                    break
                self.wfile.write((f"data: {new}\n\n" if new != version else ": still here\n\n").encode())
                self.wfile.flush()
                version = new
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed


class PreviewServer:
    """The server, running in a thread; ``url`` once started."""

    def __init__(self, board: Board, port: int = 0):
        handler = type("Handler", (_Handler,), {"board": board})
        self.board = board
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="preview-server", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.board.close()
        self.httpd.shutdown()
        self.httpd.server_close()
