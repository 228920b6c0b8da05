"""A completion badge that anyone can check offline: an Open Badges 3.0 credential, signed as a VC-JWT.

Why this shape: Open Badges 3.0 (1EdTech) is what learning platforms and
badge wallets read, and its JWT proof format (section 8.2) needs nothing but
the issuer's public key to check, so a trainer's organisation can verify a
badge with no server. The credential's members are the JWT's payload, with
``iss``, ``jti`` and ``nbf`` copied from them; it is signed with Ed25519
(EdDSA) by PyJWT over ``cryptography``, both widely used and maintained, in
the ``badge`` extra (openbadgeslib does the same but is LGPL-3.0 and much
larger than the hundred lines needed here).

The badge names the workbooks completed, as on the trainee's progress card,
and says that no reflections are included: the card holds none to include.
"""

from __future__ import annotations

import base64
import hashlib
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sbs_training.course.card import ProgressCard
from sbs_training.errors import UserError
from sbs_training.resources import workbook_title

PRIVATE_NAME = "badge-key.pem"
PUBLIC_NAME = "badge-key.pub.pem"
CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
NO_REFLECTIONS = "No reflections or anything else the trainee wrote are included in this badge."
MAX_BADGE_BYTES = 64 * 1024


def _crypto() -> tuple[Any, Any]:
    try:
        import jwt
        from cryptography.hazmat.primitives import serialization
    except ImportError:
        raise UserError(
            "Badges need two more packages; install them with: pip install 'sbs-training[badge]'."
        ) from None
    return jwt, serialization


# -- keys -------------------------------------------------------------------------------


def keygen(out_dir: Path, *, force: bool = False) -> tuple[Path, Path]:
    """A new Ed25519 key pair: the private key readable only by you (0600), the public one to hand out."""
    _, serialization = _crypto()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private, public = out_dir / PRIVATE_NAME, out_dir / PUBLIC_NAME
    if private.exists() and not force:
        raise UserError(f"{private} already exists, so nothing was written; add --force to replace it.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Can't make the folder {out_dir} ({exc.strerror or exc}).") from None
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    try:
        private.unlink(missing_ok=True)
        fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(private_pem)
        os.chmod(private, 0o600)
        public.write_bytes(public_pem)
        os.chmod(public, 0o644)
    except OSError as exc:
        raise UserError(f"Can't write the keys in {out_dir} ({exc.strerror or exc}).") from None
    return private, public


def _read(path: Path, what: str) -> bytes:
    try:
        if path.stat().st_size > MAX_BADGE_BYTES:
            raise UserError(f"{path} is too large to be {what}.")
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not {what}.") from None
    except OSError as exc:
        raise UserError(f"{path} can't be read ({exc.strerror or exc}).") from None


def load_private_key(path: Path) -> Any:
    _, serialization = _crypto()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(_read(path, "a signing key"), password=None)
    except (ValueError, TypeError):
        raise UserError(f"{path} is not a badge signing key (make one with: sbs-training badge keygen).") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise UserError(f"{path} is a key of another kind; badges are signed with Ed25519 (badge keygen makes one).")
    return key


def load_public_key(path: Path) -> Any:
    _, serialization = _crypto()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = serialization.load_pem_public_key(_read(path, "a public key"))
    except (ValueError, TypeError):
        raise UserError(
            f"{path} is not a badge public key (it should be the badge-key.pub.pem keygen wrote)."
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise UserError(f"{path} is a key of another kind; badges are checked with an Ed25519 public key.")
    return key


def _raw(public_key: Any) -> bytes:
    _, serialization = _crypto()
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def did_key(public_key: Any) -> str:
    """The issuer's id: ``did:key`` names the key itself (multicodec ed25519-pub, base58btc), so it needs no server."""
    data = b"\xed\x01" + _raw(public_key)
    number, digits = int.from_bytes(data, "big"), ""
    while number:
        number, rest = divmod(number, 58)
        digits = _B58[rest] + digits
    return "did:key:z" + "1" * (len(data) - len(data.lstrip(b"\0"))) + digits


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


# -- the credential -----------------------------------------------------------------------


def credential(card: ProgressCard, issuer_id: str, issuer_name: str, now: datetime) -> dict[str, Any]:
    """The Open Badges 3.0 credential for the workbooks this card shows done."""
    ids = [done.id for done in card.workbooks_done]
    titles = [workbook_title(i) for i in ids]
    listing = "; ".join(titles)
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Side by Side Training: workbooks completed",
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": issuer_name},
        "validFrom": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityHash": card.trainee, "identityType": "name", "hashed": False}
            ],
            "achievement": {
                "id": "urn:sbs-training:achievement:" + hashlib.sha256(" ".join(sorted(ids)).encode()).hexdigest()[:16],
                "type": ["Achievement"],
                "achievementType": "Course",
                "name": "Side by Side Training",
                "description": f"Completed {len(ids)} Side by Side Training workbooks: {listing}. {NO_REFLECTIONS}",
                "criteria": {
                    "narrative": "In each workbook named, every reflection was written or skipped on purpose, "
                    "every activity answered and every scenario played to an ending, as the trainee's own "
                    f"progress card shows. Workbooks completed: {listing}. {NO_REFLECTIONS}"
                },
                "tag": ids,
            },
        },
    }


def issue(card: ProgressCard, key_path: Path, issuer_name: str, now: datetime | None = None) -> str:
    """A signed badge (compact VC-JWT) for the card; a card with nothing done gets one sentence."""
    if not card.workbooks_done:
        raise UserError("This progress card shows no finished workbooks, so there is nothing to badge yet.")
    jwt, _ = _crypto()
    key = load_private_key(key_path)
    public = key.public_key()
    issuer = did_key(public)
    payload = credential(card, issuer, issuer_name, now or datetime.now(UTC))
    claims = {
        **payload,
        "iss": issuer,
        "jti": payload["id"],
        "nbf": int(datetime.fromisoformat(payload["validFrom"]).timestamp()),
    }
    header = {
        "typ": "JWT",
        "kid": f"{issuer}#{issuer.removeprefix('did:key:')}",
        "jwk": {"kty": "OKP", "crv": "Ed25519", "x": _b64(_raw(public))},
    }
    return jwt.encode(claims, key, algorithm="EdDSA", headers=header)


def verify(badge_path: Path, public_key_path: Path) -> dict[str, Any]:
    """The credential, if the badge was signed by this key and not changed since; else one sentence."""
    jwt, _ = _crypto()
    public = load_public_key(public_key_path)
    token = _read(badge_path, "a badge").decode("utf-8", "replace").strip()
    if token.count(".") != 2:
        raise UserError(f"{badge_path} is not a badge: it isn't a signed credential.")
    try:
        claims = jwt.decode(
            token,
            public,
            algorithms=["EdDSA"],
            options={"require": ["iss", "jti", "nbf"], "verify_aud": False},
            leeway=300,
        )
    except jwt.InvalidSignatureError:
        raise UserError(
            f"{badge_path} does not check out: it was changed after it was signed, or signed with another key."
        ) from None
    except jwt.ImmatureSignatureError:
        raise UserError(f"{badge_path} is dated in the future, so it can't be accepted yet.") from None
    except jwt.InvalidTokenError:
        raise UserError(f"{badge_path} is not a badge this can check: the signed credential is damaged.") from None
    if claims.get("iss") != did_key(public) or "OpenBadgeCredential" not in claims.get("type", []):
        raise UserError(f"{badge_path} is signed, but not as a badge from this key's issuer.")
    return claims
