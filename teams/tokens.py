"""Signed invitation tokens: an invitation id and its nonce, nothing else.

Whether the invitation is still open (expiry, revocation, use) is in the database; the
signature only proves the token came from one of our emails.
"""

from django.core import signing

SALT = "courseplatform.teams.invitation"


def invitation_token(*, invitation_id: int, nonce: str) -> str:
    return signing.dumps({"i": invitation_id, "n": nonce}, salt=SALT)


def invitation_token_read(token: str) -> tuple[int, str]:
    """(invitation id, nonce); signing.BadSignature for a forged, altered or malformed token."""
    data = signing.loads(token, salt=SALT)
    if not isinstance(data, dict) or not isinstance(data.get("i"), int) or not isinstance(data.get("n"), str):
        raise signing.BadSignature("Unknown invitation token contents.")
    return data["i"], data["n"]
