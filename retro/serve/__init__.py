"""`retro serve`: the TUI served to browsers through textual-serve.

Each browser that opens the printed URL is asked for a name, then gets its own ``retro`` app
process on the same store (as that person), so a browser participant is a terminal participant
like any other. Every request needs the server's token (`retro.serve.guard`); the pages, the
script and the fonts come from this package and from the textual-serve wheel, never from the
internet (`retro.serve.pages`); the aiohttp server is `retro.serve.server`.
"""
