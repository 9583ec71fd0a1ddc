"""The outlet's country, from the article's web address: 'https://www.independent.ie/...' is an Irish
outlet, 'https://www.cbc.ca/...' a Canadian one. Only a country-code domain tells it ('.com', '.org' and
the two-letter domains sold worldwide — '.tv', '.io', '.co', the ``generic_country_domains`` list — say
nothing). Resolution counts it as a small vote for that country (``resolve.W_OUTLET``)."""
from __future__ import annotations

from urllib.parse import urlsplit

from newsgraph.extract.places.words import words

GENERIC = words("generic_country_domains")


def outlet_country(url: str | None) -> str | None:
    """The ISO 3166 code of the outlet's country ('http://www.independent.ie/a' -> 'IE', '.co.uk' -> 'GB'),
    or None (no address, a generic domain, an address that does not parse)."""
    if not url or not isinstance(url, str):
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return None
    tld = host.rstrip(".").rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(tld) != 2 or not tld.isalpha() or tld in GENERIC:
        return None
    return "GB" if tld == "uk" else tld.upper()
