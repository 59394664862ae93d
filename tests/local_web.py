"""A small web server on 127.0.0.1 for feed and page tests: fixed routes, a request log, no internet."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: str | bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    """Extra response headers, e.g. Location for a redirect or Content-Encoding for a compressed body."""
    drip_s: float = 0.0
    """When set, the body is sent one byte every ``drip_s`` seconds (a slow-drip server); it ends with the body
    or when the client hangs up."""


@dataclass
class Request:
    path: str
    user_agent: str
    at: float


@dataclass
class LocalWeb:
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[Request] = field(default_factory=list)
    base: str = ""

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def requests_for(self, path: str) -> list[Request]:
        return [request for request in self.log if request.path == path]


def serve(web: LocalWeb, *, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """Start serving ``web.routes`` on a free port of ``host`` (any 127.x.y.z on Linux); ``web.base`` is its URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            web.log.append(Request(self.path, self.headers.get("User-Agent", ""), time.monotonic()))
            route = web.routes.get(self.path)
            if route is None:
                route = Route("not found", status=404, content_type="text/plain")
            time.sleep(route.delay_s)
            body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
            try:
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if route.drip_s:
                    self._drip(body, route.drip_s)
                else:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                pass

        def _drip(self, body: bytes, every_s: float) -> None:
            for index in range(len(body)):
                self.wfile.write(body[index : index + 1])
                self.wfile.flush()
                time.sleep(every_s)

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    web.base = f"http://{host}:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
