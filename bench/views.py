from django.http import HttpResponse

FIXED = b"<!DOCTYPE html><title>Fixed</title><p>The same bytes every time.</p>"


def fixed_bytes(request):
    """The benchmark's ceiling: what the server and middleware cost alone."""
    return HttpResponse(FIXED)
