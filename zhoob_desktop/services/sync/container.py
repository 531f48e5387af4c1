"""The bundle file itself: a zip of member files, a manifest listing their SHA-256, a signature.

Knows nothing about the database. ``BundleWriter`` streams members into a
temporary file and moves it into place only after the signed manifest is
written; ``BundleReader`` checks, in order, that the file is a zip, the
manifest, the format version, the signature, the exact set of members and
every member's hash, and opens sealed members with the district's key.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.sync import seal as sealbox
from zhoob_desktop.services.sync.errors import (
    FormatUnsupported,
    HashMismatch,
    ManifestInvalid,
    MemberMissing,
    MemberUnexpected,
    NotABundle,
    SealedForOtherKey,
    SignatureInvalid,
)
from zhoob_desktop.services.sync.keys import fingerprint, verify

FORMAT = "zhoob-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
RESERVED = {MANIFEST, SIGNATURE}


def canonical_json(value: Any) -> bytes:
    """The one byte form that is hashed and signed: sorted keys, compact, UTF-8."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BundleWriter:
    """Collects member files, then writes manifest + signature and publishes the zip atomically.

    With ``seal_to`` (the district's X25519 public key) every member except the
    manifest and its signature is compressed, then sealed, so the file leaks
    nothing without the district's private key.
    """

    def __init__(self, path: Path, sign: Callable[[bytes], bytes], *, seal_to: bytes | None = None):
        self.path = Path(path)
        self.sign = sign
        self.seal_to = seal_to
        self.files: dict[str, dict[str, Any]] = {}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self._fh = os.fdopen(fd, "w+b")
        self._zip = zipfile.ZipFile(self._fh, "w")

    def add(self, name: str, data: bytes, *, kind: str, records: int) -> None:
        """Add one member; ``kind`` and ``records`` let the reader check the manifest counts."""
        if name in self.files or name in RESERVED:
            raise ValueError(f"duplicate bundle member {name}")
        entry: dict[str, Any] = {"kind": kind, "records": records, "size": len(data)}
        if self.seal_to is not None:
            stored = sealbox.seal(zlib.compress(data, 6), self.seal_to, aad=name.encode("utf-8"))
            entry["encoding"] = "zlib+sealed"
        elif name.endswith(".pdf"):  # PDF streams are compressed already
            stored = data
            entry["encoding"] = "plain"
        else:
            stored = zlib.compress(data, 6)
            entry["encoding"] = "zlib"
        # Members are stored as they are hashed, so every byte of the file is covered by a hash.
        compress = zipfile.ZIP_STORED
        entry["sha256"] = sha256(stored)
        self._zip.writestr(
            zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), stored, compress_type=compress
        )
        self.files[name] = entry

    def finish(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """Write the manifest (with the file list) and its signature; publish the file."""
        manifest = dict(manifest)
        manifest["format"] = FORMAT
        manifest["format_version"] = FORMAT_VERSION
        manifest["files"] = self.files
        if self.seal_to is not None:
            manifest["sealed"] = {"algorithm": sealbox.ALGORITHM, "recipient": fingerprint(self.seal_to)}
        else:
            manifest["sealed"] = None
        body = canonical_json(manifest)
        try:
            info = zipfile.ZipInfo(MANIFEST, date_time=(2020, 1, 1, 0, 0, 0))
            self._zip.writestr(info, body, compress_type=zipfile.ZIP_STORED)
            info = zipfile.ZipInfo(SIGNATURE, date_time=(2020, 1, 1, 0, 0, 0))
            self._zip.writestr(info, self.sign(body))
            self._zip.close()
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            os.replace(self._tmp, self.path)
        except BaseException:
            self.abort()
            raise
        return manifest

    def abort(self) -> None:
        """Throw the half-written file away (cancel, error)."""
        try:
            self._zip.close()
        except Exception:  # the zip may already be broken; the file goes anyway
            pass
        try:
            self._fh.close()
        finally:
            try:
                os.unlink(self._tmp)
            except FileNotFoundError:
                pass


class BundleReader:
    """Reads and verifies a bundle without trusting a single byte that is not verified."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
            names = self._zip.namelist()
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise NotABundle(path=str(self.path), detail=_("it is not a complete zip archive")) from exc
        if MANIFEST not in names:
            raise NotABundle(path=str(self.path), detail=_("it has no manifest"))
        try:
            self.manifest_bytes = self._zip.read(MANIFEST)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise ManifestInvalid(
                path=str(self.path), detail=_("it was changed after it was written")
            ) from exc
        try:
            self.signature = self._zip.read(SIGNATURE) if SIGNATURE in names else None
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
            self.signature = None  # a damaged signature is no signature: refused when it is checked
        if len(set(names)) != len(names):
            raise NotABundle(path=str(self.path), detail=_("a file name appears twice"))
        self.names = set(names)
        try:
            manifest = json.loads(self.manifest_bytes.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ManifestInvalid(path=str(self.path), detail=_("it is not JSON")) from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ManifestInvalid(path=str(self.path), detail=_("it is not a manifest of a Zhoob bundle"))
        if manifest.get("format_version") != FORMAT_VERSION:
            raise FormatUnsupported(
                path=str(self.path), found=manifest.get("format_version"), expected=FORMAT_VERSION
            )
        if not isinstance(manifest.get("files"), dict):
            raise ManifestInvalid(path=str(self.path), detail=_("the list of files is missing"))
        self.manifest: dict[str, Any] = manifest

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> BundleReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def verify_signature(self, public_key: bytes, okrug: str) -> None:
        """The manifest is signed by the given Ed25519 key (the okrug's registered key)."""
        if self.signature is None or not verify(public_key, self.signature, self.manifest_bytes):
            raise SignatureInvalid(path=str(self.path), okrug=okrug, fingerprint=fingerprint(public_key))

    def verify_members(self) -> None:
        """Exactly the listed members are present and each one's SHA-256 matches the manifest."""
        listed = self.manifest["files"]
        for name in sorted(listed):
            if name not in self.names:
                raise MemberMissing(path=str(self.path), member=name)
        for name in sorted(self.names - RESERVED):
            if name not in listed:
                raise MemberUnexpected(path=str(self.path), member=name)
        for name in sorted(listed):
            if sha256(self._raw(name)) != listed[name].get("sha256"):
                raise HashMismatch(path=str(self.path), member=name)

    def _raw(self, name: str) -> bytes:
        try:
            return self._zip.read(name)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            # A flipped byte breaks the zip's own CRC before our hash sees it: same verdict.
            raise HashMismatch(path=str(self.path), member=name) from exc

    def read(self, name: str, seal_key: X25519PrivateKey | None = None) -> bytes:
        """A verified member's plain bytes (opened with the district's key when sealed)."""
        raw = self._raw(name)
        entry = self.manifest["files"][name]
        if sha256(raw) != entry.get("sha256"):
            raise HashMismatch(path=str(self.path), member=name)
        encoding = entry.get("encoding")
        if encoding == "plain":
            return raw
        if encoding == "zlib":
            try:
                return zlib.decompress(raw)
            except zlib.error as exc:
                raise HashMismatch(path=str(self.path), member=name) from exc
        if seal_key is None:
            raise SealedForOtherKey(path=str(self.path), member=name)
        try:
            return zlib.decompress(sealbox.open_box(raw, seal_key, aad=name.encode("utf-8")))
        except (sealbox.SealError, zlib.error) as exc:
            raise SealedForOtherKey(path=str(self.path), member=name) from exc
