"""A content-addressed blob store: every file is kept once, under the SHA-256 of its bytes.

Evidence (证据, 执法全过程记录) and documents (文书) keep their files here and store only the hash in the database.
The hash *is* the name, so a file cannot be replaced without the change being seen: ``verify`` recomputes it, and
``open`` returns a reader that recomputes it while the file is read and raises ``BlobCorrupted`` at the end if the
bytes differ. The interface has no overwrite and no delete: a correction is a new blob (and a new version row).

``put`` streams in chunks to a temporary file while hashing, then moves the file into place in one step, so a
reader never sees half a blob and storing the same bytes twice stores them once.

Backends: ``LocalBlobStore`` (``MEDIA_ROOT/blobs/ab/cd/<sha256>``, the default) and ``S3BlobStore`` (any
S3-compatible object store, chosen with ``FAZHI_STORAGE=s3``). ``get_blob_store()`` picks one from the settings.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, BinaryIO, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CHUNK_SIZE = 1024 * 1024
_SHA256_RE = re.compile(r"\A[0-9a-f]{64}\Z")


class BlobError(Exception):
    """A problem of the store itself (not a refusal of the user's action)."""


class BlobNotFound(BlobError, LookupError):
    def __init__(self, sha256: str) -> None:
        super().__init__(f"文件 {sha256} 不在存储中。")
        self.sha256 = sha256


class BlobCorrupted(BlobError):
    """The stored bytes no longer hash to their name: the file was changed or damaged outside the application."""

    def __init__(self, sha256: str, actual: str) -> None:
        super().__init__(f"文件 {sha256} 的内容与其SHA-256不符（实际为 {actual}），可能已被篡改或损坏。")
        self.sha256 = sha256
        self.actual = actual


class BlobTooLarge(BlobError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"文件超过 {limit} 字节的上限。")
        self.limit = limit


@dataclass(frozen=True)
class BlobRef:
    sha256: str
    size: int


class _Chunked(Protocol):
    def chunks(self, chunk_size: int | None = ...) -> Iterable[bytes]: ...


Source = bytes | BinaryIO | IO[bytes] | _Chunked


def _check_sha(sha256: str) -> str:
    if not _SHA256_RE.match(sha256):
        raise ValueError(f"not a lowercase hex SHA-256: {sha256!r}")
    return sha256


def _iter_chunks(source: Any) -> Iterable[bytes]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        for start in range(0, len(data), CHUNK_SIZE):
            yield data[start : start + CHUNK_SIZE]
        return
    if hasattr(source, "chunks"):  # Django's File / UploadedFile: seeks to 0 and streams from disk or memory
        yield from source.chunks(CHUNK_SIZE)
        return
    while chunk := source.read(CHUNK_SIZE):
        yield chunk


def _spool(source: Source, directory: str | None, max_size: int | None) -> tuple[IO[bytes], BlobRef]:
    """Copy ``source`` to a new temporary file while hashing it; the file is returned open, positioned at 0."""
    digest = hashlib.sha256()
    size = 0
    tmp = tempfile.NamedTemporaryFile(dir=directory, prefix="incoming-", delete=False)  # noqa: SIM115
    try:
        for chunk in _iter_chunks(source):
            size += len(chunk)
            if max_size is not None and size > max_size:
                raise BlobTooLarge(max_size)
            digest.update(chunk)
            tmp.write(chunk)
        tmp.flush()
        os.fsync(tmp.fileno())
        tmp.seek(0)
    except BaseException:
        tmp.close()
        Path(tmp.name).unlink(missing_ok=True)
        raise
    return tmp, BlobRef(sha256=digest.hexdigest(), size=size)


class VerifyingReader(io.RawIOBase):
    """Reads a blob and recomputes its hash on the way; at the end, a mismatch raises ``BlobCorrupted``.

    A download of a tampered file therefore fails at its end instead of completing silently.
    """

    def __init__(self, raw: Any, sha256: str, size: int | None = None) -> None:
        super().__init__()
        self._raw = raw
        self._sha256 = sha256
        self._expected_size = size
        self._digest = hashlib.sha256()
        self._read = 0
        self._checked = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self._raw.read(len(view))
        if not data:
            self._check()
            return 0
        n = len(data)
        view[:n] = data
        self._digest.update(data)
        self._read += n
        return n

    def _check(self) -> None:
        if self._checked:
            return
        self._checked = True
        actual = self._digest.hexdigest()
        if actual != self._sha256:
            raise BlobCorrupted(self._sha256, actual)

    def close(self) -> None:
        if not self.closed:
            with contextlib.suppress(Exception):
                self._raw.close()
        super().close()


class BlobStore(ABC):
    """Store bytes by their SHA-256. No overwrite and no delete: blobs are evidence."""

    @abstractmethod
    def put(self, source: Source, *, max_size: int | None = None) -> BlobRef:
        """Store ``source`` (bytes, a binary file or a Django ``File``) and return its hash and size.

        Storing bytes that are already present stores nothing new. ``max_size`` aborts the copy (``BlobTooLarge``)
        as soon as the stream passes it, so an over-long upload leaves nothing behind.
        """

    @abstractmethod
    def open(self, sha256: str) -> io.BufferedReader:
        """A binary reader of the blob that raises ``BlobCorrupted`` at the end if the bytes were changed."""

    @abstractmethod
    def exists(self, sha256: str) -> bool: ...

    @abstractmethod
    def size(self, sha256: str) -> int: ...

    def verify(self, sha256: str) -> bool:
        """Read the whole blob and recompute its hash; ``BlobNotFound`` if it is missing."""
        try:
            with self.open(sha256) as reader:
                while reader.read(CHUNK_SIZE):
                    pass
        except BlobCorrupted:
            return False
        return True


class LocalBlobStore(BlobStore):
    """Blobs under ``root/ab/cd/<sha256>``, written once and made read-only."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        _check_sha(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, source: Source, *, max_size: int | None = None) -> BlobRef:
        incoming = self.root / "incoming"  # on the same file system as the target, so the move is atomic
        incoming.mkdir(parents=True, exist_ok=True)
        tmp, ref = _spool(source, str(incoming), max_size)
        tmp_path = Path(tmp.name)
        tmp.close()
        try:
            target = self.path(ref.sha256)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp_path.chmod(0o444)
                try:
                    # link() fails if the target exists, so a blob is never overwritten, even by a racing writer
                    # of the same bytes; the file appears complete or not at all.
                    os.link(tmp_path, target)
                except FileExistsError:
                    pass
                except OSError:  # a file system without hard links: rename is atomic too
                    if not target.exists():
                        tmp_path.rename(target)
        finally:
            tmp_path.unlink(missing_ok=True)
        return ref

    def open(self, sha256: str) -> io.BufferedReader:
        path = self.path(sha256)
        try:
            raw = path.open("rb")
        except FileNotFoundError as exc:
            raise BlobNotFound(sha256) from exc
        return io.BufferedReader(VerifyingReader(raw, sha256), CHUNK_SIZE)

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def size(self, sha256: str) -> int:
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError as exc:
            raise BlobNotFound(sha256) from exc


class S3BlobStore(BlobStore):
    """Blobs as objects ``<prefix>ab/cd/<sha256>`` in a bucket of an S3-compatible store (MinIO, OSS, COS, OBS …).

    The bytes are spooled to a local temporary file first, because the key is their hash and is known only at
    the end; then they are uploaded (multipart when large) unless an object with that key already exists.
    """

    def __init__(
        self,
        *,
        bucket: str,
        endpoint_url: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        region: str | None = None,
        prefix: str = "blobs/",
        client: Any = None,
    ) -> None:
        if not bucket:
            raise ImproperlyConfigured("FAZHI_STORAGE=s3 需要设置 FAZHI_S3_BUCKET。")
        self.bucket = bucket
        self.prefix = prefix
        if client is None:
            import boto3  # noqa: PLC0415 — boto3 loads only for the S3 store (a slow import)
            from botocore.config import Config  # noqa: PLC0415 — botocore loads only for the S3 store

            client = boto3.client(
                "s3",
                endpoint_url=endpoint_url or None,
                aws_access_key_id=access_key or None,
                aws_secret_access_key=secret_key or None,
                region_name=region or None,
                config=Config(signature_version="s3v4", retries={"max_attempts": 5, "mode": "standard"}),
            )
        self.client = client

    def key(self, sha256: str) -> str:
        _check_sha(sha256)
        return f"{self.prefix}{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def _head(self, sha256: str) -> dict[str, Any] | None:
        from botocore.exceptions import ClientError  # noqa: PLC0415 — botocore loads only for the S3 store

        try:
            head: dict[str, Any] = self.client.head_object(Bucket=self.bucket, Key=self.key(sha256))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise
        return head

    def put(self, source: Source, *, max_size: int | None = None) -> BlobRef:
        tmp, ref = _spool(source, None, max_size)
        try:
            if self._head(ref.sha256) is None:
                self.client.upload_fileobj(
                    tmp,
                    self.bucket,
                    self.key(ref.sha256),
                    ExtraArgs={"Metadata": {"sha256": ref.sha256}, "ContentType": "application/octet-stream"},
                )
        finally:
            tmp.close()
            Path(tmp.name).unlink(missing_ok=True)
        return ref

    def open(self, sha256: str) -> io.BufferedReader:
        from botocore.exceptions import ClientError  # noqa: PLC0415 — botocore loads only for the S3 store

        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.key(sha256))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                raise BlobNotFound(sha256) from exc
            raise
        return io.BufferedReader(VerifyingReader(response["Body"], sha256), CHUNK_SIZE)

    def exists(self, sha256: str) -> bool:
        return self._head(sha256) is not None

    def size(self, sha256: str) -> int:
        head = self._head(sha256)
        if head is None:
            raise BlobNotFound(sha256)
        return int(head["ContentLength"])


@lru_cache(maxsize=8)
def _cached_store(kind: str, *args: str) -> BlobStore:
    if kind == "s3":
        endpoint, bucket, access_key, secret_key, region, prefix = args
        return S3BlobStore(
            bucket=bucket,
            endpoint_url=endpoint,
            access_key=access_key,
            secret_key=secret_key,
            region=region,
            prefix=prefix,
        )
    return LocalBlobStore(args[0])


def get_blob_store() -> BlobStore:
    """The store the settings choose: ``FAZHI_STORAGE`` = ``local`` (default) or ``s3``."""
    kind = getattr(settings, "FAZHI_STORAGE", "local") or "local"
    if kind == "local":
        root = getattr(settings, "FAZHI_BLOB_ROOT", None) or Path(settings.MEDIA_ROOT) / "blobs"
        return _cached_store("local", str(root))
    if kind == "s3":
        return _cached_store(
            "s3",
            getattr(settings, "FAZHI_S3_ENDPOINT", ""),
            getattr(settings, "FAZHI_S3_BUCKET", ""),
            getattr(settings, "FAZHI_S3_ACCESS_KEY", ""),
            getattr(settings, "FAZHI_S3_SECRET_KEY", ""),
            getattr(settings, "FAZHI_S3_REGION", ""),
            getattr(settings, "FAZHI_S3_PREFIX", "blobs/"),
        )
    raise ImproperlyConfigured(f"FAZHI_STORAGE={kind!r} 无效：应为 local 或 s3。")
