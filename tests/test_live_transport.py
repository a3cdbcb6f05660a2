"""The transport on its own: backoff, Retry-After, truncation, content type, cache, redaction."""

from __future__ import annotations

import email.utils

import httpx
import pytest

from live_helpers import Reply, closed_port_url, local_server
from trilateral.errors import FetchError, InputError
from trilateral.live import settings
from trilateral.live.cache import HttpCache
from trilateral.live.transport import RetryPolicy, Transport, redact, retry_after_seconds


class Sleeps(list):
    """Records the delays instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def transport(tmp_path, sleeps=None, retries=3, **kw) -> Transport:
    return Transport(timeout=5, policy=RetryPolicy(retries=retries, backoff=1.0),
                     cache=HttpCache(tmp_path / "cache"), progress=False,
                     sleep=sleeps if sleeps is not None else Sleeps(), **kw)


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    policy = RetryPolicy(retries=5, backoff=1.0, max_delay=4.0)
    for attempt, ceiling in ((0, 1.0), (1, 2.0), (2, 4.0), (5, 4.0)):
        for _ in range(20):
            assert ceiling / 2 <= policy.delay(attempt) <= ceiling
    assert policy.delay(3, retry_after=7.0) == 7.0


def test_retry_after_parses_seconds_and_http_dates() -> None:
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None
    date = email.utils.formatdate(1_000_030, usegmt=True)
    assert retry_after_seconds(date, now=1_000_000) == pytest.approx(30.0)


def test_retry_after_is_honoured_on_503(tmp_path) -> None:
    sleeps = Sleeps()
    with local_server() as srv:
        url = srv.route("/x.csv", Reply(b"busy", 503, "text/plain", {"Retry-After": "2"}),
                        Reply(b"a,b\n1,2\n", content_type="text/csv"))
        got = transport(tmp_path, sleeps).download(url, accept=("text/csv",))
    assert sleeps == [2.0] and got.attempts == 2 and got.path.read_bytes() == b"a,b\n1,2\n"


def test_a_long_retry_after_fails_at_once(tmp_path) -> None:
    sleeps = Sleeps()
    with local_server() as srv:
        url = srv.route("/x", Reply(b"", 429, "text/plain", {"Retry-After": "3600"}))
        with pytest.raises(FetchError, match="retry after 3600 s"):
            transport(tmp_path, sleeps).download(url)
    assert sleeps == []


def test_persistent_5xx_gives_up_after_the_retries(tmp_path) -> None:
    sleeps = Sleeps()
    with local_server() as srv:
        url = srv.route("/x", Reply(b"", 502, "text/plain"))
        with pytest.raises(FetchError, match=r"HTTP 502 .*\(3 attempts\)") as info:
            transport(tmp_path, sleeps, retries=2).download(url, source="demo")
        assert len(srv.hits_for("/x")) == 3
    assert len(sleeps) == 2 and 0.5 <= sleeps[0] <= 1.0 and 1.0 <= sleeps[1] <= 2.0
    assert str(info.value).startswith("demo: ") and info.value.url == url


def test_client_errors_are_not_retried(tmp_path) -> None:
    with local_server() as srv:
        url = srv.route("/x", Reply(b"", 403, "text/plain"))
        with pytest.raises(FetchError, match="HTTP 403"):
            transport(tmp_path).download(url)
        assert len(srv.hits_for("/x")) == 1


def test_truncated_body_is_detected_and_not_cached(tmp_path) -> None:
    body = bytes(range(256)) * 40
    with local_server() as srv:
        url = srv.route("/x", Reply(body, truncate_to=1000))
        with pytest.raises(FetchError, match="truncated"):
            transport(tmp_path, retries=1).download(url)
    assert HttpCache(tmp_path / "cache").lookup(url) is None
    assert not list((tmp_path / "cache").glob(".incoming.*"))


def test_content_length_check_without_a_real_socket(tmp_path) -> None:
    """A transport that does not enforce Content-Length (here a mock) is still checked."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": "10"}, content=b"12345")

    t = transport(tmp_path, retries=0, client=httpx.Client(transport=httpx.MockTransport(handler)))
    with pytest.raises(FetchError, match="received 5 of 10 bytes"):
        t.download("http://mock.invalid/x")


def test_conditional_request_reuses_the_cached_body(tmp_path) -> None:
    with local_server() as srv:
        url = srv.route("/x.csv", Reply(b"year,value\n2024,1\n", content_type="text/csv"))
        t = transport(tmp_path)
        first = t.download(url)
        second = t.download(url)
        sent = srv.hits_for("/x.csv")[-1].headers
    assert not first.from_cache and second.from_cache and second.status == 304
    assert second.sha256 == first.sha256 and sent.get("If-None-Match")


