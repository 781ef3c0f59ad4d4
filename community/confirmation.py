"""Signed, expiring links that confirm an e-mail address (Django's signing):
the link names the account and the address, so it stops working once the
address changes, and after `MAX_AGE`."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

SALT = "community.confirm-email"
MAX_AGE = timedelta(days=3)


class Expired(Exception):
    pass


class Invalid(Exception):
    pass


def link_for(user) -> str:
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=SALT)
    return reverse("community:confirm_email", kwargs={"token": token})


def read(token: str) -> tuple[int, str]:
    """The account and address a token was made for."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise Expired from None
    except signing.BadSignature:
        raise Invalid from None
    try:
        return int(data["user"]), str(data["email"])
    except (KeyError, TypeError, ValueError):
        raise Invalid from None
