"""PAdES signing of packets: one signature field per required signer, filled one revision each.

A packet carries an empty signature field for every signature it needs (author, reviewer,
approver), named by role and meaning (``Sig-reviewer-reviewed``), placed on its sign-off page
and earmarked for its role: the field's seed value requires the signer's certificate to name
that role in its subject title, and pyHanko refuses any other certificate. Each field locks
itself once signed (a FieldMDP /Lock on its own name). The first signature certifies the
document (DocMDP, changes limited to filling these fields); every later one fills its own
field as a new incremental revision, so earlier signatures stay valid.

A filled field shows the signature on the page: the printed name, role, meaning, UTC date and
time and the state hash prefix it approves, drawn by the caller's renderer (the packet's
writer draws it in the packet's own fonts) and shown through a pyHanko stamp style.

The signature also records its meaning in the signature dictionary's /Reason so any reader
can report it. The signer's role comes from the certificate (see identity.py), and a meaning
must fit the role.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import content, generic, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.rw_common import PdfHandler
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import (
    DSSContentSettings,
    PdfSigningSession,
    SigDSSPlacementPreference,
)
from pyhanko.sign.timestamps import TimeStamper, TimestampRequestError
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathError
from pyhanko_certvalidator.errors import ValidationError as CertValidationError
from pyhanko_certvalidator.registry import SimpleCertificateStore

from workbench.domain import MEANING_FOR_ROLE, InputError, Meaning, PermissionDenied, SignerRole
from workbench.signing.identity import Identity

FIELD_PREFIX = "Sig"
#: Name of the embedded file (the PDF attachment) that holds the packet's manifest.
MANIFEST_NAME = "manifest.json"
#: The signatures a packet asks for, in the order its sign-off page shows them.
REQUIRED_ROLES: tuple[SignerRole, ...] = tuple(SignerRole)
#: Length of the state hash prefix a signature's appearance shows.
STATE_PREFIX = 16


def field_name(role: SignerRole | str) -> str:
    """The name of the signature field earmarked for ``role``: ``Sig-<role>-<meaning>``."""
    chosen = SignerRole(role)
    return f"{FIELD_PREFIX}-{chosen.value}-{MEANING_FOR_ROLE[chosen].value}"


def role_of_field(name: str) -> SignerRole | None:
    """The role a field of :func:`field_name` is earmarked for, None for any other name."""
    for role in SignerRole:
        if name == field_name(role):
            return role
    return None


@dataclass(frozen=True)
class FieldSlot:
    """Where a signature field goes: the page (0-based) and its box in PDF points."""

    role: SignerRole
    page: int
    box: tuple[int, int, int, int]


def asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _role_constraint(role: SignerRole) -> fields.SigSeedValueSpec:
    """Seed values of a role's field: the certificate's subject must carry title=<role>."""
    return fields.SigSeedValueSpec(
        cert=fields.SigCertConstraints(
            subject_dn=asn1_x509.Name.build({"title": role.value}),
            flags=fields.SigCertConstraintFlags.SUBJECT_DN,
        ),
        reasons=[MEANING_FOR_ROLE[role].value],
        subfilters=[fields.SigSeedSubFilter.PADES],
        digest_methods=["sha256"],
    )


def add_signature_fields(writer: BasePdfFileWriter, slots: Sequence[FieldSlot]) -> None:
    """Add one empty, visible, role-earmarked signature field per slot to ``writer``."""
    for slot in slots:
        name = field_name(slot.role)
        fields.append_signature_field(
            writer,
            fields.SigFieldSpec(
                sig_field_name=name,
                on_page=slot.page,
                box=slot.box,
                seed_value_dict=_role_constraint(slot.role),
                field_mdp_spec=fields.FieldMDPSpec(fields.FieldMDPAction.INCLUDE, [name]),
                readable_field_name=(
                    f"Signature of the {slot.role.value} ({MEANING_FOR_ROLE[slot.role].value})"
                ),
            ),
        )


def _signer(identity: Identity) -> signers.SimpleSigner:
    key_der = identity.private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    registry = SimpleCertificateStore()
    registry.register_multiple([asn1_certificate(c) for c in identity.chain])
    return signers.SimpleSigner(
        signing_cert=asn1_certificate(identity.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=registry,
    )


def check_meaning(identity: Identity, meaning: Meaning) -> None:
    """Refuse a meaning the certificate's role may not give (approver→approved, …)."""
    if identity.role is None:
        raise PermissionDenied(f"the certificate of {identity.name} records no signer role")
    allowed = MEANING_FOR_ROLE[identity.role]
    if Meaning(meaning) != allowed:
        raise PermissionDenied(
            f"{identity.name} holds the {identity.role.value} role and may only sign with "
            f"meaning '{allowed.value}', not '{Meaning(meaning).value}'"
        )


