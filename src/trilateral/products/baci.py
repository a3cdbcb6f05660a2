"""CEPII BACI releases (HS6 bilateral trade, one CSV per year in a zip) into partitioned Parquet.

A release zip holds ``BACI_HS<rev>_Y<year>_V<version>.csv`` files with columns ``t`` (year),
``i`` and ``j`` (exporter and importer, numeric codes), ``k`` (HS6 product), ``v`` (value, thousand
US dollars) and ``q`` (quantity, tonnes), and ``country_codes_V<version>.csv``. Each yearly file
is streamed in record batches (pyarrow's incremental CSV reader) into
``<home>/products/baci/year=<t>/part-0.parquet``: memory stays bounded by one batch, whatever
the size of the release. Values become whole dollars (BACI gives thousands to three decimals,
i.e. dollars), exact as 64-bit integers.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from trilateral.errors import SchemaError, ValidationError
from trilateral.products import store

TABLE = "baci"
YEAR_FILE = re.compile(r"BACI_HS(\d\d)_Y(\d{4})_V(\w+)\.csv$")
CODES_FILE = re.compile(r"country_codes_V(\w+)\.csv$")
SCHEMA = pa.schema([("exporter", pa.string()), ("importer", pa.string()), ("hs", pa.string()),
                    ("value", pa.int64()), ("quantity", pa.float64()), ("period", pa.string())])
# ``year`` is the partition key (directory year=YYYY), as in every hive-partitioned table.
SOURCE = {"id": "baci", "publisher": "CEPII", "title": "BACI: international trade database at "
          "the product level (HS6)", "url": "https://www.cepii.fr/CEPII/en/bdd_modele/"
          "bdd_modele_item.asp?id=37", "url_verified": False,
          "licence": "Etalab Open Licence 2.0 (user's copy; not shipped)", "family": "products",
          "unit": "US dollars (whole dollars, int64), FOB exports reconciled with CIF imports"}
BLOCK = 8 << 20  # bytes of CSV per batch


def load(path: Path, *, block_size: int = BLOCK) -> dict:
    """Stream a BACI release zip into the product store; returns the sidecar written."""
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SchemaError(f"not a BACI release zip ({exc})", file=path) from exc
    with zf:
        years = sorted(n for n in zf.namelist() if YEAR_FILE.search(n))
        codes_name = next((n for n in zf.namelist() if CODES_FILE.search(n)), None)
        if not years or codes_name is None:
            raise SchemaError("no BACI_HS..._Y...csv or country_codes_V...csv member", file=path)
        iso = _country_codes(zf, codes_name, path)
        tmp = store.scratch(TABLE)
        rows = 0
        try:
            for name in years:
                rows += _one_year(zf, name, iso, tmp, path, block_size)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    rev, _, version = YEAR_FILE.search(years[0]).groups()
    first, last = (int(YEAR_FILE.search(n).group(2)) for n in (years[0], years[-1]))
    meta = store.make_sidecar(
        TABLE, {**SOURCE, "vintage": f"HS{rev} V{version}", "release_file": path.name},
        [path], rows, {**{f.name: str(f.type) for f in SCHEMA}, "year": "int64 (partition)"}, {"rows": rows, "years": [first, last],
                                                             "n_years": len(years)},
        ["Exporter and importer codes mapped to ISO3 through the release's country_codes file.",
         "Values in whole US dollars (BACI's thousands with three decimals)."], __name__)
    store.commit(TABLE, tmp, meta)
    return meta


def _country_codes(zf: zipfile.ZipFile, name: str, file: Path) -> dict[int, str]:
    with zf.open(name) as fh:
        table = pacsv.read_csv(fh)
    cols = set(table.column_names)
    if not {"country_code", "country_iso3"} <= cols:
        raise SchemaError(f"{name}: needs country_code and country_iso3, found {sorted(cols)}",
                          file=file, row=1, field="country_iso3")
    codes = table.column("country_code").to_pylist()
    isos = table.column("country_iso3").to_pylist()
    return {int(c): str(i) for c, i in zip(codes, isos, strict=True)}


def _one_year(zf: zipfile.ZipFile, name: str, iso: dict[int, str], out: Path, file: Path,
              block_size: int) -> int:
    year = int(YEAR_FILE.search(name).group(2))
    part = out / f"year={year}"
    part.mkdir(parents=True, exist_ok=True)
    opts = pacsv.ConvertOptions(column_types={"t": pa.int64(), "i": pa.int64(), "j": pa.int64(),
                                              "k": pa.string(), "v": pa.float64(),
                                              "q": pa.string()})
    rows = 0
    with zf.open(name) as fh, pq.ParquetWriter(part / "part-0.parquet", SCHEMA,
                                               compression="zstd") as writer:
        reader = pacsv.open_csv(fh, read_options=pacsv.ReadOptions(block_size=block_size),
                                convert_options=opts)
        for batch in reader:
            writer.write_batch(_convert(batch, iso, year, name, rows, file))
            rows += batch.num_rows
    return rows


def _convert(batch: pa.RecordBatch, iso: dict[int, str], year: int, member: str, offset: int,
             file: Path) -> pa.RecordBatch:
    for col in ("t", "i", "j", "k", "v"):
        if col not in batch.schema.names:
            raise SchemaError(f"{member}: missing column {col!r}", file=file, row=1, field=col)
        nulls = batch.column(col).is_null()
        if pc.any(nulls).as_py():
            _fail(f"{member}: empty {col}", nulls, offset, file, col)
    v = batch.column("v")
    neg = pc.less(v, 0)
    if pc.any(neg).as_py():
        _fail(f"{member}: negative value", neg, offset, file, "v")
    if pc.any(pc.not_equal(batch.column("t"), year)).as_py():
        _fail(f"{member}: year differs from the file name's {year}",
              pc.not_equal(batch.column("t"), year), offset, file, "t")
    exporter = _iso(batch.column("i"), iso, member, offset, file, "i")
    importer = _iso(batch.column("j"), iso, member, offset, file, "j")
    hs = pc.utf8_lpad(batch.column("k"), 6, "0")
    value = pc.cast(pc.round(pc.multiply(v, 1000.0)), pa.int64())
    qty = _quantity(batch.column("q") if "q" in batch.schema.names else
                    pa.nulls(batch.num_rows, pa.string()), member, offset, file)
    n = batch.num_rows
    return pa.RecordBatch.from_arrays(
        [exporter, importer, hs, value, qty, pa.array([str(year)] * n, pa.string())],
        schema=SCHEMA)


def _quantity(q: pa.Array, member: str, offset: int, file: Path) -> pa.Array:
    """Tonnes; BACI writes missing quantities as NA (sometimes padded with spaces)."""
    text = pc.utf8_trim_whitespace(q)
    text = pc.if_else(pc.is_in(text, value_set=pa.array(["NA", ""])), None, text)
    try:
        return pc.cast(text, pa.float64())
    except pa.ArrowInvalid:
        bad = pc.invert(pc.match_substring_regex(pc.fill_null(text, "0"),
                                                 r"^-?[0-9.]+([eE][-+]?[0-9]+)?$"))
        _fail(f"{member}: quantity is not a number", bad, offset, file, "q")
        raise


def _iso(codes: pa.Array, iso: dict[int, str], member: str, offset: int, file: Path,
         field: str) -> pa.Array:
    uniq = pc.unique(codes).to_pylist()
    unknown = [c for c in uniq if c not in iso]
    if unknown:
        _fail(f"{member}: country code {unknown[0]} is not in the release's country codes",
              pc.equal(codes, unknown[0]), offset, file, field)
    keys = pa.array(list(iso), pa.int64())
    vals = pa.array(list(iso.values()), pa.string())
    return pc.take(vals, pc.index_in(codes, value_set=keys))


def _fail(message: str, mask: pa.Array, offset: int, file: Path, field: str) -> None:
    idx = int(pc.index(mask, True).as_py())
    raise ValidationError(message, file=file, row=offset + idx + 2, field=field)
