"""``records_import``: an import beyond cases (officers, 名录库, complaints, 复议, 诉讼, 培训, 公示), all or nothing.

Two passes, as the case import. The first reads every row with the kind's ``read`` (formats, check digits, labels,
dates and the natural key, against lookups loaded once) and collects every problem as ``第N行`` with its column
and its reason. Only a file without any goes on: every row is then written through the owning app's service,
inside one transaction with one ``ImportBatch`` and one audit event ``imports.<kind>``; a refusal of a service (its
own rules, its permission check) is reported for its row and the whole file is rolled back. A file with any bad
row imports nothing.

The rows go to one agency: the uploader's own, or the one an administrator picked (officers may name a unit
below it). A row whose natural key is already stored with the same content is left as it is and counted as
unchanged, so a file imported twice adds nothing the second time (docs/import.md says which key each kind has).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import ApplicationError, PermissionDenied
from fazhi.imports.kinds import KINDS
from fazhi.imports.kinds.base import Context, RowReader, WriteResult
from fazhi.imports.models import ImportBatch
from fazhi.imports.parsing import HeaderError, open_rows
from fazhi.imports.selectors import may_import
from fazhi.imports.services import ImportFailed, ImportReport, Progress, RowError

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.agencies.models import Agency

__all__ = ["records_import"]


class _Refused(Exception):
    """Raised inside the write transaction to roll it back when a service refused a row."""


def _no_progress(phase: str, done: int, total: int | None) -> None:
    return None


def _read_all(ctx: Context, kind_code: str, data: bytes, filename: str, progress: Progress) -> list[tuple[int, Any]]:
    kind = KINDS[kind_code]
    try:
        source = open_rows(data, filename, kind.layout)
    except HeaderError as exc:
        raise ImportFailed([RowError(1, str(exc))], what="数据") from exc
    except Exception as exc:
        reason = f"无法读取文件（{type(exc).__name__}）：请上传 .xlsx 或 .csv 文件"
        raise ImportFailed([RowError(1, reason)], what="数据") from exc
    kind.prepare(ctx)
    errors: list[RowError] = []
    rows: list[tuple[int, Any]] = []
    try:
        for n, (line, values) in enumerate(source.rows, start=1):
            reader = RowReader(line, values, ctx.today)
            payload = kind.read(ctx, reader)
            errors.extend(RowError(line, reason, column) for column, reason in reader.errors)
            if not reader.errors:
                rows.append((line, payload))
            if n % 500 == 0:
                progress("validate", n, source.total)
    except Exception as exc:  # a sheet calamine opened but cannot read to its end
        errors.append(RowError(1, f"无法读取文件（{type(exc).__name__}）：请上传 .xlsx 或 .csv 文件"))
    if not errors and not rows:
        errors.append(RowError(2, "文件没有数据行"))
    if errors:
        raise ImportFailed(errors, what="数据")
    return rows


def records_import(
    *,
    actor: User,
    kind: str,
    agency: Agency,
    data: bytes,
    filename: str,
    today: date | None = None,
    progress: Progress = _no_progress,
) -> ImportReport:
    """Import the rows of ``data`` as records of ``kind`` into ``agency``. Raises ``ImportFailed`` listing every
    bad row (line, column, reason); then nothing is saved. ``PermissionDenied`` if ``actor`` may not import it."""
    if kind not in KINDS:
        raise ApplicationError(f"导入类别“{kind}”不存在。")
    if not may_import(actor, kind, agency):
        raise PermissionDenied(f"您无权向{agency.name}导入{KINDS[kind].label}。")
    ctx = Context(actor=actor, agency=agency, today=today or clock.today())
    rows = _read_all(ctx, kind, data, filename, progress)
    total = len(rows)
    progress("validate", total, total)
    progress("write", 0, total)
    errors: list[RowError] = []
    written = {WriteResult.CREATED: 0, WriteResult.UNCHANGED: 0}
    write = KINDS[kind].write
    try:
        with transaction.atomic():
            for line, payload in rows:
                try:
                    written[write(ctx, payload)] += 1
                except ApplicationError as exc:
                    errors.append(RowError(line, str(exc)))
            if errors:
                raise _Refused
            batch = ImportBatch.objects.create(
                kind=kind,
                agency=agency,
                filename=filename[:200],
                sha256=hashlib.sha256(data).hexdigest(),
                imported_by=actor,
                imported_at=clock.now(),
                row_count=written[WriteResult.CREATED],
                unchanged=written[WriteResult.UNCHANGED],
            )
            if (finish := KINDS[kind].finish) is not None:
                finish(ctx, batch)
            audit_record(
                actor=actor,
                entity=batch,
                action=f"imports.{kind}",
                summary=(
                    f"向{agency.name}导入{KINDS[kind].label}{written[WriteResult.CREATED]}行"
                    f"（已存在未变更{written[WriteResult.UNCHANGED]}行，{filename}）"
                ),
                after={
                    "rows": written[WriteResult.CREATED],
                    "unchanged": written[WriteResult.UNCHANGED],
                    "agency": agency.pk,
                    "sha256": batch.sha256,
                },
            )
    except _Refused:
        raise ImportFailed(errors, what="数据") from None
    return ImportReport(batch=batch, imported=written[WriteResult.CREATED], unchanged=written[WriteResult.UNCHANGED])
