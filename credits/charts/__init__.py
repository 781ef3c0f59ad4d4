"""
Pictures of credits, each drawn as SVG by a template under `templates/charts/`
beside a table holding the same facts: who appears in which episode of a
season (`grid`), in which episodes of its series a character appears
(`strip`), and how many episodes a person directed, wrote and appeared in,
season by season (`work`). Each module holds a chart's facts and where they
are drawn; callers give only the credits a reader has reached, and each chart
says how far that is.
"""

from credits.charts.grid import appearance_grid
from credits.charts.strip import appearance_strip
from credits.charts.work import person_work

__all__ = ["appearance_grid", "appearance_strip", "person_work"]
