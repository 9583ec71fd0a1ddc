"""Access control and response hardening, as one pure ASGI middleware (no per-request task hop).

- With a token set, every request needs ``Authorization: Bearer <token>``; a browser may instead
  open any page once with ``?token=<token>``: the server answers with a redirect to the same URL
  without it and sets an HttpOnly, SameSite=Strict cookie that carries the token from then on.
- With ``allowed_hosts`` (the server sets it when bound to loopback), a request whose Host header
  names another host is refused, so a web page elsewhere cannot reach the server through DNS
  rebinding. A request with two Host headers is refused always.
- A token shorter than MIN_TOKEN_CHARS is refused when the app is built.
- Every response carries a strict Content-Security-Policy (scripts and styles from this server
  only, no inline script), nosniff, no framing and no referrer.
"""
from __future__ import annotations

import hmac
import json
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, quote, unquote, urlencode

COOKIE = "newsgraph_token"
MIN_TOKEN_CHARS = 16  # a shorter token is guessed too easily: refused (`serve --token a` was accepted)
# What may stay as it is in the path of the login redirect; everything else (a backslash, which
# browsers read as "/", CR/LF, non-ASCII letters) is percent-encoded.
_PATH_SAFE = "/-._~!$&'()*+,;=:@"

SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
     b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


def check_token(token: str | None) -> None:
    """Raise ValueError for a token too short to protect anything."""
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise ValueError(f"the token must be at least {MIN_TOKEN_CHARS} characters long (got {len(token)}); "
                         "e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(24))'")


def redirect_path(path: str) -> str:
    """The on-site path to send a browser to after the token login: one leading slash ("//host" and
    "/\\host" would leave the site), percent-encoded (ASCII only: no CR/LF can end the header)."""
    return "/" + quote(path.lstrip("/\\"), safe=_PATH_SAFE)


class Guard:
    def __init__(self, app, token: str | None = None, allowed_hosts: list[str] | None = None):
        check_token(token)
        self.app = app
        self.token = token.encode() if token else None
        self.allowed = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        raw = scope.get("headers", [])
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw}

        async def send_secured(message):
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        if sum(1 for k, _ in raw if k.lower() == b"host") > 1:  # the guard and the app could read different ones
            return await _reply(send_secured, 400, {"detail": "more than one Host header"})
        if self.allowed is not None and _host(headers.get("host", "")) not in self.allowed:
            return await _reply(send_secured, 400, {"detail": "unknown Host header; open the server by the "
                                                              "address it was started on"})
        if self.token is None:
            return await self.app(scope, receive, send_secured)

        query = scope.get("query_string", b"").decode("latin-1")
        pairs = parse_qsl(query, keep_blank_values=True)
        given = next((v for k, v in pairs if k == "token"), None)
        if given is not None and scope.get("method") == "GET":
            if not hmac.compare_digest(given.encode(), self.token):
                return await _reply(send_secured, 401, {"detail": "wrong token"}, auth=True)
            rest = urlencode([(k, v) for k, v in pairs if k != "token"])
            location = redirect_path(scope.get("root_path", "") + scope["path"]) + (f"?{rest}" if rest else "")
            cookie = f"{COOKIE}={quote(given, safe='')}; HttpOnly; SameSite=Strict; Path=/"
            return await _raw(send_secured, 303, b"", [(b"location", location.encode("ascii")),
                                                        (b"set-cookie", cookie.encode("ascii"))])
        if self._authorised(headers):
            return await self.app(scope, receive, send_secured)
        return await _reply(send_secured, 401, {"detail": "this server needs a token: send 'Authorization: Bearer "
                                                          "<token>', or open any page once with ?token=<token>"},
                            auth=True)

    def _authorised(self, headers: dict[str, str]) -> bool:
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer " and hmac.compare_digest(auth[7:].strip().encode("latin-1"), self.token):
            return True
        if "cookie" in headers:
            c = SimpleCookie()
            try:
                c.load(headers["cookie"])
            except Exception:  # a malformed Cookie header is simply no cookie
                return False
            if COOKIE in c and hmac.compare_digest(unquote(c[COOKIE].value).encode(), self.token):
                return True
        return False


def _host(h: str) -> str:
    h = h.strip().lower()
    if h.startswith("["):
        return h[: h.find("]") + 1] if "]" in h else h
    return h.rsplit(":", 1)[0] if ":" in h else h


async def _reply(send, status: int, body: dict, auth: bool = False) -> None:
    extra = [(b"www-authenticate", b'Bearer realm="newsgraph"')] if auth else []
    await _raw(send, status, json.dumps(body).encode(), [(b"content-type", b"application/json")] + extra)


async def _raw(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": headers + [(b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
