"""The one network transport: every byte trilateral downloads goes through :class:`Transport`.

It wraps an ``httpx.Client`` (tests inject their own, e.g. with ``httpx.MockTransport``) and adds

* connect/read timeouts from ``TRILATERAL_HTTP_TIMEOUT``;
* retries with exponential backoff and jitter on timeouts, dropped connections, truncated
  bodies, 429 and 5xx; ``Retry-After`` (seconds or an HTTP date) is honoured on 429 and 503;
* a check that the body is as long as ``Content-Length`` said, and of an expected content type;
* redirects followed only on the requested host (or ``TRILATERAL_HTTP_ALLOW_HOSTS``), never
  from https to http, at most :data:`MAX_REDIRECTS`; the final URL is the one recorded;
* a cap on the body after decompression (``TRILATERAL_HTTP_MAX_BYTES``) and an overall
  deadline per download, retries included (``TRILATERAL_HTTP_DEADLINE``); a body that is cut
  off, over the cap or late is deleted, never cached;
* the on-disk cache with conditional requests (:mod:`trilateral.live.cache`);
* a progress bar on stderr when stderr is a terminal.

Failures raise :class:`~trilateral.errors.FetchError` with the URL (secrets redacted).
"""

from __future__ import annotations

import email.utils
import random
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from trilateral import __version__
from trilateral.errors import FetchError
from trilateral.live import settings
from trilateral.live.cache import CacheEntry, HttpCache

CLIENT = f"httpx/{httpx.__version__}"
RETRY_STATUS = {429, 500, 502, 503, 504}
REDIRECT_STATUS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
SECRET_PARAMS = {"token", "key", "apikey", "api_key", "subscription-key", "access_token"}


