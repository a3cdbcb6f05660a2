"""Live refresh from the official publishers.

>>> from trilateral import live
>>> report = live.refresh(["census-country"])      # doctest: +SKIP
>>> report.to_dict()["sources"][0]["status"]       # doctest: +SKIP
'refreshed'

Everything goes through one :class:`~trilateral.live.transport.Transport` (pass your own, e.g.
built on ``httpx.MockTransport``, to test offline). Endpoints can be overridden per source with
``TRILATERAL_URL_<SOURCE>`` or the config file (see :mod:`trilateral.live.settings`).
"""

from trilateral.live.connectors import Connector, Fetched, registry
from trilateral.live.refresh import Outcome, RefreshReport, refresh
from trilateral.live.transport import Download, RetryPolicy, Transport

__all__ = ["Connector", "Download", "Fetched", "Outcome", "RefreshReport", "RetryPolicy",
           "Transport", "refresh", "registry"]
