"""
One throttle for every way of logging in (the site's form, the admin's, any
other that calls `authenticate()`): failed log-ins are counted per address
and per account, and past either limit every attempt is refused, the right
password included, until the window passes.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver

from wiki import ratelimit

TOO_MANY = (
    "Too many failed log-ins for this account or from your address. Wait a few "
    "minutes and try again, or reset your password."
)


def _idents(request, username) -> dict:
    return {"ip": ratelimit.client_ip(request), "account": ratelimit.hashed(username)}


def blocked(request, username) -> bool:
    """Whether log-ins for this account, or from this address, are refused."""
    return ratelimit.over("login", _idents(request, username))


@receiver(user_login_failed, dispatch_uid="wiki.auth.count_failures")
def _count_failure(sender, credentials, request=None, **kwargs):
    if request is not None:
        ratelimit.count("login", _idents(request, credentials.get("username")))


class ThrottledBackend(ModelBackend):
    """Django's own log-in, refused while the throttle holds."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and blocked(request, username):
            raise PermissionDenied(TOO_MANY)
        return super().authenticate(request, username, password, **kwargs)


class ThrottledFormMixin:
    """Says why a log-in was refused when the throttle holds."""

    def clean(self):
        username = self.data.get("username", "")
        if self.request is not None and blocked(self.request, username):
            raise ValidationError(TOO_MANY, code="throttled")
        return super().clean()


class LoginForm(ThrottledFormMixin, auth_forms.AuthenticationForm):
    pass


class AdminLoginForm(ThrottledFormMixin, AdminAuthenticationForm):
    pass
