"""`retro serve`: the TUI for browsers, behind a token."""

from __future__ import annotations

import socket

import click

from retro.cli import params
from retro.cli.base import Env, pass_env


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="The port to listen on (0: any free port).",
)
@click.option(
    "--token",
    envvar="RETRO_SERVE_TOKEN",
    metavar="TOKEN",
    help="The token every request must carry (default: a new random one).",
)
@click.option(
    "--review",
    "review",
    metavar="ID",
    type=params.IdType("r"),
    help="Open every participant straight on this review's board.",
)
@pass_env
def serve(env: Env, host: str, port: int, token: str | None, review: str | None) -> None:
    """Serve the TUI to browsers: each participant gets their own board on this store.

    Prints an address carrying a random token; every request without it is refused. Each
    browser is asked for a name, which its cards and votes carry. Listens on this machine
    only unless --host says otherwise; see docs/serve.md for remote reviews (SSH tunnel).

    \b
    Examples:
      retro serve --review r7kq
      retro serve --host 0.0.0.0 --port 8080
      ssh -L 8000:localhost:8000 team-host   # then open the printed address
    """
    from retro.serve import guard

    token = guard.checked_token(token)
    store = env.store
    from retro.serve.server import RetroServer, setup_logging

    server = RetroServer(
        store=store.path.resolve(), token=token, host=host, port=port, review=review
    )

    shown = env.short(review) if review else None

    def ready(bound: int) -> None:
        click.echo(f"retro serve: {store.path.resolve()}" + (f", review {shown}" if shown else ""))
        for url in addresses(host, bound, token):
            click.echo(f"    {url}")
        if not guard.is_loopback(host):
            click.echo(
                "Anyone who can reach this machine and has the address can join, unencrypted: "
                "prefer an SSH tunnel (docs/serve.md)."
            )
        click.echo("Open the address in a browser; Ctrl+C stops the server.", err=False)

    import asyncio

    setup_logging()
    asyncio.run(server.run(ready))


def addresses(host: str, port: int, token: str) -> list[str]:
    """The addresses to open, each with the token."""
    from urllib.parse import urlencode

    from retro.serve.guard import is_wildcard

    query = urlencode({"token": token})
    hosts = [socket.gethostname(), "127.0.0.1"] if is_wildcard(host) else [host]
    return [f"http://{_bracket(h)}:{port}/?{query}" for h in hosts]


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
