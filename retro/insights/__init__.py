"""The drift engine's modules; import from `retro.drift`, the public path, not from here.

- `core`: the definitions of DESIGN.md ("Drift — the heart of the product"), one function each;
- `calibration`: how well stated confidence predicted outcomes (Brier scores);
- `words`: drift in words, the sentences and signed numbers a person reads;
- `patterns`: what drift looks like over time (trends, recurring themes, stale actions);
- `summary`: summaries of a sprint, a review and a team, ready for the CLI, TUI and export.
"""
