"""The outlook: forecasts with calibrated intervals, signposts, the path index, questions, replay.

>>> from trilateral import outlook
>>> o = outlook.run(as_of="2006-03-31", horizon=2016)      # doctest: +SKIP
>>> o.scores()["overall"]["coverage_80"]                     # doctest: +SKIP
>>> b = outlook.backtest(start=2000, end=2018)               # doctest: +SKIP

:func:`run` projects the key series (:mod:`.targets`) with ETS models weighted by AICc
(:mod:`.forecast`, :mod:`.models`; configurations in :mod:`.options`), reads the signposts
(:mod:`.signposts`) and sums verdicts, momentum and signposts into a normalised evidence index
of the paths (:mod:`.pathindex`, not a probability). Trade intervals are calibrated on the
backtest's own errors (:mod:`.calibrate`) and jump off the latest monthly data (:mod:`.nowcast`);
:mod:`.questions` keeps resolvable forecast questions. :func:`backtest` repeats the
forecasts from rolling origins using only what was public at each (:mod:`.backtest`);
:func:`after_cancun` replays 31 March 2006 (:mod:`.replay`). See docs/method.md, "Outlook".
"""

from __future__ import annotations

from trilateral.outlook.backtest import Backtest, backtest
from trilateral.outlook.core import DEFAULT_HORIZON, Outlook, run
from trilateral.outlook.replay import CANCUN, after_cancun

__all__ = ["CANCUN", "DEFAULT_HORIZON", "Backtest", "Outlook", "after_cancun", "backtest", "run"]
