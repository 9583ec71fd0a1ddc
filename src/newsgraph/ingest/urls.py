"""``http(s)://`` inputs: fetch a page (or a feed) and read it like a file.

A GET with newsgraph's user agent, retries with backoff on connection errors, 429 and 5xx, and
redirects followed here (at most 5; never from a public address to a private or loopback one), all
within one deadline per URL (``Limits.seconds``) and one size limit (``Limits.max_bytes``). HTML pages go through trafilatura (yielded as an ``HtmlPage``, extracted where it is
analysed); RSS/Atom responses through the feed reader; plain text is taken as is. Every network or HTTP problem is a Failure naming the URL, never an exception.
"""
from __future__ import annotations

import hashlib
import os
import time
from typing import TYPE_CHECKING, Iterator
from urllib.parse import urljoin, urlparse

from newsgraph import __version__
from newsgraph.ingest.guard import DEFAULT, BoundedFile, Limits, TooLarge, TooSlow
from newsgraph.record import Article, Failure

if TYPE_CHECKING:
    from newsgraph.ingest.files import HtmlPage

USER_AGENT = f"newsgraph/{__version__} (+https://pypi.org/project/newsgraph/; news research)"
TIMEOUT = (10.0, 30.0)  # connect, read (seconds): each capped by the URL's overall deadline (Limits.seconds)
RETRIES = 3
MAX_REDIRECTS = 5
MAX_BYTES = 20_000_000  # the default of Limits.max_bytes
_RETRY_STATUS = (429, 500, 502, 503, 504)
_REDIRECT_STATUS = (301, 302, 303, 307, 308)

_session = None


def _get_session():
    global _session
    if _session is None:
        import requests

        s = requests.Session()  # retries and redirects are ours (read_url): each is checked and timed
        s.headers["User-Agent"] = os.environ.get("NEWSGRAPH_USER_AGENT", USER_AGENT)
        _session = s
    return _session


def url_id(url: str) -> str:
    host = urlparse(url).hostname or "url"
    return f"{host}-{hashlib.sha1(url.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"


def is_public(host: str) -> bool:
    """Whether every address ``host`` resolves to is a public one (not loopback, private, link-local,
    reserved, multicast); a name that does not resolve counts as public (the fetch fails anyway)."""
    import ipaddress
    import socket

    try:
        addrs = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return True
    for a in addrs:
        ip = ipaddress.ip_address(a.split("%")[0])
        if (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast
                or ip.is_unspecified):
            return False
    return True


class _Refused(Exception):
    """A fetch newsgraph will not make (a redirect to a private address, to another scheme)."""


def _fetch(url: str, timeout, limits: Limits, deadline: float) -> tuple[int, str, str, bytes, str | None, str]:
    """(status, reason, content type, body, charset, final url) of ``url`` after redirects, retries and the
    deadline; raises requests' errors, _Refused, TooLarge or TooSlow."""
    import requests

    connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
    start_public = is_public(urlparse(url).hostname or "")
    current, hops, attempt = url, 0, 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TooSlow(f"URL not read within {limits.seconds:g} s (limit: --read-timeout)")
        try:
            with _get_session().get(current, timeout=(min(connect, left), min(read, left)), stream=True,
                                    allow_redirects=False) as resp:
                if resp.status_code in _REDIRECT_STATUS and resp.headers.get("Location"):
                    hops += 1
                    if hops > MAX_REDIRECTS:
                        raise requests.exceptions.TooManyRedirects()
                    nxt = urljoin(current, resp.headers["Location"])
                    parts = urlparse(nxt)
                    if parts.scheme not in ("http", "https"):
                        raise _Refused(f"a redirect to a {parts.scheme or 'relative'}: URL refused")
                    if start_public and not is_public(parts.hostname or ""):
                        raise _Refused(f"a redirect to a private or loopback address refused ({parts.hostname})")
                    current = nxt
                    continue
                if resp.status_code in _RETRY_STATUS and attempt < RETRIES:
                    attempt += 1
                    wait = _retry_after(resp.headers.get("Retry-After"), attempt)
                    if time.monotonic() + wait >= deadline:
                        return resp.status_code, resp.reason or "", "", b"", None, current
                    time.sleep(wait)
                    continue
                if resp.status_code >= 400:
                    return resp.status_code, resp.reason or "", "", b"", None, current
                body = BoundedFile(resp.raw, limits, "response")
                body.deadline = deadline
                chunks = []
                read1 = getattr(resp.raw, "read1", None)
                while True:  # read1: whatever has arrived, so a server that drips bytes meets the deadline
                    chunk = read1(1 << 16, decode_content=True) if read1 else resp.raw.read(8192, decode_content=True)
                    body.check(len(chunk))
                    if not chunk:
                        break
                    chunks.append(chunk)
                ctype = resp.headers.get("Content-Type") or ""
                return resp.status_code, resp.reason or "", ctype, b"".join(chunks), \
                    (resp.encoding if "charset" in ctype.lower() else None), resp.url or current
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout):
            if attempt >= RETRIES or time.monotonic() + _retry_after(None, attempt + 1) >= deadline:
                raise
            attempt += 1
            time.sleep(_retry_after(None, attempt))


