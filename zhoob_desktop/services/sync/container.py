"""The bundle file itself: a zip of member files, a manifest listing their SHA-256, a signature.

Knows nothing about the database. ``BundleWriter`` streams members into a
temporary file and moves it into place only after the signed manifest is
written; ``BundleReader`` checks, in order, the size of the zip's directory,
every entry's flags and method, the manifest (size, nesting, fields), the
format version, the signature, the exact set of members and every member's
hash, and opens sealed members with the district's key. Every read is capped
(``bounded``): nothing is inflated beyond what the manifest announces, and a
large member is read as a stream into a bounded buffer (``BundleReader.plain``).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.sync import bounded
from zhoob_desktop.services.sync import seal as sealbox
from zhoob_desktop.services.sync.errors import (
    BundleTooLarge,
    EntryEncrypted,
    EntryUnsupported,
    HashMismatch,
    ManifestInvalid,
    MemberMissing,
    MemberOversized,
    MemberSizeMismatch,
    MemberUnexpected,
    NotABundle,
    SealedForOtherKey,
    SealedMemberDamaged,
    SignatureInvalid,
)
from zhoob_desktop.services.sync.keys import fingerprint, raw_public, verify
from zhoob_desktop.services.sync.manifest import FORMAT, FORMAT_VERSION, SEALED, parse
from zhoob_desktop.services.sync.scratch import Scratch

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
RESERVED = {MANIFEST, SIGNATURE}


def canonical_json(value: Any) -> bytes:
    """The one byte form that is hashed and signed: sorted keys, compact, UTF-8."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class MemberWriter:
    """One member on its way into the zip: plain bytes in; compressed, sealed, hashed bytes out.

    Plain bytes are gathered into blocks of ``BLOCK`` bytes before they are
    compressed, so writing a record at a time costs no more than writing the
    whole member at once, and no more than a block is held.
    """

    BLOCK = 256 * 1024

    def __init__(self, out: IO[bytes], encoding: str, seal_to: bytes | None, name: str):
        self.records = 0
        self.size = 0
        self._out = out
        self._encoding = encoding
        self._digest = hashlib.sha256()
        self._zlib = zlib.compressobj(6) if encoding != "plain" else None
        self._sealer = sealbox.Sealer(seal_to, aad=name.encode("utf-8")) if encoding == SEALED else None
        self._pending: list[bytes] = []
        self._pending_size = 0
        if self._sealer is not None:
            self._emit(self._sealer.header)

    def write(self, data: bytes) -> None:
        self.size += len(data)
        self._pending.append(data)
        self._pending_size += len(data)
        if self._pending_size >= self.BLOCK:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        block = b"".join(self._pending)
        self._pending.clear()
        self._pending_size = 0
        if self._zlib is not None:
            block = self._zlib.compress(block)
        if self._sealer is not None:
            block = self._sealer.update(block)
        self._emit(block)

    def _emit(self, data: bytes) -> None:
        if data:
            self._digest.update(data)
            self._out.write(data)

    def close(self) -> dict[str, Any]:
        """Finish the member; its manifest entry (without kind and records)."""
        self._flush()
        tail = self._zlib.flush() if self._zlib is not None else b""
        if self._sealer is not None:
            tail = self._sealer.update(tail) + self._sealer.finish()
        self._emit(tail)
        self._out.close()
        return {"size": self.size, "encoding": self._encoding, "sha256": self._digest.hexdigest()}


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
        with self.member(name, kind=kind) as member:
            member.write(data)
            member.records = records

    @contextmanager
    def member(self, name: str, *, kind: str) -> Iterator[MemberWriter]:
        """Write one member as a stream: ``write`` its plain bytes in pieces, set ``records``.

        The member is in the bundle once the block ends without an error.
        """
        if name in self.files or name in RESERVED:
            raise ValueError(f"duplicate bundle member {name}")
        if self.seal_to is not None:
            encoding = SEALED
        elif name.endswith(".pdf"):  # PDF streams are compressed already
            encoding = "plain"
        else:
            encoding = "zlib"
        # Members are stored as they are hashed, so every byte of the file is covered by a hash.
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        out = self._zip.open(info, "w")
        member = MemberWriter(out, encoding, self.seal_to, name)
        try:
            yield member
            entry = member.close()
        except BaseException:
            out.close()
            raise
        self.files[name] = {"kind": kind, "records": member.records, **entry}

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


