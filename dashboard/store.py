"""The Parquet store: one file per imported source and table, a registry of sources, lazy scans.

Layout under the data directory::

    sources.parquet               registry: one row per imported source (see schema.SOURCES_SCHEMA)
    <kind>/<source_id>.parquet    canonical rows of that source (kind: cases, annual, ...)
    quarantine/<source_id>.parquet rows that were not stored, with file, row, column and reason
    reports/<source_id>.json      the import report

Writes are atomic: data files are written under temporary names and renamed, and the registry, which alone decides
what the store contains, is replaced last. A failed import therefore leaves the previous store as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import polars as pl

from dashboard.schema import ANNUAL_SCHEMA, CASES_SCHEMA, QUARANTINE_SCHEMA, SOURCES_SCHEMA

DATA_DIR_ENV = "DASHBOARD_DATA_DIR"
PUBLIC_ENV = "DASHBOARD_PUBLIC"
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data" / "store"

TABLE_SCHEMAS: dict[str, dict[str, pl.DataType]] = {"cases": CASES_SCHEMA, "annual": ANNUAL_SCHEMA}


def register_table(kind: str, schema: dict[str, pl.DataType]) -> None:
    """Let a module with its own canonical table (licit trade, estimates, ...) store it like the seizure tables."""
    TABLE_SCHEMAS[kind] = schema


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def public_mode() -> bool:
    """True when the app serves a public view: restricted sources are left out and uploads are off."""
    return os.environ.get(PUBLIC_ENV, "").strip().lower() in {"1", "true", "yes"}


class Store:
    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else data_dir()

    # ---- reading -------------------------------------------------------------------------------------------------
    @property
    def registry_path(self) -> Path:
        return self.root / "sources.parquet"

    def sources(self, *, public: bool = False) -> pl.DataFrame:
        """The registry; with ``public`` only the sources that may be published."""
        if not self.registry_path.exists():
            return pl.DataFrame(schema=SOURCES_SCHEMA)
        registry = pl.read_parquet(self.registry_path)
        # A store written before a column existed: not restricted, nothing repeated, no edition inferred.
        defaults = {"restricted": False, "rows_repeated": 0, "edition_inferred": False}
        registry = registry.with_columns(
            pl.lit(value, SOURCES_SCHEMA[name]).alias(name)
            for name, value in defaults.items()
            if name not in registry.columns
        )
        if public:
            registry = registry.filter(~pl.col("restricted").fill_null(False))
        return registry.select(list(SOURCES_SCHEMA))

    def is_empty(self) -> bool:
        return self.sources().is_empty()

    def version(self) -> str:
        """Changes whenever the registry changes; cache keys include it so a new import is seen at once."""
        if not self.registry_path.exists():
            return "empty"
        stat = self.registry_path.stat()
        return f"{stat.st_mtime_ns}-{stat.st_size}"

    def snapshot_hash(self) -> str:
        """A sha256 over the registry's sources and their file hashes: two stores that hold the same imported files
        give the same hash, and any import or removal changes it (a published view records it)."""
        pairs = sorted(self.sources().select("source_id", "sha256").iter_rows())
        payload = "\n".join(f"{source_id}\t{sha or ''}" for source_id, sha in pairs)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def table_path(self, kind: str, source_id: str) -> Path:
        return self.root / kind / f"{source_id}.parquet"

    def scan(self, kind: str, *, public: bool = False) -> pl.LazyFrame:
        """All stored rows of one table, lazily; an empty frame with the canonical schema when there are none.
        With ``public`` the rows of restricted sources are left out."""
        schema = TABLE_SCHEMAS[kind]
        ids = self.sources(public=public).filter(pl.col("kind") == kind)["source_id"].to_list()
        paths = [self.table_path(kind, i) for i in ids if self.table_path(kind, i).exists()]
        if not paths:
            return pl.LazyFrame(schema=schema)
        return pl.scan_parquet(paths)

    def quarantine(self, source_id: str | None = None) -> pl.DataFrame:
        ids = [source_id] if source_id else self.sources()["source_id"].to_list()
        paths = [self.root / "quarantine" / f"{i}.parquet" for i in ids]
        frames = [pl.read_parquet(p) for p in paths if p.exists()]
        return pl.concat(frames) if frames else pl.DataFrame(schema=QUARANTINE_SCHEMA)

    def report(self, source_id: str) -> dict:
        path = self.root / "reports" / f"{source_id}.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def read_text(self, relative: str) -> str | None:
        """A small text file kept beside the tables (e.g. a saved column mapping), or None."""
        path = self.root / relative
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def save_text(self, relative: str, text: str) -> Path:
        """Keep a small text file beside the tables, written atomically."""
        path = self.root / relative
        _atomic_write_text(text, path)
        return path

    def find_by_hash(self, sha256: str) -> str | None:
        hits = self.sources().filter(pl.col("sha256") == sha256)["source_id"]
        return hits[0] if len(hits) else None

    # ---- writing -------------------------------------------------------------------------------------------------
    def add_source(
        self,
        *,
        source: dict,
        table: pl.DataFrame | Path,
        quarantine: pl.DataFrame,
        report_json: str,
    ) -> None:
        """Store one source atomically. ``source`` holds the registry row (schema.SOURCES_SCHEMA); ``table`` is the
        rows, or a Parquet file of them already written on the store's file system (a streamed import)."""
        source_id, kind = source["source_id"], source["kind"]
        self.root.mkdir(parents=True, exist_ok=True)
        if isinstance(table, Path):
            self.table_path(kind, source_id).parent.mkdir(parents=True, exist_ok=True)
            os.replace(table, self.table_path(kind, source_id))
        else:
            _atomic_write_parquet(table, self.table_path(kind, source_id))
        _atomic_write_parquet(quarantine, self.root / "quarantine" / f"{source_id}.parquet")
        _atomic_write_text(report_json, self.root / "reports" / f"{source_id}.json")
        row = pl.DataFrame([source], schema=SOURCES_SCHEMA)
        registry = pl.concat([self.sources().filter(pl.col("source_id") != source_id), row])
        _atomic_write_parquet(registry, self.registry_path)

    def remove(self, source_id: str) -> bool:
        sources = self.sources()
        hit = sources.filter(pl.col("source_id") == source_id)
        if hit.is_empty():
            return False
        kind = hit["kind"][0]
        _atomic_write_parquet(sources.filter(pl.col("source_id") != source_id), self.registry_path)
        for path in (
            self.table_path(kind, source_id),
            self.root / "quarantine" / f"{source_id}.parquet",
            self.root / "reports" / f"{source_id}.json",
        ):
            path.unlink(missing_ok=True)
        return True

    def clear(self) -> None:
        if self.root.exists():
            shutil.rmtree(self.root)


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _atomic_write_parquet(frame: pl.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        frame.write_parquet(temp, compression="zstd", statistics=True)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _atomic_write_text(text: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
