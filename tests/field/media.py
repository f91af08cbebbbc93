"""Test media for the field client: a JPEG with EXIF GPS and capture time, a signature PNG, as data URLs."""

from __future__ import annotations

import base64
import hashlib
import io

from PIL import Image, ImageDraw

# 24°07'24.44"N 113°39'15.56"E
GPS_LATITUDE = 24 + 7 / 60 + 24.44 / 3600
GPS_LONGITUDE = 113 + 39 / 60 + 15.56 / 3600


def gps_jpeg(taken: str = "2025:03:03 09:30:00", colour: str = "red") -> bytes:
    img = Image.new("RGB", (64, 48), colour)
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = taken  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (24.0, 7.0, 24.44), "E", (113.0, 39.0, 15.56)
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


def signature_png(seed: int = 0) -> bytes:
    img = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    ImageDraw.Draw(img).line([(10, 80), (100 + seed, 20), (290, 70 - seed)], fill="black", width=4)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def data_url(content: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
