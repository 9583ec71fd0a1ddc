"""``newsgraph serve``: the reading room (web UI and JSON API) over a store, read-only."""
from __future__ import annotations

import ipaddress
import os
import socket

import click

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    h = host.strip("[]")
    if h.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        pass
    try:  # a name: loopback only if every address it resolves to is
        addrs = {info[4][0] for info in socket.getaddrinfo(h, None)}
    except OSError:
        return False
    return bool(addrs) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addrs)


def loopback_hosts(host: str) -> list[str]:
    """Host header names (port aside) a browser sends for this server when it is bound to loopback."""
    own = host.lower() if ":" not in host else f"[{host.strip('[]').lower()}]"
    return sorted({"localhost", "127.0.0.1", "[::1]", own})


@click.command()
@click.option("--db", "db", default="newsgraph.db", show_default=True, type=click.Path(dir_okay=False),
              help="the store to serve (opened read-only; an ingest may write to it meanwhile)")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to bind; anything but loopback needs --token")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", default=None, envvar="NEWSGRAPH_TOKEN", show_envvar=True,
              help="require 'Authorization: Bearer TOKEN' on every request (a browser: open any page once "
                   "with ?token=TOKEN)")
@click.option("--map/--no-map", "fetch_map", default=True, show_default=True,
              help="fetch the world outline (npm package world-atlas) and the map and chart libraries (Leaflet, Leaflet.markercluster, uPlot) from the npm registry on first start if they are not cached")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="server processes (each opens the database read-only)")
def serve(db: str, host: str, port: int, token: str | None, fetch_map: bool, workers: int) -> None:
    """Serve the reading room: pages for articles, speakers, places, search and a timeline, and a
    JSON API under /api (schema at /api/openapi.json)."""
    import uvicorn

    from newsgraph.store.schema import StoreError
    from newsgraph.web import create_app, worldmap

    token = token or None
    loopback = is_loopback(host)
    if not loopback and not token:
        raise click.UsageError(
            f"refusing to serve on {host}, which is not a loopback address, without a token: anyone who can "
            f"reach it could read the database. Pass --token T (or set NEWSGRAPH_TOKEN), or bind 127.0.0.1.")
    if fetch_map:
        why = worldmap.ensure_outline()
        if why:
            click.echo(f"map: no country outlines ({why}); markers only", err=True)
        from newsgraph.web import vendor

        why = vendor.ensure()  # Leaflet, Leaflet.markercluster, uPlot from the npm registry, once
        if why:
            click.echo(f"map and timeline: the browser libraries could not be fetched ({why}); "
                       "the pages show lists instead", err=True)
    allowed = loopback_hosts(host) if loopback and not token else None
    try:
        app = create_app(db, token=token, allowed_hosts=allowed)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    except ValueError as exc:  # a token too short
        raise click.UsageError(f"--token: {exc}") from None
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"newsgraph: serving {db} at http://{shown}:{port}/" + ("  (token required)" if token else ""),
               err=True)
    log_level = os.environ.get("NEWSGRAPH_LOG_LEVEL", "warning")
    if workers > 1:
        # each worker builds its own app from these settings (passed by environment, not argv,
        # so the token does not show in the process list)
        import json

        from newsgraph.web.app import CONFIG_ENV

        os.environ[CONFIG_ENV] = json.dumps({"db": str(db), "token": token, "allowed_hosts": allowed})
        uvicorn.run("newsgraph.web.app:app_from_env", factory=True, workers=workers, host=host, port=port,
                    log_level=log_level, access_log=False)
    else:
        uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False)