def test_a_corrupt_cache_entry_is_ignored(tmp_path) -> None:
    with local_server() as srv:
        url = srv.route("/x.csv", Reply(b"year,value\n2024,1\n", content_type="text/csv"))
        t = transport(tmp_path)
        first = t.download(url)
        first.path.write_bytes(b"year,value\n2024,9\n")  # same size, other bytes
        again = t.download(url)
        assert "If-None-Match" not in srv.hits_for("/x.csv")[-1].headers
    assert not again.from_cache and again.path.read_bytes() == b"year,value\n2024,1\n"


def test_connection_refused_is_retried_then_reported(tmp_path) -> None:
    sleeps = Sleeps()
    with pytest.raises(FetchError, match=r"cannot connect.*\(2 attempts\)"):
        transport(tmp_path, sleeps, retries=1).download(closed_port_url())
    assert len(sleeps) == 1


def test_secrets_never_reach_messages_or_the_cache(tmp_path) -> None:
    assert redact("https://x.org/a/SECRET/b?type=json", ["SECRET"]) == "https://x.org/a/***/b?type=json"
    assert "k3y" not in redact("https://x.org/d?subscription-key=k3y&period=2024")
    with local_server() as srv:
        url = srv.route("/api/TOKEN123", Reply(b"nope", 401, "text/plain"))
        with pytest.raises(FetchError) as info:
            transport(tmp_path).download(url, secrets=["TOKEN123"])
    assert "TOKEN123" not in str(info.value)


def test_timeout_setting_is_validated(monkeypatch) -> None:
    monkeypatch.setenv("TRILATERAL_HTTP_TIMEOUT", "soon")
    with pytest.raises(InputError, match="TRILATERAL_HTTP_TIMEOUT"):
        settings.http_timeout()
    monkeypatch.setenv("TRILATERAL_HTTP_TIMEOUT", "2.5")
    assert settings.http_timeout() == 2.5


def test_endpoint_override_env_beats_config_file(tmp_path, monkeypatch) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('[endpoints]\ncensus-country = "http://mirror.invalid/c.xlsx"\n'
                   "[http]\ntimeout = 7\n")
    monkeypatch.setenv("TRILATERAL_CONFIG", str(cfg))
    monkeypatch.delenv("TRILATERAL_URL_CENSUS_COUNTRY", raising=False)
    monkeypatch.delenv("TRILATERAL_HTTP_TIMEOUT", raising=False)
    assert settings.endpoint("census-country", "d").url == "http://mirror.invalid/c.xlsx"
    assert settings.http_timeout() == 7
    monkeypatch.setenv("TRILATERAL_URL_CENSUS_COUNTRY", "http://env.invalid/c.xlsx")
    ep = settings.endpoint("census-country", "d")
    assert ep.url == "http://env.invalid/c.xlsx" and ep.chosen_by == "TRILATERAL_URL_CENSUS_COUNTRY"
    assert settings.endpoint("statcan-cimt", "d").url == "d"
    assert settings.env_name("statcan-cimt") == "TRILATERAL_URL_STATCAN_CIMT"


def test_progress_bar_only_on_a_terminal(tmp_path, capsys) -> None:
    assert transport(tmp_path).progress is False
    assert Transport(timeout=1, cache=False).progress is False  # pytest's stderr is not a TTY


def test_forced_progress_bar_writes_to_stderr_only(tmp_path, capsys) -> None:
    with local_server() as srv:
        url = srv.route("/x.csv", Reply(b"a,b\n" * 1000, content_type="text/csv"))
        t = Transport(timeout=5, cache=HttpCache(tmp_path / "c"), progress=True)
        got = t.download(url, label="x.csv")
    out, _ = capsys.readouterr()
    assert out == "" and got.size == 4000


def test_every_connector_is_documented() -> None:
    """docs/refresh.md names each connector's endpoint, override variable and secrets."""
    from pathlib import Path

    from trilateral.live import registry

    text = (Path(__file__).parents[1] / "docs" / "refresh.md").read_text()
    for conn in registry().values():
        d = conn.describe()
        assert f"`{d['source']}`" in text and d["override"] in text, d["source"]
        assert d["endpoint"].split("?")[0] in text, d["endpoint"]
        assert all(s in text for s in d["secrets"]), d["secrets"]
