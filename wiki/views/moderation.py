"""Blocks and the link blocklist, for editors."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from wiki import ratelimit
from wiki.models import Block, LinkRule
from wiki.moderation import blocks, linkspam
from wiki.moderation.forms import (
    COMMON_BLOCK_REASONS,
    BlockForm,
    LinkRuleForm,
    UnblockForm,
    duration,
)
from wiki.paging import UncountedPage
from wiki.permissions import block_refusal

TOO_FAST = "You are moderating too fast. Wait a minute, then try again."


def refused(request, reason):
    return render(request, "403.html", {"reason": reason}, status=403)


def _held_back(request, form, template, context, *, lifting=None):
    """A blocked moderator, or one going too fast: the form again, as typed,
    with why (a 403 or a 429); None if they may go on. A block holding the
    moderator may be lifted by them all the same (`lifting`): that is how a
    mistaken block, such as a range holding every editor, is undone."""
    ip = ratelimit.client_ip(request)
    refusal = block_refusal(request.user, ip=ip)
    if lifting is not None and blocks.holds(lifting, request.user, ip):
        refusal = None
    status = 403
    if refusal is None and ratelimit.is_limited(request, "moderate"):
        refusal, status = TOO_FAST, 429
    if refusal is None:
        return None
    form.add_error(None, refusal)
    return render(request, template, context | {"form": form}, status=status)


@permission_required("wiki.block_users", raise_exception=True)
def block_list(request):
    """Active blocks, those ending soonest first, then the indefinite ones."""
    active = Block.objects.active().select_related("user", "blocked_by")
    query = request.GET.get("q", "").strip()[:150]
    if query:
        active = active.filter(user__username__icontains=query) | active.filter(
            address__icontains=query
        )
    ordered = active.order_by(F("expires_at").asc(nulls_last=True), "-pk")
    page_obj = UncountedPage(ordered, request.GET.get("page"), 50)
    return render(
        request, "wiki/block_list.html", {"page_obj": page_obj, "query": query}
    )


@permission_required("wiki.block_users", raise_exception=True)
def block_new(request):
    template = "wiki/block_form.html"
    context = {"reasons": COMMON_BLOCK_REASONS}
    if request.method != "POST":
        target = request.GET.get("target", "").strip()[:150]
        form = BlockForm(initial={"target": target} if target else None)
        return render(request, template, context | {"form": form})
    form = BlockForm(request.POST, actor=request.user, ip=ratelimit.client_ip(request))
    if not form.is_valid():
        return render(request, template, context | {"form": form}, status=400)
    held = _held_back(request, form, template, context)
    if held:
        return held
    try:
        placed = blocks.block(
            actor=request.user,
            user=form.user,
            address=form.address,
            duration=duration(form.cleaned_data["expiry"]),
            reason=form.cleaned_data["reason"],
            prevents_account_creation=form.cleaned_data["prevents_account_creation"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, template, context | {"form": form}, status=400)
    messages.success(request, f"{placed.target} is blocked.")
    return redirect("wiki:blocks")


@permission_required("wiki.block_users", raise_exception=True)
def unblock(request, block_id):
    block = get_object_or_404(
        Block.objects.select_related("user", "blocked_by"), pk=block_id
    )
    template = "wiki/unblock_form.html"
    context = {"held": block, "active": block.is_active}
    if request.method != "POST":
        return render(request, template, context | {"form": UnblockForm()})
    form = UnblockForm(request.POST)
    if not form.is_valid():
        return render(request, template, context | {"form": form}, status=400)
    held = _held_back(request, form, template, context, lifting=block)
    if held:
        return held
    lifted = blocks.unblock(
        block_id=block.pk, actor=request.user, reason=form.cleaned_data["reason"]
    )
    if lifted is None:
        messages.info(request, f"The block of {block.target} had already ended.")
    else:
        messages.success(request, f"{block.target} is unblocked.")
    return redirect("wiki:blocks")


@permission_required("wiki.manage_link_blocklist", raise_exception=True)
def link_blocklist(request):
    template = "wiki/link_blocklist.html"
    rules = LinkRule.objects.select_related("added_by")
    context = {"rules": rules}
    if request.method != "POST":
        return render(request, template, context | {"form": LinkRuleForm()})
    form = LinkRuleForm(request.POST)
    if not form.is_valid():
        return render(request, template, context | {"form": form}, status=400)
    held = _held_back(request, form, template, context)
    if held:
        return held
    linkspam.add_rule(actor=request.user, **form.cleaned_data)
    messages.success(request, f"{form.cleaned_data['pattern']} is on the blocklist.")
    return redirect("wiki:link_blocklist")


@require_POST
@permission_required("wiki.manage_link_blocklist", raise_exception=True)
def link_rule_remove(request, rule_id):
    refusal = block_refusal(request.user, ip=ratelimit.client_ip(request))
    if refusal:
        return refused(request, refusal)
    if ratelimit.is_limited(request, "moderate"):
        messages.error(request, TOO_FAST)
        return redirect("wiki:link_blocklist")
    rule = linkspam.remove_rule(actor=request.user, rule_id=rule_id)
    if rule is None:
        messages.info(request, "That pattern was already off the blocklist.")
    else:
        messages.success(request, f"{rule.pattern} is off the blocklist.")
    return redirect("wiki:link_blocklist")
