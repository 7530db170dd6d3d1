"""What the TUI shows, read from the store without Textual: one consistent `Snapshot` of the
store (`snapshot`), what it builds later (`full`) and the index's answers it is made from
(`dashboard`). The screens only receive snapshots; they never read store files themselves.
"""
