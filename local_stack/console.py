"""The console's static files at ``/console/`` on the local API's port, with the security headers
of template.yaml's ``ConsoleHeadersPolicy`` (CloudFront's response headers policy on AWS).

Locally the API and the console share one origin, so the CSP's ``connect-src`` is ``'self'`` alone
(on AWS it also names the API's execute-api origin). Only GET and HEAD, only files under
``console/``; anything else under the prefix is a 404 with the same headers.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from local_stack.template import ROOT, TEMPLATE, load_template

CONSOLE_DIR = ROOT / "console"
PREFIX = "/console"
POLICY = "ConsoleHeadersPolicy"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
}

Served = tuple[int, dict[str, str], bytes]


def security_headers(template: Path = TEMPLATE) -> dict[str, str]:
    """The response headers policy of the template, as headers, for a same-origin API."""
    config = load_template(template)["Resources"][POLICY]["Properties"]["ResponseHeadersPolicyConfig"]
    security = config["SecurityHeadersConfig"]
    csp: Any = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    if isinstance(csp, dict):  # !Sub [text, {ApiOrigin: ...}]: the API is 'self' here
        text, variables = csp["Fn::Sub"]
        for name in variables:
            text = text.replace(f" ${{{name}}}", "").replace(f"${{{name}}}", "")
        csp = text
    headers = {
        "Content-Security-Policy": str(csp),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": str(security["FrameOptions"]["FrameOption"]),
        "Referrer-Policy": str(security["ReferrerPolicy"]["ReferrerPolicy"]),
    }
    for item in (config.get("CustomHeadersConfig") or {}).get("Items", []):
        headers[str(item["Header"])] = str(item["Value"])
    return headers


class ConsoleFiles:
    def __init__(self, root: Path = CONSOLE_DIR, template: Path = TEMPLATE) -> None:
        self.root = root.resolve()
        self.headers = security_headers(template)

    def __call__(self, method: str, path: str) -> Served | None:
        """The answer for ``path`` if it is the console's, else None (the API's)."""
        if path != PREFIX and not path.startswith(PREFIX + "/"):
            return None
        if method not in ("GET", "HEAD"):
            return self._answer(405, b"method not allowed", "text/plain; charset=utf-8", {"Allow": "GET, HEAD"})
        if path == PREFIX:
            return self._answer(301, b"", "text/plain; charset=utf-8", {"Location": PREFIX + "/"})
        relative = path[len(PREFIX) + 1 :] or "index.html"
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root) or not target.is_file() or any(p.startswith(".") for p in target.parts):
            return self._answer(404, b"not found", "text/plain; charset=utf-8")
        kind = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return self._answer(200, target.read_bytes(), kind)

    def _answer(self, status: int, body: bytes, kind: str, extra: dict[str, str] | None = None) -> Served:
        headers = {"Content-Type": kind, "Cache-Control": "no-cache", **self.headers, **(extra or {})}
        return status, headers, body
