"""Signing identities: an offline organisation CA and role-bearing certificates in PKCS#12 files.

An identity file is a PKCS#12 archive (AES-256, PBKDF2-SHA256 with 600,000 rounds) holding
one EC P-256 private key, its certificate and the certificate of the CA that issued it; the
private key exists nowhere else. A signing certificate records its holder's role (author,
reviewer or approver) in the subject's *title* attribute (OID 2.5.4.12), so a verifier reads
the role from the certificate that made the signature. Signing certificates carry the key
usages digitalSignature and nonRepudiation; CA certificates keyCertSign and cRLSign.

Passphrases are passed in by the caller as text and are never stored or logged here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from workbench.domain import InputError, PermissionDenied, SignerRole
from workbench.runtime.inputs import Limit, read_input_bytes

KDF_ROUNDS = 600_000
CA_VALID_DAYS = 3650
SIGNER_VALID_DAYS = 825
#: Clock skew allowed between the machine that issues and the one that signs.
BACKDATE = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Identity:
    """A loaded identity: its key, certificate, role, and the certificates that issued it."""

    name: str
    role: SignerRole | None
    is_ca: bool
    certificate: x509.Certificate
    private_key: ec.EllipticCurvePrivateKey
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the certificate (DER), as recorded with a sign-off."""
        return certificate_sha256(self.certificate)

    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def certificate_sha256(certificate: x509.Certificate) -> str:
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def role_of(certificate: x509.Certificate) -> SignerRole | None:
    """The signer role a certificate records in its subject title, if any."""
    for attribute in certificate.subject.get_attributes_for_oid(NameOID.TITLE):
        try:
            return SignerRole(str(attribute.value))
        except ValueError:
            continue
    return None


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return bool(certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


#: Longest passphrase accepted (characters).
MAX_PASSPHRASE = 1024
#: Most PBKDF2 / MAC iterations an identity file may ask for before it is opened: ours use
#: KDF_ROUNDS; a file asking for billions would hang the machine deriving its key.
MAX_ITERATIONS = Limit("WORKBENCH_MAX_PKCS12_ITERATIONS", 10 * KDF_ROUNDS)


def _secret(passphrase: str) -> bytes:
    """The passphrase as bytes; refused in one line when empty, too long or not plain text."""
    if not passphrase:
        raise InputError("the passphrase is empty; an identity file must be protected")
    if len(passphrase) > MAX_PASSPHRASE:
        raise InputError(f"the passphrase is longer than {MAX_PASSPHRASE} characters")
    bad = next((c for c in passphrase if unicodedata.category(c) in ("Cc", "Cs")), None)
    if bad is not None:
        what = "a NUL byte" if bad == "\0" else f"the control character U+{ord(bad):04X}"
        if unicodedata.category(bad) == "Cs":
            what = "bytes that are not UTF-8 text"
        raise InputError(f"the passphrase holds {what}; use printable characters only")
    return passphrase.encode("utf-8")


#: Bidirectional-text controls: they make a printed name read differently from its bytes.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _control_character(name: str) -> str | None:
    """The first control character in ``name`` (newline, tab, escape, bidi override…), if any."""
    for char in name:
        if unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS:
            return char
    return None


def _iterations(data: bytes) -> list[int]:
    """The MAC and key-derivation iteration counts a PKCS#12 file asks for, read from its
    ASN.1 before any key is derived; ValueError if it is not a PKCS#12 file."""
    pfx = asn1_pkcs12.Pfx.load(data, strict=True)
    counts: list[int] = []
    mac = pfx["mac_data"]
    if mac.native is not None:
        counts.append(int(mac["iterations"].native))
    for info in pfx.authenticated_safe:
        kind = info["content_type"].native
        if kind == "encrypted_data":
            algorithm = info["content"]["encrypted_content_info"]["content_encryption_algorithm"]
            counts.append(int(algorithm.kdf_iterations))
        elif kind == "data":
            contents = asn1_pkcs12.SafeContents.load(info["content"].native)
            for bag in contents:
                if bag["bag_id"].native == "pkcs8_shrouded_key_bag":
                    counts.append(int(bag["bag_value"]["encryption_algorithm"].kdf_iterations))
    return counts


def _check_iterations(data: bytes, path: Path) -> None:
    try:
        counts = _iterations(data)
    except Exception:  # asn1crypto raises ValueError, TypeError, KeyError… on foreign bytes
        raise InputError(f"cannot open {path}: not a PKCS#12 identity file") from None
    most = MAX_ITERATIONS.value()
    if counts and max(counts) > most:
        raise InputError(
            f"{path} asks for {max(counts):,} key-derivation iterations, more than the "
            f"{most:,} allowed (set {MAX_ITERATIONS.env} to change it); not opened"
        )


def _clean_name(name: str, what: str) -> str:
    control = _control_character(name)
    if control is not None:
        raise InputError(
            f"the {what} name contains the control character U+{ord(control):04X}; "
            "names are printed on packets and may hold only printable text",
            about="name",
        )
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InputError(f"the {what} name is empty", about="name")
    if len(cleaned) > 64:
        raise InputError(f"the {what} name is longer than 64 characters (a certificate limit)")
    return cleaned


def _write_new(path: Path, data: bytes) -> None:
    """Write a new private file (mode 0600) atomically; never overwrite an identity."""
    path = Path(path)
    if path.exists():
        raise InputError(
            f"{path} already exists; choose another file name (keys are never overwritten)"
        )
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"cannot write {path}: folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.link(tmp, path)  # fails if the file appeared meanwhile
    except FileExistsError:
        raise InputError(f"{path} already exists; choose another file name") from None
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _archive(identity: Identity, passphrase: str) -> bytes:
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(KDF_ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(_secret(passphrase))
    )
    return pkcs12.serialize_key_and_certificates(
        identity.name.encode("utf-8"),
        identity.private_key,
        identity.certificate,
        list(identity.chain) or None,
        encryption,
    )


def _key_usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signer,
        content_commitment=signer,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


def create_ca(
    path: Path, name: str, passphrase: str, *, now: dt.datetime | None = None
) -> Identity:
    """Make an offline organisation CA and write it to a new PKCS#12 file at ``path``."""
    org = _clean_name(name, "organisation")
    _secret(passphrase)  # refuse an empty passphrase before any key work
    moment = now or dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"{org} signing CA"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(moment - BACKDATE)
        .not_valid_after(moment + dt.timedelta(days=CA_VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signer=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    identity = Identity(org, None, True, certificate, key)
    _write_new(path, _archive(identity, passphrase))
    return identity


def create_identity(
    path: Path,
    name: str,
    role: SignerRole,
    passphrase: str,
    *,
    ca: Identity | None = None,
    now: dt.datetime | None = None,
) -> Identity:
    """Issue a signing certificate for ``name`` in ``role`` (self-signed without ``ca``)."""
    holder = _clean_name(name, "signer")
    _secret(passphrase)
    if ca is not None and not ca.is_ca:
        raise InputError(
            f"{ca.name} is a signing identity, not a CA; pass a file made with 'identity ca'"
        )
    moment = now or dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [
        x509.NameAttribute(NameOID.COMMON_NAME, holder),
        x509.NameAttribute(NameOID.TITLE, SignerRole(role).value),
    ]
    if ca is not None:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, ca.name))
    subject = x509.Name(attributes)
    issuer_key = ca.private_key if ca is not None else key
    not_after = moment + dt.timedelta(days=SIGNER_VALID_DAYS)
    if ca is not None:
        not_after = min(not_after, ca.certificate.not_valid_after_utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject if ca is not None else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(moment - BACKDATE)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signer=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    certificate = builder.sign(issuer_key, hashes.SHA256())
    chain = (ca.certificate, *ca.chain) if ca is not None else ()
    identity = Identity(holder, SignerRole(role), False, certificate, key, chain)
    _write_new(path, _archive(identity, passphrase))
    return identity


def load_identity(path: Path, passphrase: str) -> Identity:
    """Open an identity file; a wrong passphrase or a file that is not one is an InputError."""
    path = Path(path)
    secret = _secret(passphrase)
    data = read_input_bytes(path, "identity file")
    _check_iterations(data, path)
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(data, secret)
    except ValueError:
        raise InputError(
            f"cannot open {path}: wrong passphrase, or not a PKCS#12 identity file"
        ) from None
    if certificate is None or not isinstance(key, ec.EllipticCurvePrivateKey):
        raise InputError(f"{path} holds no EC signing key and certificate made by the workbench")
    is_ca = _is_ca(certificate)
    name = common_name(certificate.subject)
    if is_ca:
        orgs = certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
        name = str(orgs[0].value) if orgs else name
    return Identity(name, role_of(certificate), is_ca, certificate, key, tuple(others))


def export_certificate(identity: Identity, out: Path) -> Path:
    """Write the identity's certificate (public, PEM) — what verifiers pass as ``--trust``."""
    out = Path(out)
    try:
        out.write_bytes(identity.certificate_pem())
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror}") from None
    return out


def load_certificates(paths: Iterable[Path]) -> list[x509.Certificate]:
    """Trust roots from PEM files (several certificates each) or DER files."""
    result: list[x509.Certificate] = []
    for path in paths:
        data = read_input_bytes(Path(path), "trust file")
        try:
            if b"-----BEGIN" in data:
                result.extend(x509.load_pem_x509_certificates(data))
            else:
                result.append(x509.load_der_x509_certificate(data))
        except ValueError:
            raise InputError(f"{path} holds no certificate (expected PEM or DER)") from None
    return result


def require_signer(identity: Identity, path: Path) -> SignerRole:
    """The identity's role; a CA or a certificate without a role may not sign packets."""
    if identity.is_ca:
        raise PermissionDenied(
            f"{path} is a CA identity; CAs issue certificates, they do not sign packets"
        )
    if identity.role is None:
        raise PermissionDenied(
            f"the certificate in {path} records no signer role; make one with 'identity create'"
        )
    return identity.role
