"""The lock's key material: one random data key, kept only wrapped, twice.

A locked journal is a SQLCipher database encrypted with a random 256-bit data
key. That key is never stored as it is: ``journal.key`` beside the journal holds
it twice, each copy sealed with AES-GCM under a key derived with Argon2id, once
from the passphrase and once from the recovery code. So changing the passphrase
rewrites this small file, never the journal, and a wrong passphrase fails the
AES-GCM check before the journal is touched.

Whether a journal is locked is read from the journal file itself: a plain SQLite
file starts with ``SQLite format 3``; a SQLCipher file starts with random bytes.
The key file alone decides nothing (a crash can leave a stale one beside a plain
journal; see ``store.locking``).

The packages (``sqlcipher3``, ``argon2-cffi``, ``cryptography``) come with the
``lock`` extra and are imported only when a lock is used.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sbs_training.errors import JournalError

KEY_FILE = "journal.key"
SQLITE_HEADER = b"SQLite format 3\x00"
FORMAT = "sbs-training journal key"
INSTALL_HINT = 'pip install "sbs-training[lock]"'
MIN_PASSPHRASE = 8

# RFC 9106's second recommended Argon2id setting: 64 MiB, 3 passes, 4 lanes (about 0.15 s here).
KDF = {"name": "argon2id", "time_cost": 3, "memory_cost_kib": 65536, "parallelism": 4}

# Crockford's base32: no I, L, O or U, so a code copied by hand reads back the same.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS, GROUP_LEN = 6, 5  # 30 characters, 150 bits
CODE_LINE = "Recovery code:"

Kind = Literal["passphrase", "recovery"]


def key_file(data_dir: Path) -> Path:
    return data_dir / KEY_FILE


def lock_support_missing() -> str | None:
    """None if the lock's packages are installed, else the sentence saying how to add them."""
    try:
        import argon2.low_level  # noqa: F401
        import cryptography.hazmat.primitives.ciphers.aead  # noqa: F401
        import sqlcipher3  # noqa: F401
    except ImportError:
        return f"The journal lock needs a few more packages: run {INSTALL_HINT}"
    return None


def require_lock_support() -> None:
    missing = lock_support_missing()
    if missing:
        raise JournalError(f"{missing}; nothing was changed.")


def is_locked(journal: Path) -> bool:
    """True if the journal file is encrypted (a plain SQLite header is missing) and a key file is beside it.

    Without a key file, a file with a broken header is a damaged plain journal,
    and the journal's own checks say so.
    """
    try:
        with journal.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError:
        return False  # missing, or a folder that isn't one: the journal's own checks explain
    if not head or head == SQLITE_HEADER:
        return False
    return key_file(journal.parent).exists()


# -- secrets a person types ------------------------------------------------------------


