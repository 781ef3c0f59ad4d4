"""
Account e-mail, sent by the task worker (`manage.py db_worker`): a request
only queues the address, so it does the same work, in the same time, whether
or not an account has it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.tasks import task


@task()
def send_password_reset(email: str) -> int:
    """Django's password-reset mail to each active account with this address
    (none if there is none), its link on SITE_URL: no request to ask."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    site = urlsplit(settings.SITE_URL)
    form.save(domain_override=site.netloc, use_https=site.scheme == "https")
    return sum(1 for _ in form.get_users(form.cleaned_data["email"]))
