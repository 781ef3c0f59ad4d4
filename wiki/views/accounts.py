from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import Group
from django.contrib.auth.views import LoginView, PasswordResetView
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render

from wiki import logs, ratelimit, tasks
from wiki.auth import LoginForm
from wiki.forms import SignupForm
from wiki.http import safe_next
from wiki.moderation.blocks import active_block, signup_block
from wiki.permissions import when

CONTRIBUTORS = "Contributors"


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next")
    return safe_next(request, target) or "/"


def _signup_refusal(request) -> str | None:
    """Why no account may be made here: an address blocked with sign-ups
    refused, or a blocked account trying to make another."""
    block = signup_block(ratelimit.client_ip(request))
    if block is None and request.user.is_authenticated:
        block = active_block(request.user)
        if block is not None and not block.prevents_account_creation:
            block = None
    if block is None:
        return None
    until = f"until {when(block.expires_at)}" if block.expires_at else "indefinitely"
    where = "by a blocked account" if block.user_id else "from your address"
    return (
        f"Accounts cannot be created {where} {until} "
        f"(blocked: “{block.reason}”). You can still read the wiki."
    )


def signup(request):
    refusal = _signup_refusal(request)
    if request.method != "POST":
        context = {"form": SignupForm(), "refusal": refusal}
        return render(request, "registration/signup.html", context)
    form = SignupForm(request.POST)
    if refusal:
        form.is_valid()
        form.add_error(None, refusal)
        return render(request, "registration/signup.html", {"form": form}, status=403)
    if ratelimit.is_limited(request, "signup"):
        form.is_valid()
        form.add_error(None, "Too many sign-ups from your address. Try again later.")
        return render(request, "registration/signup.html", {"form": form}, status=429)
    if not form.is_valid():
        return render(request, "registration/signup.html", {"form": form}, status=400)
    with transaction.atomic():
        user = form.save()
        user.groups.add(Group.objects.get(name=CONTRIBUTORS))
        logs.record(logs.Action.CREATE_ACCOUNT, actor=user, user=user)
    login(request, user)
    messages.success(
        request, f"Welcome, {user.get_username()}! You can now edit pages."
    )
    return redirect(_next_url(request))


class ThrottledLoginView(LoginView):
    """Django's log-in, with the throttle every way of logging in shares
    (wiki/auth.py): refused attempts answer 429."""

    form_class = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="throttled"):
            response.status_code = 429
        return response


class LimitedPasswordResetView(PasswordResetView):
    """Django's password reset, sending at most a few messages an hour to one
    address and from one address; past that, it answers as if it had sent
    one, so that it reveals nothing of which addresses have accounts. The
    mail is the task worker's (wiki/tasks.py): the request queues the address
    alike for any, and answers as fast."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        idents = {
            "ip": ratelimit.client_ip(self.request),
            "address": ratelimit.hashed(email),
        }
        if ratelimit.over("password_reset", idents):
            return HttpResponseRedirect(self.get_success_url())
        ratelimit.count("password_reset", idents)
        tasks.send_password_reset.enqueue(email)
        return HttpResponseRedirect(self.get_success_url())