def redact(url: str, secrets: Iterable[str] = ()) -> str:
    """``url`` with secrets (tokens in the path, keys in the query) replaced by ``***``."""
    for secret in secrets:
        if secret:
            url = url.replace(secret, "***")
    parts = urllib.parse.urlsplit(url)
    if not parts.query:
        return url
    query = [(k, "***" if k.lower() in SECRET_PARAMS else v)
             for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query, safe="*:,")))


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Parse ``Retry-After``: delta seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait: ``backoff * 2**attempt``, jittered, capped."""

    retries: int = settings.DEFAULT_RETRIES
    backoff: float = settings.DEFAULT_BACKOFF
    max_delay: float = 60.0

    @classmethod
    def from_settings(cls) -> RetryPolicy:
        return cls(retries=settings.http_retries(), backoff=settings.http_backoff())

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        if retry_after is not None:
            return retry_after
        base = min(self.max_delay, self.backoff * 2 ** attempt)
        return base * random.uniform(0.5, 1.0)


@dataclass
class Download:
    """A body on disk, with where it came from and how it was received."""

    url: str
    path: Path
    sha256: str
    size: int
    content_type: str
    status: int
    from_cache: bool
    attempts: int
    client: str = CLIENT
    etag: str = ""
    last_modified: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"url": self.url, "path": str(self.path), "sha256": self.sha256,
                "bytes": self.size, "content_type": self.content_type, "status": self.status,
                "from_cache": self.from_cache, "attempts": self.attempts, "client": self.client}


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass
class _Request:
    url: str
    shown: str
    headers: dict[str, str]
    accept: tuple[str, ...]
    entry: CacheEntry | None
    label: str
    source: str | None
    attempts: int = 0
    errors: list[str] = field(default_factory=list)
    final: str = ""  # the URL the body came from after redirects (redacted)
    deadline: float = float("inf")  # time.monotonic() by which the download must be done


class Transport:
    """Downloads with timeouts, retries, cache and checks. Use as a context manager."""

    def __init__(self, *, timeout: float | None = None, policy: RetryPolicy | None = None,
                 cache: HttpCache | None | bool = True, client: httpx.Client | None = None,
                 progress: bool | None = None, sleep: Callable[[float], None] = time.sleep
                 ) -> None:
        self.timeout = settings.http_timeout() if timeout is None else timeout
        self.policy = policy or RetryPolicy.from_settings()
        self.cache = HttpCache() if cache is True else (cache or None)
        self.client = client or httpx.Client(timeout=httpx.Timeout(self.timeout),
                                             follow_redirects=False)
        self.deadline = settings.http_deadline()
        self.max_bytes = settings.http_max_bytes()
        self.allow_hosts = settings.allowed_hosts()
        self.secrets: tuple[str, ...] = ()
        self.progress = sys.stderr.isatty() if progress is None else progress
        self.sleep = sleep
        self.headers = {"User-Agent": f"trilateral/{__version__} ({CLIENT})"}

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # ------------------------------------------------------------ public
    def download(self, url: str, *, accept: Iterable[str] = (), headers: Mapping[str, str] | None
                 = None, params: Mapping[str, Any] | None = None, secrets: Iterable[str] = (),
                 label: str = "", source: str | None = None) -> Download:
        """Fetch ``url`` to a file (in the cache), retrying transient faults."""
        try:
            full = str(httpx.URL(url, params=params)) if params else str(httpx.URL(url))
        except (httpx.InvalidURL, ValueError, TypeError) as exc:
            raise FetchError(f"malformed URL ({_short(exc)})", url=redact(str(url), secrets),
                             source=source) from None
        if httpx.URL(full).scheme not in ("https", "http") or not httpx.URL(full).host:
            raise FetchError("malformed URL (not an http or https address with a host)",
                             url=redact(full, secrets), source=source)
        self.secrets = tuple(secrets)
        shown = redact(full, secrets)
        entry = self.cache.lookup(full) if self.cache else None
        req = _Request(full, shown, {**self.headers, **(headers or {})}, tuple(accept), entry,
                       label or shown, source)
        if entry is not None:
            req.headers.update(entry.conditional_headers())
        req.deadline = time.monotonic() + self.deadline
        return self._with_retries(req)

    def get_json(self, url: str, **kwargs: Any) -> Any:
        """Download and decode a JSON document; a body that is not JSON is a FetchError."""
        import json

        got = self.download(url, **kwargs)
        try:
            return json.loads(got.path.read_bytes())
        except (ValueError, UnicodeDecodeError) as exc:
            raise FetchError(f"the response is not JSON ({exc})", url=got.url,
                             source=kwargs.get("source")) from exc

    # ------------------------------------------------------------ attempts
    def _with_retries(self, req: _Request) -> Download:
        for attempt in range(self.policy.retries + 1):
            req.attempts = attempt + 1
            try:
                return self._attempt(req)
            except _Retryable as exc:
                req.errors.append(exc.reason)
                if attempt == self.policy.retries:
                    break
                wait = self.policy.delay(attempt, exc.retry_after)
                if wait > self.policy.max_delay:
                    raise FetchError(f"{exc.reason}; the server asks to retry after {wait:.0f} s, "
                                     "try again later", url=req.shown, source=req.source) from None
                if time.monotonic() + wait > req.deadline:
                    raise FetchError(f"{exc.reason}; no time left before the deadline of "
                                     f"{self.deadline:g} s (TRILATERAL_HTTP_DEADLINE)",
                                     url=req.shown, source=req.source) from None
                self.sleep(wait)
        tries = f"{req.attempts} attempt" + ("s" if req.attempts > 1 else "")
        raise FetchError(f"{req.errors[-1]} ({tries})", url=req.shown, source=req.source)

    def _attempt(self, req: _Request) -> Download:
        url = req.url
        headers = dict(req.headers)
        try:
            for _ in range(MAX_REDIRECTS + 1):
                with self.client.stream("GET", url, headers=headers,
                                        follow_redirects=False) as response:
                    if response.status_code not in REDIRECT_STATUS:
                        req.final = redact(url, self.secrets)
                        return self._receive(req, response)
                    url = self._redirect(req, url, response)
                headers = {k: v for k, v in headers.items()
                           if k not in ("If-None-Match", "If-Modified-Since")}
            raise FetchError(f"more than {MAX_REDIRECTS} redirects (a redirect loop?)",
                             url=req.shown, source=req.source)
        except httpx.TimeoutException:
            raise _Retryable(f"timed out after {self.timeout:g} s (TRILATERAL_HTTP_TIMEOUT)"
                             ) from None
        except httpx.UnsupportedProtocol as exc:
            raise FetchError(f"unsupported address ({_short(exc)})", url=req.shown,
                             source=req.source) from None
        except httpx.ConnectError as exc:
            raise _Retryable(f"cannot connect, is the network down? ({_short(exc)})") from None
        except httpx.RemoteProtocolError as exc:
            raise _Retryable(f"connection closed early, body truncated ({_short(exc)})") from None
        except httpx.DecodingError as exc:
            raise FetchError(f"the body cannot be decompressed ({_short(exc)})", url=req.shown,
                             source=req.source) from None
        except httpx.TransportError as exc:
            raise _Retryable(f"network error ({type(exc).__name__}: {_short(exc)})") from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise FetchError(f"HTTP error ({type(exc).__name__}: {_short(exc)})", url=req.shown,
                             source=req.source) from None

    def _redirect(self, req: _Request, url: str, response: httpx.Response) -> str:
        """The next URL of a redirect, if it stays on the host (or the allow-list) and on https."""
        location = response.headers.get("Location", "")
        try:
            nxt = httpx.URL(url).join(location)
        except (httpx.InvalidURL, ValueError) as exc:
            raise FetchError(f"malformed redirect Location ({_short(exc)})", url=req.shown,
                             source=req.source) from None
        here = httpx.URL(url)
        origin = httpx.URL(req.url).host.lower()
        shown = redact(str(nxt), self.secrets)
        if not location or nxt.scheme not in ("http", "https"):
            raise FetchError(f"redirect to {shown!r} refused: not an http(s) address",
                             url=req.shown, source=req.source)
        if here.scheme == "https" and nxt.scheme != "https":
            raise FetchError(f"redirect to {shown} refused: it downgrades https to http",
                             url=req.shown, source=req.source)
        if nxt.host.lower() != origin and nxt.host.lower() not in self.allow_hosts:
            raise FetchError(f"redirect to {shown} refused: host {nxt.host} is not the "
                             "publisher's (allow it with TRILATERAL_HTTP_ALLOW_HOSTS)",
                             url=req.shown, source=req.source)
        return str(nxt)

    def _receive(self, req: _Request, response: httpx.Response) -> Download:
        status = response.status_code
        if status == 304 and req.entry is not None:
            return self._from_cache(req, req.entry)
        if status in RETRY_STATUS:
            wait = retry_after_seconds(response.headers.get("Retry-After")) \
                if status in (429, 503) else None
            raise _Retryable(f"HTTP {status} {response.reason_phrase}".strip(), wait)
        if status >= 400 or status == 304:
            raise FetchError(f"HTTP {status} {response.reason_phrase}".strip(), url=req.shown,
                             source=req.source)
        ctype = _content_type(response)
        if req.accept and ctype not in req.accept:
            raise FetchError(f"unexpected content type {ctype or '(none)'!r}; expected "
                             f"{' or '.join(req.accept)}", url=req.shown, source=req.source)
        return self._save(req, response, ctype)

    def _save(self, req: _Request, response: httpx.Response, ctype: str) -> Download:
        cache = self.cache or HttpCache(_scratch_root())
        part = cache.scratch()
        try:
            written = 0
            with part.open("wb") as fh, self._bar(req.label, response) as advance:
                for chunk in response.iter_bytes():
                    written += len(chunk)
                    self._within_limits(req, written)
                    fh.write(chunk)
                    advance(len(chunk))
            _check_length(response, written)
            entry = cache.store(req.url, req.shown, part, content_type=ctype,
                                etag=response.headers.get("ETag", ""),
                                last_modified=response.headers.get("Last-Modified", ""))
        finally:
            part.unlink(missing_ok=True)
        return Download(req.final or req.shown, entry.body, entry.sha256, entry.size, ctype,
                        response.status_code, False, req.attempts, etag=entry.etag,
                        last_modified=entry.last_modified)

    def _within_limits(self, req: _Request, written: int) -> None:
        if written > self.max_bytes:
            raise FetchError(f"body larger than the cap of {self.max_bytes} bytes after "
                             "decompression (TRILATERAL_HTTP_MAX_BYTES); nothing was kept",
                             url=req.shown, source=req.source)
        if time.monotonic() > req.deadline:
            raise FetchError(f"download not finished within the deadline of {self.deadline:g} s "
                             "(TRILATERAL_HTTP_DEADLINE); nothing was kept", url=req.shown,
                             source=req.source)

    def _from_cache(self, req: _Request, entry: CacheEntry) -> Download:
        return Download(req.shown, entry.body, entry.sha256, entry.size, entry.content_type, 304,
                        True, req.attempts, etag=entry.etag, last_modified=entry.last_modified)

    @contextmanager
    def _bar(self, label: str, response: httpx.Response) -> Iterator[Callable[[int], None]]:
        if not self.progress:
            yield lambda n: None
            return
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TransferSpeedColumn,
        )

        from trilateral.console import console

        total = response.headers.get("Content-Length")
        columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                   TransferSpeedColumn())
        with Progress(*columns, console=console(stderr=True), transient=True) as bar:
            task = bar.add_task(label[-60:], total=int(total) if total and total.isdigit() else None)
            yield lambda n: bar.advance(task, n)


def _content_type(response: httpx.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _check_length(response: httpx.Response, written: int) -> None:
    """A body shorter (or longer) than Content-Length was cut off in transit.

    Content-Length counts the bytes on the wire: compare it with the raw byte count when the
    body was compressed, with the bytes written otherwise.
    """
    declared = response.headers.get("Content-Length", "")
    encoded = response.headers.get("Content-Encoding", "identity").lower() not in ("", "identity")
    received = response.num_bytes_downloaded if encoded else written
    if declared.isdigit() and int(declared) != received:
        raise _Retryable(f"truncated body: received {received} of {declared} bytes "
                         "(Content-Length)")


def _short(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."


def _scratch_root() -> Path:
    from trilateral.config import home

    return home() / "downloads"