def _retry_after(header: str | None, attempt: int) -> float:
    try:
        return min(float(header), 30.0) if header else 0.5 * 2 ** (attempt - 1)
    except ValueError:
        return 0.5 * 2 ** (attempt - 1)


def read_url(url: str, *, timeout: tuple[float, float] | float = TIMEOUT,
             limits: Limits = DEFAULT) -> Iterator[Article | Failure | HtmlPage]:
    """Articles from one URL; a Failure (with a short reason) for anything that goes wrong. The whole
    fetch (redirects, retries, the body) ends within ``limits.seconds``; its body is at most
    ``limits.max_bytes``; a redirect from a public address to a private or loopback one is refused."""
    import requests

    from newsgraph.ingest.feeds import articles_from_feed, is_feed
    from newsgraph.ingest.files import HtmlPage, decode_bytes

    try:
        got = _fetch(url, timeout, limits, time.monotonic() + limits.seconds)
    except (TooLarge, TooSlow) as exc:
        yield Failure(origin=url, reason=str(exc))
        return
    except _Refused as exc:
        yield Failure(origin=url, reason=f"network error: {exc}")
        return
    except requests.exceptions.Timeout:
        yield Failure(origin=url, reason=f"network error: timed out after {RETRIES} retries")
        return
    except requests.exceptions.TooManyRedirects:
        yield Failure(origin=url, reason="network error: too many redirects")
        return
    except requests.exceptions.ConnectionError as exc:
        root = exc.args[0] if exc.args else exc
        why = getattr(root, "reason", None) or root
        yield Failure(origin=url, reason=f"network error: cannot connect ({str(why).split(': ', 1)[-1][:200]})")
        return
    except requests.exceptions.RequestException as exc:
        yield Failure(origin=url, reason=f"network error: {exc.__class__.__name__}: {str(exc)[:200]}")
        return
    status, why, ctype, data = got[:4]
    if status >= 400:
        yield Failure(origin=url, reason=f"HTTP {status} {why}".strip())
        return
    encoding, final_url = got[4], got[5]
    ctype = ctype.lower()
    if not data.strip():
        yield Failure(origin=url, reason="empty response")
        return
    if "xml" in ctype or "rss" in ctype or "atom" in ctype:
        if is_feed(data):
            yield from articles_from_feed(data, origin=url, stem=urlparse(url).hostname or "feed")
            return
    text = None
    if encoding:
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            text = None
    text = text if text is not None else decode_bytes(data)
    if text is None:
        yield Failure(origin=url, reason=f"not text (Content-Type {ctype or 'unknown'})")
        return
    if "html" in ctype or text.lstrip()[:1] == "<":  # extracted later (HtmlPage.extract), as a file's page
        yield HtmlPage(html=text, origin=url, id=url_id(final_url), url=final_url, kind="url")
        return
    yield Article(id=url_id(final_url), text=text, url=final_url, source=urlparse(final_url).hostname or url)
