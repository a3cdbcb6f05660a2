"""trilateral: an open, reproducible observatory of North American integration.

Six competing paths of integration among the United States, Canada and Mexico, tested against
real public data, with verdicts, uncertainty, traceable evidence and backtested forecasts.
"""

__version__ = "0.1.0"
