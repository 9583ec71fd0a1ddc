"""The reading room: a local web UI and JSON API over the store (``newsgraph serve``)."""
from newsgraph.web.app import create_app

__all__ = ["create_app"]