# What a damaged or foreign zip makes zipfile raise while its directory or a member is read.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    zlib.error,
    ValueError,
    struct.error,
    NotImplementedError,
    RuntimeError,
    OverflowError,
    IndexError,
    KeyError,
)
# Entry flags: encrypted, compressed patched data, strong encryption.
_FLAG_ENCRYPTED = 0x1
_FLAG_PATCHED = 0x20
_FLAG_STRONG = 0x40
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_SEAL_OVERHEAD = sealbox.HEADER + sealbox.TAG
# A member read for decoding is kept in memory up to this size, in an encrypted temporary file beyond.
SPOOL_MEMORY = 4 * bounded.MiB


def _shown(name: str) -> str:
    """A member name as it may appear in a message (a hostile name can be long)."""
    return name if len(name) <= bounded.MAX_NAME else name[: bounded.MAX_NAME - 1] + "…"


def stored_limit(size: int, encoding: str) -> int:
    """The most bytes a member of this plain size and encoding may take in the zip."""
    if encoding == "plain":
        return size
    deflated = size + (size >> 3) + (size >> 6) + 64  # zlib's own bound, rounded up
    return deflated + (_SEAL_OVERHEAD if encoding == SEALED else 0)


class _Filled:
    """A buffer of exactly a member's plain size, filled in place (``read``: no second copy)."""

    def __init__(self, size: int):
        self.data = bytearray(size)
        self._view = memoryview(self.data)
        self._pos = 0

    def write(self, piece: bytes) -> None:
        end = self._pos + len(piece)
        if end > len(self.data):  # more than announced: the caller's cap refuses it first
            raise MemberSizeMismatch(path="", member="", expected=len(self.data))
        self._view[self._pos : end] = piece
        self._pos = end


