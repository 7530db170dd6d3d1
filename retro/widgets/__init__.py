"""Reusable widgets of the TUI: drift bars, the phase bar, the card board, the plan chart."""
