from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from community import confirmation
from community.forms import EmailForm, PreferencesForm
from community.models import Preferences, new_feed_token
from community.tasks import send_confirmation
from wiki import ratelimit

SENT = "A confirmation link is on its way to {email}. It works for three days."


def _page(request, preferences, *, form=None, email_form=None, status=200):
    return render(
        request,
        "community/preferences.html",
        {
            "preferences": preferences,
            "form": form or PreferencesForm(instance=preferences),
            "email_form": email_form or EmailForm(user=request.user),
            "feed_url": request.build_absolute_uri(
                reverse("community:watchlist_feed", args=[preferences.feed_token])
            ),
        },
        status=status,
    )


@login_required
def preferences(request):
    preferences = Preferences.of(request.user)
    if request.method != "POST":
        return _page(request, preferences)
    form = PreferencesForm(request.POST, instance=preferences)
    if not form.is_valid():
        return _page(request, preferences, form=form, status=400)
    form.save()
    messages.success(request, "Your preferences are saved.")
    return redirect("community:settings")


def _queue_confirmation(request, user) -> bool:
    """Queue the link to confirm the account's address; False when too many
    were asked for lately."""
    if ratelimit.is_limited(request, "confirm_email"):
        return False
    link = confirmation.link_for(user)
    transaction.on_commit(lambda: send_confirmation.enqueue(user.pk, user.email, link))
    return True


@login_required
@require_POST
def change_email(request):
    preferences = Preferences.of(request.user)
    form = EmailForm(request.POST, user=request.user)
    if ratelimit.is_limited(request, "email_change"):
        form.is_valid()
        form.add_error(None, "Too many tries. Wait an hour and try again.")
        return _page(request, preferences, email_form=form, status=429)
    if not form.is_valid():
        return _page(request, preferences, email_form=form, status=400)
    user = request.user
    with transaction.atomic():
        get_user_model().objects.filter(pk=user.pk).update(
            email=form.cleaned_data["email"]
        )
        user.email = form.cleaned_data["email"]
    # The address is unconfirmed from now on: e-mail stops until it is.
    if _queue_confirmation(request, user):
        messages.success(request, SENT.format(email=user.email))
    else:
        messages.warning(
            request,
            "Your address is changed, but too many confirmation e-mails were "
            "sent lately: ask for one again later.",
        )
    return redirect("community:settings")


@login_required
@require_POST
def send_confirmation_link(request):
    preferences = Preferences.of(request.user)
    user = request.user
    if not user.email:
        messages.error(request, "Your account has no e-mail address: add one first.")
    elif preferences.email_confirmed:
        messages.info(request, f"{user.email} is already confirmed.")
    elif _queue_confirmation(request, user):
        messages.success(request, SENT.format(email=user.email))
    else:
        messages.error(
            request, "Too many confirmation e-mails were sent lately. Try later."
        )
    return redirect("community:settings")


def confirm_email(request, token):
    """The link from the e-mail: a page with a button, so that mail scanners
    following links confirm nothing; the button confirms."""
    try:
        user_id, address = confirmation.read(token)
    except confirmation.Expired:
        return _broken(request, "This link has expired: ask for a new one.", 410)
    except confirmation.Invalid:
        return _broken(request, "This link is not valid.", 404)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or user.email.strip().lower() != address.lower():
        return _broken(
            request, "This link is for an address the account no longer has.", 410
        )
    if request.method == "POST":
        Preferences.objects.get_or_create(user=user)
        Preferences.objects.filter(user=user).update(confirmed_email=address)
        messages.success(request, f"{address} is confirmed. Thank you!")
        if request.user.is_authenticated:
            return redirect("community:settings")
        return redirect("home")
    return render(request, "community/confirm_email.html", {"address": address})


def _broken(request, reason, status):
    return render(
        request, "community/confirm_email.html", {"reason": reason}, status=status
    )


@login_required
@require_POST
def reset_feed_token(request):
    if ratelimit.is_limited(request, "feed_token"):
        messages.error(request, "You reset it a moment ago. Try again later.")
        return redirect("community:settings")
    preferences = Preferences.of(request.user)
    Preferences.objects.filter(pk=preferences.pk).update(feed_token=new_feed_token())
    messages.success(
        request, "Your watchlist feed has a new address; the old one no longer works."
    )
    return redirect("community:settings")
