"""``http(s)://`` inputs: fetch a page (or a feed) and read it like a file.

A GET with a timeout, newsgraph's user agent and retries with backoff on connection errors, 429
and 5xx. HTML pages go through trafilatura (yielded as an ``HtmlPage``, extracted where it is
analysed); RSS/Atom responses through the feed reader; plain text is taken as is. Every network or HTTP problem is a Failure naming the URL, never an exception.
"""
from __future__ import annotations

import hashlib
import os
from typing import TYPE_CHECKING, Iterator
from urllib.parse import urlparse

from newsgraph import __version__
from newsgraph.record import Article, Failure

if TYPE_CHECKING:
    from newsgraph.ingest.files import HtmlPage

USER_AGENT = f"newsgraph/{__version__} (+https://pypi.org/project/newsgraph/; news research)"
TIMEOUT = (10.0, 30.0)  # connect, read (seconds)
RETRIES = 3
MAX_BYTES = 20_000_000

_session = None


def _get_session():
    global _session
    if _session is None:
        import requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        s = requests.Session()
        retry = Retry(total=RETRIES, connect=RETRIES, read=RETRIES, backoff_factor=0.5,
                      status_forcelist=(429, 500, 502, 503, 504), allowed_methods=("GET", "HEAD"),
                      respect_retry_after_header=True, raise_on_status=False)
        s.mount("http://", HTTPAdapter(max_retries=retry))
        s.mount("https://", HTTPAdapter(max_retries=retry))
        s.headers["User-Agent"] = os.environ.get("NEWSGRAPH_USER_AGENT", USER_AGENT)
        _session = s
    return _session


def url_id(url: str) -> str:
    host = urlparse(url).hostname or "url"
    return f"{host}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:10]}"


def read_url(url: str, *, timeout: tuple[float, float] | float = TIMEOUT) -> Iterator[Article | Failure | HtmlPage]:
    """Articles from one URL; a Failure (with a short reason) for anything that goes wrong."""
    import requests

    from newsgraph.ingest.feeds import articles_from_feed, is_feed
    from newsgraph.ingest.files import HtmlPage, decode_bytes

    try:
        with _get_session().get(url, timeout=timeout, stream=True) as resp:
            if resp.status_code >= 400:
                yield Failure(origin=url, reason=f"HTTP {resp.status_code} {resp.reason or ''}".strip())
                return
            chunks, size = [], 0
            for chunk in resp.iter_content(1 << 16):
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_BYTES:
                    yield Failure(origin=url, reason=f"response larger than {MAX_BYTES:,} bytes: not an article")
                    return
            data = b"".join(chunks)
            ctype = (resp.headers.get("Content-Type") or "").lower()
            final_url = resp.url or url
            encoding = resp.encoding if "charset" in ctype else None
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
