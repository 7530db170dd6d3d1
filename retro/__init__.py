"""retro: after-action reviews, retrospectives and alignment sprints in the terminal."""

__version__ = "0.1.0"
