"""The district service's TLS certificate, and the fingerprint an okrug pins at set-up.

The district makes its own certificate (ECDSA P-256, self-signed, valid ten
years) once, in ``DATA/district-tls/``; no certificate authority is involved.
An okrug pins exactly that certificate: it takes it from a file or from the
service itself, and only when its fingerprint matches the one the district
reads over the telephone, the same way it takes the district's key. The
fingerprint is the first 128 bits of the SHA-256 of the certificate (DER), in
eight groups of four hex digits, like the key fingerprints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import os
import socket
import ssl
import sys
from dataclasses import dataclass
from pathlib import Path

from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.sync.atomic import write_atomic
from zhoob_desktop.services.sync.errors import SyncError

TLS_DIR = "district-tls"
CERT_FILE = "district-cert.pem"
KEY_FILE = "district-tls-key.pem"
CERT_MAX = 64 * 1024
VALID_DAYS = 3650


class CertificateInvalid(SyncError):
    template = N_("The certificate file {path} cannot be read: {detail}.")


class CertificateMismatch(SyncError):
    template = N_(
        "The district service's certificate has the fingerprint {fingerprint}, not {expected} as the "
        "district read it to you; it was not taken. Check the address and ask the district again."
    )


def fingerprint_of(der: bytes) -> str:
    """The certificate's fingerprint as read aloud: eight groups of four hex digits."""
    digest = hashlib.sha256(der).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def bare(text: str) -> str:
    return "".join(ch for ch in str(text).lower() if ch in "0123456789abcdef")


def pem_to_der(pem: str, path: str = "") -> bytes:
    try:
        return ssl.PEM_cert_to_DER_cert(pem)
    except (ValueError, TypeError) as exc:
        raise CertificateInvalid(path=path, detail=_("not a certificate in PEM format")) from exc


def read_certificate(path: Path) -> str:
    """The PEM text of a certificate file, checked to be one certificate."""
    path = Path(path)
    try:
        if path.stat().st_size > CERT_MAX:
            raise CertificateInvalid(path=str(path), detail=_("the file is far too large for a certificate"))
        text = path.read_text("ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise CertificateInvalid(path=str(path), detail=_("not a certificate in PEM format")) from exc
    pem_to_der(text, str(path))
    return text


@dataclass(frozen=True)
class ServerCertificate:
    """The service's certificate and private key files, and the certificate's fingerprint."""

    cert: Path
    key: Path
    fingerprint: str

    @property
    def pem(self) -> str:
        return self.cert.read_text("ascii")


def _names(hosts: list[str]) -> list:
    from cryptography import x509

    out, seen = [], set()
    for host in hosts:
        if not host or host in seen:
            continue
        seen.add(host)
        try:
            out.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            out.append(x509.DNSName(host))
    return out


def make_certificate(folder: Path, name: str, hosts: list[str]) -> ServerCertificate:
    """A new self-signed certificate and key in ``folder`` (key file mode 0600)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, (name or "Zhoob district")[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Zhoob Desktop"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    hosts = [*hosts, "localhost", "127.0.0.1", socket.gethostname()]
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(_names(hosts)), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32":
        os.chmod(folder, 0o700)
    pem_key = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    write_atomic(folder / KEY_FILE, pem_key, mode=0o600)
    der = cert.public_bytes(serialization.Encoding.DER)
    write_atomic(folder / CERT_FILE, cert.public_bytes(serialization.Encoding.PEM), mode=0o600)
    return ServerCertificate(folder / CERT_FILE, folder / KEY_FILE, fingerprint_of(der))


def server_certificate(folder: Path, name: str = "", hosts: list[str] | None = None) -> ServerCertificate:
    """The district's certificate in ``folder``, made on first use."""
    folder = Path(folder)
    cert, key = folder / CERT_FILE, folder / KEY_FILE
    if cert.exists() and key.exists():
        return ServerCertificate(cert, key, fingerprint_of(pem_to_der(read_certificate(cert), str(cert))))
    return make_certificate(folder, name, hosts or [])


def given_certificate(cert: Path, key: Path) -> ServerCertificate:
    """A certificate the district got elsewhere (its own authority...): still pinned by fingerprint."""
    text = read_certificate(cert)
    if not Path(key).exists():
        raise CertificateInvalid(path=str(key), detail=_("the private key file does not exist"))
    return ServerCertificate(Path(cert), Path(key), fingerprint_of(pem_to_der(text, str(cert))))


__all__ = [
    "CertificateInvalid",
    "CertificateMismatch",
    "ServerCertificate",
    "bare",
    "fingerprint_of",
    "given_certificate",
    "make_certificate",
    "pem_to_der",
    "read_certificate",
    "server_certificate",
]
