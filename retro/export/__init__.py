"""Exports: pure renderers from the model and the drift summaries to text.

- `markdown`: the public entry points (``render_review``, ``render_sprint``, ``render_lessons``,
  ``render_team``, ``escape_md``, ``escape_cell``);
- `escape`: user text made literal in Markdown;
- `blocks`: numbers, bands, tables, task items and Mermaid charts;
- `review`, `sprint`, `lessons`, `team`: one document each.
"""
