"""The content-addressed blob store: local disk and S3-compatible (moto's in-memory S3, no network)."""

from __future__ import annotations

import hashlib
import io
import stat

import pytest

from fazhi.core import storage
from fazhi.core.storage import (
    BlobCorrupted,
    BlobNotFound,
    BlobTooLarge,
    LocalBlobStore,
    S3BlobStore,
    get_blob_store,
)

DATA = b"\xff\xd8\xff" + b"evidence bytes " * 1000
SHA = hashlib.sha256(DATA).hexdigest()


@pytest.fixture
def store(tmp_path) -> LocalBlobStore:  # type: ignore[no-untyped-def]
    return LocalBlobStore(tmp_path / "blobs")


def _files(root) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_blob_is_stored_under_its_sha256_in_two_levels_of_folders(store, tmp_path) -> None:
    ref = store.put(DATA)
    assert (ref.sha256, ref.size) == (SHA, len(DATA))
    assert _files(tmp_path / "blobs") == [f"{SHA[:2]}/{SHA[2:4]}/{SHA}"]
    assert store.exists(SHA) and store.size(SHA) == len(DATA)
    with store.open(SHA) as reader:
        assert reader.read() == DATA


def test_the_same_content_stored_twice_is_stored_once(store, tmp_path) -> None:
    first = store.put(DATA)
    second = store.put(io.BytesIO(DATA))
    assert first == second
    assert len(_files(tmp_path / "blobs")) == 1


def test_a_stream_is_copied_in_chunks_and_hashed_while_written(store, monkeypatch) -> None:
    monkeypatch.setattr(storage, "CHUNK_SIZE", 7)
    ref = store.put(io.BytesIO(DATA))
    assert ref.sha256 == SHA
    with store.open(SHA) as reader:
        assert reader.read() == DATA


def test_a_django_file_is_stored_from_its_chunks(store) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    ref = store.put(SimpleUploadedFile("a.jpg", DATA))
    assert ref.sha256 == SHA


def test_a_stored_blob_is_read_only_on_disk(store) -> None:
    store.put(DATA)
    mode = store.path(SHA).stat().st_mode
    assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def test_a_stream_over_the_limit_is_refused_and_leaves_nothing_behind(store, tmp_path) -> None:
    with pytest.raises(BlobTooLarge):
        store.put(io.BytesIO(DATA), max_size=len(DATA) - 1)
    assert _files(tmp_path / "blobs") == []
    assert store.put(io.BytesIO(DATA), max_size=len(DATA)).size == len(DATA)


def test_a_tampered_blob_is_detected_by_verify_and_by_reading_it(store) -> None:
    store.put(DATA)
    path = store.path(SHA)
    path.chmod(0o644)
    path.write_bytes(DATA.replace(b"evidence", b"EVIDENCE", 1))
    assert store.verify(SHA) is False
    with pytest.raises(BlobCorrupted) as exc, store.open(SHA) as reader:
        reader.read()
    assert exc.value.sha256 == SHA


def test_an_intact_blob_verifies(store) -> None:
    store.put(DATA)
    assert store.verify(SHA) is True


def test_a_missing_blob_is_not_found(store) -> None:
    assert store.exists(SHA) is False
    with pytest.raises(BlobNotFound):
        store.open(SHA)
    with pytest.raises(BlobNotFound):
        store.size(SHA)


def test_a_name_that_is_not_a_sha256_is_refused_so_no_path_escapes_the_root(store) -> None:
    with pytest.raises(ValueError):
        store.open("../../etc/passwd")


def test_the_settings_choose_local_storage_under_the_media_root_by_default(settings, tmp_path) -> None:
    settings.FAZHI_STORAGE = "local"
    settings.FAZHI_BLOB_ROOT = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    chosen = get_blob_store()
    assert isinstance(chosen, LocalBlobStore)
    assert chosen.root == tmp_path / "media" / "blobs"


def test_an_unknown_storage_setting_is_refused(settings) -> None:
    from django.core.exceptions import ImproperlyConfigured

    settings.FAZHI_STORAGE = "ftp"
    with pytest.raises(ImproperlyConfigured):
        get_blob_store()


# --- S3-compatible storage, against moto's in-memory S3 --------------------------------------------------------


@pytest.fixture
def s3(monkeypatch):  # type: ignore[no-untyped-def]
    moto = pytest.importorskip("moto")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    with moto.mock_aws():
        import boto3

        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="fazhi-evidence")
        yield


def _s3_store() -> S3BlobStore:
    return S3BlobStore(bucket="fazhi-evidence", access_key="test", secret_key="test", region="us-east-1")


def test_the_s3_backend_round_trips_a_blob(s3) -> None:
    store = _s3_store()
    ref = store.put(io.BytesIO(DATA))
    assert (ref.sha256, ref.size) == (SHA, len(DATA))
    assert store.exists(SHA) and store.size(SHA) == len(DATA)
    with store.open(SHA) as reader:
        assert reader.read() == DATA
    assert store.verify(SHA) is True


def test_the_s3_backend_stores_the_same_content_once(s3) -> None:
    store = _s3_store()
    store.put(DATA)
    store.put(DATA)
    listing = store.client.list_objects_v2(Bucket="fazhi-evidence")
    assert [o["Key"] for o in listing["Contents"]] == [f"blobs/{SHA[:2]}/{SHA[2:4]}/{SHA}"]


def test_the_s3_backend_detects_a_tampered_object(s3) -> None:
    store = _s3_store()
    store.put(DATA)
    store.client.put_object(Bucket="fazhi-evidence", Key=store.key(SHA), Body=b"something else")
    assert store.verify(SHA) is False


def test_the_s3_backend_reports_a_missing_object(s3) -> None:
    store = _s3_store()
    assert store.exists(SHA) is False
    with pytest.raises(BlobNotFound):
        store.open(SHA)


def test_the_settings_choose_s3_storage(settings, s3) -> None:
    settings.FAZHI_STORAGE = "s3"
    settings.FAZHI_S3_BUCKET = "fazhi-evidence"
    settings.FAZHI_S3_ENDPOINT = ""
    settings.FAZHI_S3_ACCESS_KEY = "test"
    settings.FAZHI_S3_SECRET_KEY = "test"
    settings.FAZHI_S3_REGION = "us-east-1"
    settings.FAZHI_S3_PREFIX = "blobs/"
    storage._cached_store.cache_clear()
    chosen = get_blob_store()
    assert isinstance(chosen, S3BlobStore)
    assert chosen.put(DATA).sha256 == SHA
    storage._cached_store.cache_clear()
