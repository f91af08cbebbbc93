"""Backup and restore of a whole fazhi instance: the database, the blob store (evidence, 文书) and other media files.

A backup directory holds ``database.sqlite3`` (SQLite's online backup API, consistent while the site runs) or
``database.pgdump`` (``pg_dump --format=custom`` of one exported snapshot, the same one the row counts are read
from), ``blobs/ab/cd/<sha256>``, ``media/…`` and, written last, ``manifest.json``: when it was made, the fazhi
version, the database engine, every file with its SHA-256 and size, and the row count of every table. A directory
without a manifest is an unfinished backup.

The database is copied *before* the blobs. Blobs are written before the row that names them and are never
deleted, so every blob the copied database refers to is already in the store when the blobs are copied.

``backup_restore`` refuses an instance that is not empty, checks every hash of the manifest before it writes
anything, restores the blobs (through ``BlobStore.put``, which works for the local disk and for S3 alike), the
media files and the database, and compares the row counts with the manifest. The restore command then runs
``fazhi verify`` and ``fazhi evidence_verify``.

This module uses only Django's connection and settings and ``fazhi.core.storage``: core imports no app.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

import fazhi
from fazhi.core.errors import ValidationError
from fazhi.core.storage import CHUNK_SIZE, BlobCorrupted, BlobStore, LocalBlobStore, S3BlobStore, get_blob_store

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
_SHA256_RE = re.compile(r"\A[0-9a-f]{64}\Z")
_PROGRESS_EVERY = 200  # files between two progress lines

Log = Callable[[str], None]


@dataclass
class BackupResult:
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    tables: int
    rows: int
    blobs: int
    mismatches: list[str] = field(default_factory=list)


def _sha256_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK_SIZE):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise ValidationError(f"不支持的数据库类型：{vendor}（仅支持 SQLite 和 PostgreSQL）。")
    return vendor


def _storage_kind(store: BlobStore) -> str:
    return "s3" if isinstance(store, S3BlobStore) else "local"


# --- Listing the blob store and the media files ----------------------------------------------------------------


def _blob_hashes(store: BlobStore) -> Iterator[str]:
    """Every blob in the store, by hash (files or objects named ``ab/cd/<sha256>``; ``incoming/`` is skipped)."""
    if isinstance(store, LocalBlobStore):
        if not store.root.is_dir():
            return
        for path in sorted(store.root.glob("[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]/*")):
            if path.is_file() and _SHA256_RE.match(path.name) and path.name[:2] == path.parent.parent.name:
                yield path.name
        return
    if isinstance(store, S3BlobStore):
        paginator = store.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=store.bucket, Prefix=store.prefix):
            for item in page.get("Contents", []):
                name = str(item["Key"]).rsplit("/", 1)[-1]
                if _SHA256_RE.match(name):
                    yield name
        return
    raise ValidationError(f"不支持备份此类文件存储：{type(store).__name__}。")


def _media_files(exclude: Path) -> Iterator[tuple[Path, str]]:
    """Files under MEDIA_ROOT other than the local blob store and ``exclude`` (the backup being written, should it
    lie inside MEDIA_ROOT): (absolute path, relative posix path)."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    store = get_blob_store()
    skips = [exclude.resolve()] + ([store.root.resolve()] if isinstance(store, LocalBlobStore) else [])
    for path in sorted(root.rglob("*")):
        resolved = path.resolve()
        if not path.is_file() or any(resolved.is_relative_to(skip) for skip in skips):
            continue
        yield path, path.relative_to(root).as_posix()


# --- PostgreSQL tools --------------------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ValidationError(
            f"找不到 PostgreSQL 工具 {name}：请安装与服务器同版本的 PostgreSQL 客户端（如 postgresql-client），"
            "并确保它在 PATH 中。"
        )
    return found


def _pg_env() -> dict[str, str]:
    """The connection of Django's ``default`` database as libpq variables (the password never on a command line)."""
    s = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("NAME", "PGDATABASE"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("HOST", "PGHOST"), ("PORT", "PGPORT")):  # fmt: skip
        if s.get(key):
            env[var] = str(s[key])
    if sslmode := (s.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return env


def _pg_run(args: list[str], what: str) -> None:
    result = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise ValidationError(f"{what}失败（退出码 {result.returncode}）：" + " / ".join(detail))


# --- Row counts -------------------------------------------------------------------------------------------------


def _count_rows_django() -> dict[str, int]:
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts: dict[str, int] = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = int(cursor.fetchone()[0])
    return counts


def _count_rows_sqlite_file(path: Path) -> dict[str, int]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {name: int(db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]) for name in names}
    finally:
        db.close()


# --- Backup -----------------------------------------------------------------------------------------------------


def _backup_sqlite(target: Path, log: Log) -> dict[str, int]:
    connection.ensure_connection()
    source = connection.connection
    dest = sqlite3.connect(str(target))
    last = [-1]

    def progress(status: int, remaining: int, total: int) -> None:
        percent = 100 * (total - remaining) // total if total else 100
        if percent // 10 != last[0]:
            last[0] = percent // 10
            log(f"  数据库：{percent}%")

    try:
        source.backup(dest, pages=1024, progress=progress)
    finally:
        dest.close()
    return _count_rows_sqlite_file(target)


