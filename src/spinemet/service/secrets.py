"""Passwords and API tokens: generated with ``secrets``, stored only as hashes.

Passwords: scrypt (n=2**14, r=8, p=1) with a per-password 16-byte salt. Tokens are 256-bit
random values, so a plain SHA-256 of the token is a sufficient stored form.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets as _secrets

TOKEN_PREFIX = "smt_"
_N, _R, _P = 2**14, 8, 1


def new_token() -> str:
    return TOKEN_PREFIX + _secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_password() -> str:
    """A random password, readable enough to type once (about 120 bits)."""
    return _secrets.token_urlsafe(15)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str) -> str:
    salt = _secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))
