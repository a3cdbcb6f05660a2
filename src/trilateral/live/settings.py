"""Network settings: timeouts, retries and per-source endpoint overrides.

Precedence for every setting: environment variable, then the config file, then the default.
The config file is ``$TRILATERAL_CONFIG`` or ``<TRILATERAL_HOME>/config.toml``::

    [http]
    timeout = 30        # seconds, connect and read (TRILATERAL_HTTP_TIMEOUT)
    retries = 3         # extra attempts after the first (TRILATERAL_HTTP_RETRIES)
    backoff = 1.0       # base delay in seconds, doubled each retry (TRILATERAL_HTTP_BACKOFF)
    deadline = 900      # seconds for one whole download, retries included (TRILATERAL_HTTP_DEADLINE)
    max_bytes = 536870912  # cap on a body after decompression (TRILATERAL_HTTP_MAX_BYTES)
    allow_hosts = ["mirror.example.org"]  # other hosts a redirect may lead to (TRILATERAL_HTTP_ALLOW_HOSTS)

    [endpoints]
    census-country = "https://mirror.example.org/country.xlsx"   # TRILATERAL_URL_CENSUS_COUNTRY
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trilateral.config import home
from trilateral.errors import InputError

DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 1.0
DEFAULT_DEADLINE = 900.0
DEFAULT_MAX_BYTES = 512 * 1024 * 1024


def config_path() -> Path:
    env = os.environ.get("TRILATERAL_CONFIG")
    return Path(env) if env else home() / "config.toml"


def load_config() -> dict[str, Any]:
    """The parsed config file, or an empty mapping when there is none."""
    path = config_path()
    if not path.is_file():
        if os.environ.get("TRILATERAL_CONFIG"):
            raise InputError("config file not found (TRILATERAL_CONFIG)", file=path)
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid TOML: {exc}", file=path) from exc


def env_name(source_id: str) -> str:
    """``census-country`` -> ``TRILATERAL_URL_CENSUS_COUNTRY``."""
    return "TRILATERAL_URL_" + source_id.upper().replace("-", "_")


@dataclass(frozen=True)
class Endpoint:
    """The URL a source is fetched from, and what chose it (env, config or default)."""

    url: str
    chosen_by: str


def endpoint(source_id: str, default: str) -> Endpoint:
    """Resolve a source's endpoint: ``TRILATERAL_URL_<SOURCE>``, then the config file."""
    name = env_name(source_id)
    if os.environ.get(name):
        return Endpoint(os.environ[name].strip(), name)
    configured = (load_config().get("endpoints") or {}).get(source_id)
    if configured:
        return Endpoint(str(configured).strip(), f"{config_path()} [endpoints] {source_id}")
    return Endpoint(default, "default")


def _number(env: str, key: str, default: float, *, minimum: float) -> float:
    raw: object = os.environ.get(env)
    where: str | Path = env
    if raw in (None, ""):
        raw = (load_config().get("http") or {}).get(key)
        where = config_path()
        if raw is None:
            return default
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(f"not a number: {raw!r}", file=where, field=key) from None
    if value < minimum:
        raise InputError(f"must be at least {minimum:g}, got {value:g}", file=where, field=key)
    return value


def http_timeout() -> float:
    """Connect and read timeout in seconds (``TRILATERAL_HTTP_TIMEOUT``)."""
    return _number("TRILATERAL_HTTP_TIMEOUT", "timeout", DEFAULT_TIMEOUT, minimum=0.01)


def http_retries() -> int:
    """Retries after the first attempt (``TRILATERAL_HTTP_RETRIES``)."""
    return int(_number("TRILATERAL_HTTP_RETRIES", "retries", DEFAULT_RETRIES, minimum=0))


def http_backoff() -> float:
    """Base backoff delay in seconds (``TRILATERAL_HTTP_BACKOFF``)."""
    return _number("TRILATERAL_HTTP_BACKOFF", "backoff", DEFAULT_BACKOFF, minimum=0)


def http_deadline() -> float:
    """Seconds one download may take in all, retries included (``TRILATERAL_HTTP_DEADLINE``)."""
    return _number("TRILATERAL_HTTP_DEADLINE", "deadline", DEFAULT_DEADLINE, minimum=0.01)


def http_max_bytes() -> int:
    """Cap on a body's size after decompression (``TRILATERAL_HTTP_MAX_BYTES``)."""
    return int(_number("TRILATERAL_HTTP_MAX_BYTES", "max_bytes", DEFAULT_MAX_BYTES, minimum=1))


def allowed_hosts() -> frozenset[str]:
    """Hosts a redirect may lead to besides the requested one (``TRILATERAL_HTTP_ALLOW_HOSTS``,
    comma-separated, or ``[http] allow_hosts``). Nothing else is followed."""
    env = os.environ.get("TRILATERAL_HTTP_ALLOW_HOSTS")
    if env is not None:
        return frozenset(h.strip().lower() for h in env.split(",") if h.strip())
    configured = (load_config().get("http") or {}).get("allow_hosts") or []
    if not isinstance(configured, list):
        raise InputError("must be a list of host names", file=config_path(), field="allow_hosts")
    return frozenset(str(h).strip().lower() for h in configured)
