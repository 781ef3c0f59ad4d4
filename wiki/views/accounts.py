from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import Group
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from wiki import ratelimit
from wiki.forms import SignupForm

CONTRIBUTORS = "Contributors"


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else "/"


def signup(request):
    if request.method != "POST":
        return render(request, "registration/signup.html", {"form": SignupForm()})
    form = SignupForm(request.POST)
    if ratelimit.is_limited(request, "signup"):
        form.is_valid()
        form.add_error(None, "Too many sign-ups from your address. Try again later.")
        return render(request, "registration/signup.html", {"form": form}, status=429)
    if not form.is_valid():
        return render(request, "registration/signup.html", {"form": form}, status=400)
    with transaction.atomic():
        user = form.save()
        user.groups.add(Group.objects.get(name=CONTRIBUTORS))
    login(request, user)
    messages.success(
        request, f"Welcome, {user.get_username()}! You can now edit pages."
    )
    return redirect(_next_url(request))


class ThrottledLoginView(LoginView):
    """Django's log-in, refusing addresses that try too often."""

    def post(self, request, *args, **kwargs):
        if ratelimit.is_limited(request, "login"):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, "Too many attempts. Wait a few minutes and try again.")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)