def open_pdf(pdf: bytes, what: str = "the packet") -> PdfFileReader:
    """A reader over PDF bytes; anything that is not a readable PDF is an InputError."""
    if not pdf.lstrip()[:5] == b"%PDF-":
        raise InputError(f"{what} is not a PDF file")
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        reader.root  # noqa: B018 - parse the trailer and catalogue now, not later
    except (PdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise InputError(f"{what} is not a readable PDF ({exc})") from None
    if reader.encrypted:
        raise InputError(f"{what} is encrypted; packets are never encrypted")
    return reader


def read_embedded_file(reader: PdfHandler, name: str) -> bytes | None:
    """The bytes of a document-level embedded file (flat name tree), or None."""
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except (KeyError, TypeError):
        return None
    for index in range(0, len(names) - 1, 2):
        key = names[index]
        label = key.original_bytes.decode("latin-1") if hasattr(key, "original_bytes") else key
        if str(label) != name:
            continue
        spec = names[index + 1].get_object()
        try:
            stream = spec["/EF"]["/F"].get_object()
        except KeyError:
            return None
        if isinstance(stream, generic.StreamObject):
            return bytes(stream.data)
    return None


def _manifest_state_hash(pdf: bytes) -> str:
    data = read_embedded_file(open_pdf(pdf), MANIFEST_NAME)
    try:
        state = json.loads(data or b"null")["state_hash"]
    except (ValueError, TypeError, KeyError):
        state = None
    if not isinstance(state, str):
        raise InputError(f"the packet has no readable {MANIFEST_NAME} naming the state it shows")
    return state


def signature_count(pdf: bytes) -> int:
    return len(open_pdf(pdf).embedded_signatures)


@dataclass(frozen=True)
class FieldState:
    name: str
    filled: bool
    signer: str | None = None


def signature_fields(pdf: bytes) -> list[FieldState]:
    """Every signature field of a packet, filled or not, in document order."""
    reader = open_pdf(pdf)
    found: list[FieldState] = []
    try:
        for name, value, _ref in fields.enumerate_sig_fields(reader, filled_status=None):
            signer = None
            if value is not None:
                named = value.get_object().get("/Name")
                signer = str(named) if named is not None else None
            found.append(FieldState(name, value is not None, signer))
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read the packet's signature fields: {exc}") from None
    return found


def next_field_name(pdf: bytes, meaning: Meaning) -> str:
    """The field the signature with ``meaning`` fills: the one earmarked for its role.

    Refused (InputError) when the packet has no such field, or when it is already signed.
    """
    role = next(r for r, m in MEANING_FOR_ROLE.items() if m == Meaning(meaning))
    name = field_name(role)
    states = {f.name: f for f in signature_fields(pdf)}
    state = states.get(name)
    if state is None:
        present = ", ".join(sorted(states)) or "none"
        raise InputError(
            f"the packet has no signature field for the {role.value} ({name}; its fields: "
            f"{present}); write a new packet to sign it"
        )
    if state.filled:
        by = f" by {state.signer}" if state.signer else ""
        raise InputError(f"the {role.value}'s signature field {name} is already signed{by}")
    return name


#: Draws a filled field's appearance: (lines, width, height) -> a one-page PDF of that size
#: (the packet's writer draws it in the packet's fonts; see workbench.report.appearance).
AppearanceRenderer = Callable[[Sequence[str], float, float], bytes]


class _ImportedAppearance(content.PdfContent):
    """The first page of a PDF (the rendered appearance) as the content of a stamp."""

    def __init__(self, pdf: bytes) -> None:
        super().__init__()
        self.pdf = pdf

    def render(self) -> bytes:
        xobject = self._ensure_writer.import_page_as_xobject(
            PdfFileReader(BytesIO(self.pdf)), page_ix=0
        )
        self.resources.xobject["/Appearance"] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return b"/Appearance Do"


def _field_size(pdf: bytes, name: str) -> tuple[float, float]:
    for found, _value, ref in fields.enumerate_sig_fields(open_pdf(pdf), filled_status=False):
        if found == name:
            x1, y1, x2, y2 = (float(v) for v in ref.get_object()["/Rect"])
            return abs(x2 - x1), abs(y2 - y1)
    raise InputError(f"the packet's signature field {name} has no visible area")


def appearance_lines(
    identity: Identity, meaning: Meaning, signed_at: dt.datetime, state_hash: str
) -> list[str]:
    """What a filled field shows: printed name, role and meaning, UTC time, state approved."""
    assert identity.role is not None
    when = signed_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return [
        f"Digitally signed by {identity.name}",
        f"Role: {identity.role.value}  ·  Meaning: {Meaning(meaning).value}",
        f"Signed: {when}",
        f"Approves state {state_hash[:STATE_PREFIX]}…",
    ]


class _TimedPdfSigner(signers.PdfSigner):
    """A pyHanko signer whose signing time is the one the field's appearance shows.

    pyHanko reads the clock itself when the signing session starts, after the appearance
    was drawn; on a slow machine the two can fall in different seconds, and the page would
    show another time than the signature carries. The session's ``system_time`` (the CMS
    signing time and the signature dictionary's /M) is set to the drawn moment instead.
    """

    def __init__(self, signing_time: dt.datetime, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(
        self, pdf_out: BasePdfFileWriter, existing_fields_only: bool = False
    ) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._signing_time
        return session


def sign_pdf(
    pdf: bytes,
    identity: Identity,
    meaning: Meaning,
    *,
    appearance: AppearanceRenderer,
    state_hash: str | None = None,
    signed_at: dt.datetime | None = None,
    validation_context: ValidationContext | None = None,
    timestamper: TimeStamper | None = None,
    archive: bool = False,
) -> bytes:
    """Fill the field of ``identity``'s role with a PAdES signature, as a new revision.

    The first signature of the packet certifies it (DocMDP: only form filling and signing
    allowed afterwards); a later one is an approval signature locking its own field. The
    field shows, drawn by ``appearance``, ``identity``'s printed name, role, ``meaning``,
    ``signed_at`` (UTC, now when None) and the prefix of ``state_hash`` (the one the packet's
    manifest names when None). ``validation_context`` (validation.signing_context) embeds the
    chain and CRLs in the DSS, ``timestamper`` adds a signature timestamp (B-T; B-LT with the
    validation data) and ``archive`` a document timestamp after them (B-LTA).
    """
    check_meaning(identity, meaning)
    name = next_field_name(pdf, meaning)
    certify = signature_count(pdf) == 0
    moment = signed_at or dt.datetime.now(dt.UTC)
    state = state_hash if state_hash is not None else _manifest_state_hash(pdf)
    width, height = _field_size(pdf, name)
    drawn = appearance(appearance_lines(identity, meaning, moment, state), width, height)
    signature_meta = signers.PdfSignatureMetadata(
        field_name=name,
        reason=Meaning(meaning).value,
        name=identity.name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=certify,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
        # Long-term validation (validation.py): DSS, signature and document timestamps.
        validation_context=validation_context,
        embed_validation_info=validation_context is not None,
        use_pades_lta=archive,
        # In the signature's own revision (covered by it), so each signer adds one revision.
        dss_settings=DSSContentSettings(
            placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False
        ),
    )
    pdf_signer = _TimedPdfSigner(
        moment,
        signature_meta,
        signer=_signer(identity),
        stamp_style=StaticStampStyle(
            background=_ImportedAppearance(drawn),
            border_width=0,
            # The drawing is the field's size: placed as it is, over the whole field.
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MIN,
                margins=layout.Margins.uniform(0),
                inner_content_scaling=layout.InnerScaling.NO_SCALING,
            ),
        ),
        timestamper=timestamper,
    )
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        signed = pdf_signer.sign_pdf(writer, existing_fields_only=True)
    except SigningError as exc:
        raise PermissionDenied(f"{identity.name} cannot sign field {name}: {exc}") from None
    except PdfError as exc:
        raise InputError(f"cannot sign the packet: {exc}") from None
    except TimestampRequestError as exc:
        raise InputError(f"the timestamp authority did not answer: {exc}") from None
    except (PathError, CertValidationError) as exc:  # building the DSS or archive timestamp
        raise InputError(
            f"cannot gather the validation data to embed: {exc}; give the CA that issued that "
            "certificate as a trust root"
        ) from None
    return signed.getvalue()
