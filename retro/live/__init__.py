"""A live review: who is in the room (presence files in the store folder) and how an open TUI
hears of a change at once (filesystem notifications, polling where there are none).

Nothing here imports Textual: the CLI (`retro review who`) reads presence the same way the TUI
does. The pure rules are in `presence`; `beacon` reads and writes the files; `watch` watches
the store folder.
"""
