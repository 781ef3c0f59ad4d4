"""
Blocks of accounts, IP addresses and ranges: finding the one that applies to
a request, and placing and lifting them (logged).

Addresses are compared as 128-bit numbers written in 32 hex digits, IPv4 as
IPv4-mapped IPv6 (::ffff:a.b.c.d), so one index serves both families and a
range is two bounds that sort as strings.
"""

import ipaddress
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from wiki import logs
from wiki.models import Block

# The widest ranges that may be blocked, as MediaWiki's $wgBlockCIDRLimit:
# a /16 of IPv4 is 65,536 addresses; a /19 of IPv6, a large provider's share.
WIDEST = {4: 16, 6: 19}
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
OWN_ACCOUNT = "You cannot block your own account."


def network(text: str) -> Network:
    """An address or CIDR range as a network; ValueError if it is neither or
    is too wide to block. Host bits of a range are cleared (10.1.2.3/8 is
    10.0.0.0/8)."""
    text = (text or "").strip()
    if not text or len(text) > 50:
        raise ValueError("Not an IP address or range.")
    found = ipaddress.ip_network(text, strict=False)
    mapped = getattr(found.network_address, "ipv4_mapped", None)
    if mapped is not None and found.prefixlen >= 96:
        found = ipaddress.ip_network(f"{mapped}/{found.prefixlen - 96}")
    if found.prefixlen < WIDEST[found.version]:
        raise ValueError(
            f"Ranges wider than /{WIDEST[found.version]} cannot be blocked "
            f"(IPv{found.version})."
        )
    return found


def looks_like_address(text: str) -> bool:
    try:
        ipaddress.ip_network((text or "").strip(), strict=False)
    except ValueError:
        return False
    return True


def _hex(address) -> str:
    if address.version == 4:
        address = ipaddress.IPv6Address(f"::ffff:{address}")
    return f"{int(address):032x}"


def bounds(net: Network) -> tuple[str, str]:
    return _hex(net.network_address), _hex(net.broadcast_address)


def written(net: Network) -> str:
    """An address alone when the range holds one, else CIDR notation."""
    single = net.prefixlen == net.max_prefixlen
    return str(net.network_address) if single else str(net)


def _ip_hex(ip: str) -> str | None:
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return _hex(address)


def covers(net: Network, ip: str) -> bool:
    """Whether the range `net` holds the address `ip`."""
    number = _ip_hex(ip)
    start, end = bounds(net)
    return number is not None and start <= number <= end


def holds(block: Block, user, ip: str) -> bool:
    """Whether `block` is one of those keeping `user` at `ip` from writing."""
    if block.user_id is not None:
        return user is not None and block.user_id == user.pk
    number = _ip_hex(ip)
    return number is not None and block.range_start <= number <= block.range_end


def _lookup(user, ip: str):
    who = Q()
    if user is not None and user.is_authenticated:
        who |= Q(user_id=user.pk)
    number = _ip_hex(ip)
    if number is not None:
        who |= Q(range_start__lte=number, range_end__gte=number, user__isnull=True)
    if not who:
        return None
    # The block that lasts longest is the one to tell about.
    return (
        Block.objects.active()
        .filter(who)
        .select_related("blocked_by")
        .order_by(F("expires_at").desc(nulls_first=True), "-pk")
        .first()
    )


def active_block(user, ip: str = "") -> Block | None:
    """The block keeping this account or address from writing, if any; one
    query, remembered on the user object for the rest of the request.
    Superusers are never held by a block (and cannot be blocked)."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return None
    memo = user.__dict__.setdefault("_wiki_blocks", {}) if user is not None else {}
    if ip not in memo:
        memo[ip] = _lookup(user, ip)
    return memo[ip]


def signup_block(ip: str) -> Block | None:
    """The block of this address that also refuses new accounts, if any."""
    number = _ip_hex(ip)
    if number is None:
        return None
    return (
        Block.objects.active()
        .filter(
            range_start__lte=number,
            range_end__gte=number,
            user__isnull=True,
            prevents_account_creation=True,
        )
        .select_related("blocked_by")
        .first()
    )


def block(
    *,
    actor,
    user=None,
    address: str = "",
    duration: timedelta | None,
    reason: str,
    prevents_account_creation: bool = True,
) -> Block:
    """Block an account or an address/range, for `duration` (None: until
    lifted), and log it. A target already blocked is refused: lift that
    block, or change it by lifting and blocking again. Nobody blocks their
    own account (as on MediaWiki); whether an address is the actor's own is
    for the caller to ask, who knows the request's (`covers`)."""
    if (user is None) == (not address):
        raise ValueError("Block either an account or an address.")
    fields = {}
    if user is not None:
        if user.is_superuser:
            raise ValidationError("Administrators cannot be blocked.")
        if actor is not None and user.pk == actor.pk:
            raise ValidationError(OWN_ACCOUNT)
        existing = Block.objects.active().filter(user=user)
        target = user.get_username()
    else:
        try:
            net = network(address)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        start, end = bounds(net)
        fields = {"address": written(net), "range_start": start, "range_end": end}
        existing = Block.objects.active().filter(range_start=start, range_end=end)
        target = fields["address"]
    now = timezone.now()
    with transaction.atomic():
        if existing.exists():
            raise ValidationError(
                f"{target} is already blocked. Unblock first to change the block."
            )
        placed = Block.objects.create(
            user=user,
            reason=reason,
            prevents_account_creation=prevents_account_creation,
            blocked_by=actor,
            expires_at=now + duration if duration is not None else None,
            **fields,
        )
        logs.record(
            logs.Action.BLOCK,
            actor=actor,
            user=user,
            target=target,
            reason=reason,
            details={
                "expires": placed.expires_at.isoformat() if placed.expires_at else None,
                "prevents_account_creation": prevents_account_creation,
                "range": placed.is_range,
            },
        )
    return placed


def unblock(*, block_id: int, actor, reason: str) -> Block | None:
    """Lift an active block, and log it; None if it is no longer active."""
    with transaction.atomic():
        found = Block.objects.select_for_update().active().filter(pk=block_id).first()
        if found is None:
            return None
        found.unblocked_at = timezone.now()
        found.unblocked_by = actor
        found.unblock_reason = reason
        found.save(update_fields=["unblocked_at", "unblocked_by", "unblock_reason"])
        logs.record(
            logs.Action.UNBLOCK,
            actor=actor,
            user=found.user,
            target=found.target,
            reason=reason,
            details={"block": found.pk},
        )
    return found