def normalise_passphrase(passphrase: str) -> bytes:
    """The same passphrase typed on another keyboard or system gives the same bytes."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise JournalError(
            f"A passphrase needs at least {MIN_PASSPHRASE} characters (a few unrelated words are easy to "
            "remember and hard to guess); nothing was changed."
        )


def new_recovery_code() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(CODE_GROUPS * GROUP_LEN))
    return "-".join(chars[i : i + GROUP_LEN] for i in range(0, len(chars), GROUP_LEN))


def normalise_code(text: str) -> str | None:
    """A recovery code as typed (any case, spaces or dashes, O for 0, I or L for 1), or None."""
    cleaned = re.sub(r"[\s\-]", "", text.upper()).translate(str.maketrans("OIL", "011"))
    if len(cleaned) != CODE_GROUPS * GROUP_LEN or any(ch not in ALPHABET for ch in cleaned):
        return None
    return "-".join(cleaned[i : i + GROUP_LEN] for i in range(0, len(cleaned), GROUP_LEN))


def code_from_text(text: str) -> str | None:
    """The code from a recovery file (its ``Recovery code:`` line), or from a file holding the code alone."""
    for line in text.splitlines():
        if line.strip().lower().startswith(CODE_LINE.lower()):
            return normalise_code(line.strip()[len(CODE_LINE) :])
    return normalise_code(text.strip())


def recovery_text(code: str, data_dir: Path) -> str:
    return (
        "Side by Side Training: the recovery code for your locked journal\n"
        f"Journal folder: {data_dir}\n\n"
        f"{CODE_LINE} {code}\n\n"
        "This code opens your journal if you forget your passphrase:\n"
        "  sbs-training unlock --recovery-file THIS-FILE\n"
        "  sbs-training lock --change-passphrase --recovery-file THIS-FILE\n"
        "Keep it somewhere safe and away from this computer: printed and filed, or in a password manager.\n"
        "Anyone with this code can read your journal. If you lose both the passphrase and this code,\n"
        "your journal is lost: nobody can open it, not even the people who make this program.\n"
    )


# -- wrapping ---------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _secret_bytes(secret: str, kind: Kind) -> bytes:
    if kind == "recovery":
        code = normalise_code(secret)
        if code is None:
            raise JournalError("That is not a recovery code (it has six groups of five letters and digits).")
        return code.encode("ascii")
    return normalise_passphrase(secret)


def _derive(secret: bytes, salt: bytes, kdf: dict[str, Any]) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    if kdf.get("name") != "argon2id":
        raise JournalError("The journal's key file was made by a newer sbs-training; upgrade to open it.")
    return hash_secret_raw(
        secret,
        salt,
        time_cost=int(kdf["time_cost"]),
        memory_cost=int(kdf["memory_cost_kib"]),
        parallelism=int(kdf["parallelism"]),
        hash_len=32,
        type=Type.ID,
    )


def _aad(kind: Kind) -> bytes:
    return f"{FORMAT} v1: {kind}".encode("ascii")


def wrap(data_key: bytes, secret: str, kind: Kind, kdf: dict[str, Any] | None = None) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kdf = dict(kdf or KDF)
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_derive(_secret_bytes(secret, kind), salt, kdf)).encrypt(nonce, data_key, _aad(kind))
    return {"kdf": kdf, "salt": _b64(salt), "nonce": _b64(nonce), "key": _b64(sealed)}


def unwrap(wrapped: dict[str, Any], secret: str, kind: Kind) -> bytes | None:
    """The data key, or None if the secret is wrong."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        salt, nonce, sealed = (_unb64(wrapped[k]) for k in ("salt", "nonce", "key"))
        kek = _derive(_secret_bytes(secret, kind), salt, wrapped["kdf"])
    except (KeyError, ValueError, TypeError):
        raise JournalError("The journal's key file is damaged, so the lock can't be opened.") from None
    try:
        return AESGCM(kek).decrypt(nonce, sealed, _aad(kind))
    except InvalidTag:
        return None


@dataclass(frozen=True)
class KeyFile:
    """What ``journal.key`` holds: the data key wrapped for the passphrase and for the recovery code."""

    wraps: dict[str, dict[str, Any]]

    @classmethod
    def create(cls, data_key: bytes, passphrase: str, recovery_code: str) -> KeyFile:
        return cls(
            {
                "passphrase": wrap(data_key, passphrase, "passphrase"),
                "recovery": wrap(data_key, recovery_code, "recovery"),
            }
        )

    def data_key(self, secret: str, kind: Kind) -> bytes:
        key = unwrap(self.wraps[kind], secret, kind)
        if key is None:
            what = "passphrase" if kind == "passphrase" else "recovery code"
            raise WrongSecret(f"That {what} doesn't open this journal; nothing was changed.")
        return key

    def with_passphrase(self, data_key: bytes, passphrase: str) -> KeyFile:
        return KeyFile({**self.wraps, "passphrase": wrap(data_key, passphrase, "passphrase")})

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "version": 1, "cipher": "sqlcipher4", "wraps": self.wraps}, indent=1)

    @classmethod
    def read(cls, data_dir: Path) -> KeyFile:
        path = key_file(data_dir)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise JournalError(f"The journal's key file {path} is missing, so the lock can't be opened.") from None
        except (OSError, ValueError):
            raise JournalError(f"The journal's key file {path} is damaged, so the lock can't be opened.") from None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise JournalError(f"{path} is not a journal key file, so the lock can't be opened.")
        if raw.get("version") != 1:
            raise JournalError("The journal's key file was made by a newer sbs-training; upgrade to open it.")
        wraps = raw.get("wraps")
        if not isinstance(wraps, dict) or not {"passphrase", "recovery"} <= set(wraps):
            raise JournalError(f"The journal's key file {path} is damaged, so the lock can't be opened.")
        return cls(wraps)


class WrongSecret(JournalError):
    """The passphrase or recovery code does not unwrap the data key."""


def data_key_for(data_dir: Path, secret: str, kind: Kind = "passphrase") -> bytes:
    """The journal's data key from a passphrase or recovery code (raises WrongSecret)."""
    require_lock_support()
    return KeyFile.read(data_dir).data_key(secret, kind)


def sqlcipher_key(data_key: bytes) -> str:
    """The key as SQLCipher's raw-key literal: no key derivation inside SQLCipher, Argon2id did that."""
    return f"\"x'{data_key.hex()}'\""