class BundleReader:
    """Reads and verifies a bundle without trusting a single byte that is not verified."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._zip = self._open()
        try:
            self._load()
        except BaseException:
            self._zip.close()
            raise

    def _fail(self, detail: str) -> NotABundle:
        return NotABundle(path=str(self.path), detail=detail)

    def _open(self) -> zipfile.ZipFile:
        try:
            entries, directory = bounded.zip_directory(self.path)
        except (OSError, ValueError, struct.error) as exc:
            raise self._fail(_("it is not a complete zip archive")) from exc
        if entries > bounded.MAX_MEMBERS:
            raise BundleTooLarge(
                path=str(self.path),
                detail=_("files in it: {count}; a bundle has at most {limit}").format(
                    count=entries, limit=bounded.MAX_MEMBERS
                ),
            )
        if directory > bounded.MAX_DIRECTORY:
            raise BundleTooLarge(
                path=str(self.path),
                detail=_("its list of files takes {size} bytes; a bundle's takes at most {limit}").format(
                    size=directory, limit=bounded.MAX_DIRECTORY
                ),
            )
        try:
            return zipfile.ZipFile(self.path)
        except UnicodeDecodeError as exc:
            raise self._fail(_("a file name in it is not valid UTF-8")) from exc
        except ZIP_ERRORS as exc:
            raise self._fail(_("it is not a complete zip archive")) from exc

    def _load(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > bounded.MAX_MEMBERS:
            raise BundleTooLarge(
                path=str(self.path),
                detail=_("files in it: {count}; a bundle has at most {limit}").format(
                    count=len(infos), limit=bounded.MAX_MEMBERS
                ),
            )
        names = [info.filename for info in infos]
        if len(set(names)) != len(names):
            raise self._fail(_("a file name appears twice"))
        for info in infos:
            if info.flag_bits & (_FLAG_ENCRYPTED | _FLAG_STRONG):
                raise EntryEncrypted(path=str(self.path), member=_shown(info.filename))
            if info.compress_type not in _METHODS or info.flag_bits & _FLAG_PATCHED:
                raise EntryUnsupported(
                    path=str(self.path), member=_shown(info.filename), method=info.compress_type
                )
        self._infos = {info.filename: info for info in infos}
        self.names = set(names)
        if MANIFEST not in self.names:
            raise self._fail(_("it has no manifest"))
        try:
            self.manifest_bytes = bounded.read_capped(self._zip, self._infos[MANIFEST], bounded.MANIFEST_MAX)
        except bounded.TooLarge as exc:
            raise BundleTooLarge(
                path=str(self.path),
                detail=_("its manifest is larger than {limit} bytes").format(limit=bounded.MANIFEST_MAX),
            ) from exc
        except ZIP_ERRORS as exc:
            raise ManifestInvalid(
                path=str(self.path), detail=_("it was changed after it was written")
            ) from exc
        self.signature: bytes | None = None
        if SIGNATURE in self.names:
            try:
                self.signature = bounded.read_capped(
                    self._zip, self._infos[SIGNATURE], bounded.SIGNATURE_SIZE
                )
            except (bounded.TooLarge, *ZIP_ERRORS):
                self.signature = None  # no signature: refused when the signature is checked
        self.manifest, self.info = parse(self.manifest_bytes, self.path)

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
        """Exactly the listed members are present and each one's SHA-256 matches the manifest.

        Each member is hashed as a stream, never held whole, and refused as
        soon as it is longer than its manifest entry allows.
        """
        listed = self.info.files
        for name in sorted(listed):
            if name not in self.names:
                raise MemberMissing(path=str(self.path), member=name)
        for name in sorted(self.names - RESERVED):
            if name not in listed:
                raise MemberUnexpected(path=str(self.path), member=_shown(name))
        for name in sorted(listed):
            entry = listed[name]
            limit = stored_limit(entry.size, entry.encoding)
            inflates_to = entry.size if entry.encoding == "zlib" else None
            try:
                digest = bounded.hash_capped(self._zip, self._infos[name], limit, inflates_to=inflates_to)
            except bounded.TooLarge as exc:
                raise MemberOversized(path=str(self.path), member=name, limit=limit) from exc
            except bounded.SizeMismatch as exc:
                if self._hash_only(name) != entry.sha256:
                    raise HashMismatch(path=str(self.path), member=name) from exc
                raise MemberSizeMismatch(path=str(self.path), member=name, expected=entry.size) from exc
            except ZIP_ERRORS as exc:
                # A flipped byte breaks the zip's own CRC before our hash sees it: same verdict.
                raise HashMismatch(path=str(self.path), member=name) from exc
            if digest != entry.sha256:
                raise HashMismatch(path=str(self.path), member=name)

    def _hash_only(self, name: str) -> str:
        """The member's SHA-256 alone (to tell a changed member from one signed with a wrong size)."""
        entry = self.info.files[name]
        try:
            return bounded.hash_capped(self._zip, self._infos[name], stored_limit(entry.size, entry.encoding))
        except (bounded.TooLarge, *ZIP_ERRORS):
            return ""

    def read(self, name: str, seal_key: X25519PrivateKey | None = None) -> bytes | bytearray:
        """A verified member's plain bytes (opened with the district's key when sealed), whole.

        For small members (a sitting, a journal, a paper); large ones are read
        as a stream with ``plain``.
        """
        opener = self._opener(name, seal_key)
        out = _Filled(self.info.files[name].size)
        self._fill(name, self.info.files[name], opener, out)
        return out.data

    @contextmanager
    def plain(self, name: str, seal_key: X25519PrivateKey | None = None) -> Iterator[IO[bytes]]:
        """A verified member's plain bytes as a file to read from, never held whole.

        The stored bytes are read once, as a stream capped by the manifest
        entry: hashed, opened (when sealed) and inflated on the way into a
        buffer of at most the member's plain size, kept in memory up to
        ``SPOOL_MEMORY`` bytes and beyond that in a temporary file only this
        process can read (``scratch.Scratch``: encrypted). Only when
        the hash, the seal's tag and the exact size have been checked is the
        buffer handed over; the checks fail in the order: size of the stored
        bytes, hash (``MemberOversized``, ``HashMismatch``), seal
        (``SealedForOtherKey`` before anything is read, ``SealedMemberDamaged``),
        plain size (``MemberSizeMismatch``).
        """
        entry = self.info.files[name]
        opener = self._opener(name, seal_key)
        with Scratch(SPOOL_MEMORY) as out:
            self._fill(name, entry, opener, out)
            yield out.reader()

    def _opener(self, name: str, seal_key: X25519PrivateKey | None) -> sealbox.Opener | None:
        """How a sealed member is opened (``SealedForOtherKey`` before a byte of it is read)."""
        if self.info.files[name].encoding != SEALED:
            return None
        own = fingerprint(raw_public(seal_key.public_key())) if seal_key is not None else None
        if own is None or self.info.sealed_to != own:
            raise SealedForOtherKey(
                path=str(self.path),
                member=name,
                recipient=_shown(self.info.sealed_to or ""),
                own=own or "—",
            )
        return sealbox.Opener(seal_key, aad=name.encode("utf-8"))

    def _fill(self, name: str, entry, opener: sealbox.Opener | None, out: IO[bytes]) -> None:
        limit = stored_limit(entry.size, entry.encoding)
        inflater = zlib.decompressobj() if entry.encoding != "plain" else None
        digest = hashlib.sha256()
        produced = 0
        damaged = short = False
        try:
            for chunk in bounded.stream_capped(self._zip, self._infos[name], limit):
                digest.update(chunk)
                if opener is not None:
                    try:
                        chunk = opener.feed(chunk) if not damaged else b""
                    except sealbox.SealError:
                        damaged = True
                        chunk = b""
                if inflater is None:
                    out.write(chunk)
                    produced += len(chunk)
                elif chunk and not short:
                    try:
                        for piece in bounded.inflate_pieces(inflater, chunk, entry.size - produced):
                            out.write(piece)
                            produced += len(piece)
                    except bounded.SizeMismatch:
                        short = True
        except bounded.TooLarge as exc:
            raise MemberOversized(path=str(self.path), member=name, limit=limit) from exc
        except ZIP_ERRORS as exc:
            raise HashMismatch(path=str(self.path), member=name) from exc
        # Read again since it was hashed: the file may have changed in between.
        if digest.hexdigest() != entry.sha256:
            raise HashMismatch(path=str(self.path), member=name)
        if opener is not None:
            try:
                if damaged:
                    raise sealbox.SealError("cannot open")
                tail = opener.finish()
            except sealbox.SealError as exc:
                raise SealedMemberDamaged(path=str(self.path), member=name) from exc
            if tail and not short:
                try:
                    for piece in bounded.inflate_pieces(inflater, tail, entry.size - produced):
                        out.write(piece)
                        produced += len(piece)
                except bounded.SizeMismatch:
                    short = True
        if inflater is not None and not short:
            try:
                for piece in bounded.inflate_pieces(inflater, b"", entry.size - produced):
                    out.write(piece)
                    produced += len(piece)
            except bounded.SizeMismatch:
                short = True
            short = short or not inflater.eof
        if short or produced != entry.size:
            raise MemberSizeMismatch(path=str(self.path), member=name, expected=entry.size)
