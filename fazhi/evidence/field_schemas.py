"""The input of one signature (or a refusal to sign), written once for the evidence API and the field client's sync.

Signature images travel as the signature pad's data URL (``data:image/png;base64,...``).
"""

from __future__ import annotations

from typing import Annotated

from fazhi.cases.schemas.base import ActionIn
from fazhi.core.codes import CodeOf
from fazhi.evidence.field import SignatureIn, parse_signature_image
from fazhi.evidence.models import SignedDocument, SignerRole

__all__ = ["DocumentSignaturePayload", "SignaturePayload", "signature_in"]


class SignaturePayload(ActionIn):
    """One signature or a refusal to sign: the images are the signature pad's PNG data URLs."""

    LABELS = {"signer_role": "签名人身份", "signer_name": "签名人", "image": "签名", "witness_name": "见证人"}

    signer_role: Annotated[str, CodeOf(SignerRole)]
    signer_name: str = ""
    officer_id: int | None = None
    image: str = ""
    refused: bool = False
    refusal_reason: str = ""
    witness_name: str = ""
    witness_image: str = ""


class DocumentSignaturePayload(SignaturePayload):
    document: Annotated[str, CodeOf(SignedDocument)] = "simple_decision"


def signature_in(payload: SignaturePayload) -> SignatureIn:
    """The service's ``SignatureIn`` from the API's payload (bad data URLs are refused in Chinese)."""
    return SignatureIn(
        signer_role=payload.signer_role,
        signer_name=payload.signer_name,
        image=parse_signature_image(payload.image) if payload.image else None,
        officer_id=payload.officer_id,
        refused=payload.refused,
        refusal_reason=payload.refusal_reason,
        witness_name=payload.witness_name,
        witness_image=parse_signature_image(payload.witness_image) if payload.witness_image else None,
    )