def _backup_postgresql(target: Path, log: Log) -> dict[str, int]:
    pg_dump = _pg_tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for the counts and the dump, so the manifest describes exactly what was dumped.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = str(cursor.fetchone()[0])
        counts = _count_rows_django()
        log("  数据库：pg_dump 导出中……")
        _pg_run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
             f"--file={target}"],
            "pg_dump 导出数据库",
        )  # fmt: skip
    return counts


def _copy_blob(store: BlobStore, sha256: str, target: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    try:
        with store.open(sha256) as reader, target.open("wb") as out:
            while chunk := reader.read(CHUNK_SIZE):
                out.write(chunk)
                size += len(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return size


def backup_create(*, directory: Path, log: Log = print, now: datetime | None = None) -> BackupResult:
    """Write a complete backup of this instance into ``directory`` (which must be new or empty)."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ValidationError(f"备份目录 {directory} 已存在且不为空：请指定一个新的或空的目录。")
    engine = _engine()
    store = get_blob_store()
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)  # the dump holds every 身份证号, the second factors' secrets and the tokens' hashes
    files: list[dict[str, Any]] = []
    problems: list[str] = []

    log("第 1 步：备份数据库……")
    db_name = SQLITE_FILE if engine == "sqlite" else PG_FILE
    db_path = directory / db_name
    tables = _backup_sqlite(db_path, log) if engine == "sqlite" else _backup_postgresql(db_path, log)
    sha, size = _sha256_file(db_path)
    files.append({"path": db_name, "kind": "database", "sha256": sha, "size": size})
    log(f"  数据库：{len(tables)} 张表、{sum(tables.values())} 行、{size} 字节。")

    log(f"第 2 步：备份文件存储（{_storage_kind(store)}）中的证据和文书文件……")
    count = 0
    for sha256 in _blob_hashes(store):
        rel = f"blobs/{sha256[:2]}/{sha256[2:4]}/{sha256}"
        try:
            size = _copy_blob(store, sha256, directory / rel)
        except BlobCorrupted as exc:
            problems.append(str(exc))
            log(f"  警告：{exc} 未备份此文件。")
            continue
        files.append({"path": rel, "kind": "blob", "sha256": sha256, "size": size})
        count += 1
        if count % _PROGRESS_EVERY == 0:
            log(f"  已备份 {count} 个文件……")
    log(f"  文件存储：{count} 个文件。")

    log("第 3 步：备份其他媒体文件……")
    media = 0
    for path, rel in _media_files(directory):
        target = directory / "media" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        sha, size = _sha256_file(target)
        files.append({"path": f"media/{rel}", "kind": "media", "sha256": sha, "size": size})
        media += 1
    log(f"  媒体文件：{media} 个。")

    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "created_at": (now or timezone.now()).isoformat(),
        "fazhi_version": fazhi.__version__,
        "database_engine": engine,
        "storage": _storage_kind(store),
        "files": files,
        "tables": tables,
        "problems": problems,
    }
    tmp = directory / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(directory / MANIFEST)  # written last: a directory with a manifest is a complete backup
    log(f"备份完成：{directory}（清单 {MANIFEST}，共 {len(files)} 个文件）。")
    return BackupResult(manifest=manifest, problems=problems)


# --- Restore ----------------------------------------------------------------------------------------------------


def manifest_read(directory: Path) -> dict[str, Any]:
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValidationError(f"{directory} 中没有 {MANIFEST}：这不是一个完整的 fazhi 备份。") from exc
    except (OSError, ValueError) as exc:
        raise ValidationError(f"无法读取备份清单 {path}：{exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise ValidationError(f"备份清单 {path} 的格式无法识别。")
    files = manifest.get("files")
    tables = manifest.get("tables")
    if (
        not isinstance(files, list)
        or not isinstance(tables, dict)
        or not all(_entry_ok(entry) for entry in files)
        or not all(isinstance(k, str) and type(v) is int for k, v in tables.items())
    ):
        raise ValidationError(f"备份清单 {path} 的内容不完整或格式无效。")
    if sum(1 for entry in files if entry["kind"] == "database") != 1:
        raise ValidationError(f"备份清单 {path} 中应恰有一个数据库文件。")
    return manifest


def _entry_ok(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and entry.get("kind") in {"database", "blob", "media"}
        and isinstance(entry.get("path"), str)
        and isinstance(entry.get("sha256"), str)
        and _SHA256_RE.match(entry["sha256"]) is not None
        and type(entry.get("size")) is int
    )


def _safe_path(directory: Path, rel: Any) -> Path:
    """A manifest path inside the backup directory (never ``..`` or absolute: the manifest is input)."""
    if not isinstance(rel, str) or not rel or rel.startswith("/") or "\\" in rel or ".." in rel.split("/"):
        raise ValidationError(f"备份清单中的路径无效：{rel!r}")
    return directory / rel


def backup_check(*, directory: Path, log: Log = print) -> list[str]:
    """Recompute every hash and size of the manifest; the list of problems (empty: the backup is intact)."""
    directory = Path(directory)
    manifest = manifest_read(directory)
    problems: list[str] = []
    files = manifest.get("files") or []
    for index, entry in enumerate(files, start=1):
        path = _safe_path(directory, entry.get("path"))
        if entry.get("kind") == "blob" and path.name != entry.get("sha256"):
            problems.append(f"{entry['path']}：文件名与清单中的SHA-256不符")
            continue
        try:
            sha, size = _sha256_file(path)
        except FileNotFoundError:
            problems.append(f"{entry['path']}：文件缺失")
            continue
        if sha != entry.get("sha256") or size != entry.get("size"):
            problems.append(f"{entry['path']}：SHA-256或大小与清单不符（被篡改或损坏）")
        if index % _PROGRESS_EVERY == 0:
            log(f"  已校验 {index}/{len(files)} 个文件……")
    return problems


def _instance_is_empty() -> str | None:
    """Why this instance is not empty, or None."""
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if not name or name == ":memory:" or "mode=memory" in name:
            return "数据库是内存数据库"
        if not Path(name).exists():
            return None
    with connection.cursor() as cursor:
        if connection.introspection.table_names(cursor):
            return "数据库中已有数据表"
    return None


def _restore_sqlite(source: Path, log: Log) -> None:
    target = str(connection.settings_dict["NAME"])
    connection.close()
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dest = sqlite3.connect(target)
    try:
        src.backup(dest, pages=1024)
    finally:
        src.close()
        dest.close()
    log("  数据库：已写入 " + target)


def _restore_postgresql(source: Path, log: Log) -> None:
    pg_restore = _pg_tool("pg_restore")
    connection.close()
    log("  数据库：pg_restore 导入中……")
    _pg_run(
        [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         f"--dbname={connection.settings_dict['NAME']}", str(source)],
        "pg_restore 导入数据库",
    )  # fmt: skip


def backup_restore(*, directory: Path, log: Log = print) -> RestoreResult:
    """Restore the backup in ``directory`` into this instance, which must be empty (database and file store)."""
    directory = Path(directory)
    manifest = manifest_read(directory)
    engine = _engine()
    if manifest.get("database_engine") != engine:
        raise ValidationError(
            f"备份来自 {manifest.get('database_engine')} 数据库，当前实例使用 {engine}：请在同类数据库上恢复。"
        )
    store = get_blob_store()
    reason = _instance_is_empty()
    # The blob store may already hold this backup's own files (a restore that failed after its files were copied,
    # e.g. in pg_restore, is retried); any other file means the instance is in use.
    listed = {str(e["sha256"]) for e in manifest.get("files", []) if e.get("kind") == "blob"}
    if reason is None and any(sha not in listed for sha in _blob_hashes(store)):
        reason = "文件存储中已有不属于本备份的文件"
    if reason is not None:
        raise ValidationError(
            f"拒绝恢复：当前实例不是空的（{reason}）。请使用新建的空数据库和空的文件目录（不要先执行 migrate）。"
        )

    log("第 1 步：校验备份中每个文件的SHA-256……")
    problems = backup_check(directory=directory, log=log)
    if problems:
        raise ValidationError(f"拒绝恢复：备份有 {len(problems)} 处问题，未写入任何数据。" + "；".join(problems[:10]))
    files = manifest["files"]
    log(f"  {len(files)} 个文件全部完好。")

    log("第 2 步：恢复证据和文书文件……")
    blobs = 0
    for entry in files:
        if entry["kind"] != "blob":
            continue
        with _safe_path(directory, entry["path"]).open("rb") as f:
            store.put(f)
        blobs += 1
        if blobs % _PROGRESS_EVERY == 0:
            log(f"  已恢复 {blobs} 个文件……")
    media_root = Path(settings.MEDIA_ROOT)
    for entry in files:
        if entry["kind"] == "media":
            target = media_root / entry["path"].removeprefix("media/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(_safe_path(directory, entry["path"]), target)
    log(f"  文件存储：{blobs} 个文件。")

    log("第 3 步：恢复数据库……")
    db_entry = next(e for e in files if e["kind"] == "database")
    db_path = _safe_path(directory, db_entry["path"])
    if engine == "sqlite":
        _restore_sqlite(db_path, log)
    else:
        _restore_postgresql(db_path, log)

    log("第 4 步：核对每张表的行数……")
    expected: dict[str, int] = manifest.get("tables") or {}
    actual = _count_rows_django()
    mismatches = [
        f"{name}：备份 {expected.get(name)} 行，恢复后 {actual.get(name)} 行"
        for name in sorted(set(expected) | set(actual))
        if expected.get(name) != actual.get(name)
    ]
    return RestoreResult(tables=len(actual), rows=sum(actual.values()), blobs=blobs, mismatches=mismatches)
