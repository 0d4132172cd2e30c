"""A test playing the user's browser in a browser sign-in: it follows the authorize URL to the
stand-in's test provider page, fills in the e-mail, submits the form and follows every redirect
(through Auth's callback to the app's loopback redirect), like a browser would."""

from __future__ import annotations

import html
import re
import urllib.parse

import httpx

_FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', re.S)
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


async def sign_in_at_provider(authorize_url: str, email: str) -> httpx.Response:
    """The last response the browser shows (the app's "you can close this tab" page)."""
    async with httpx.AsyncClient(follow_redirects=True, timeout=15) as browser:
        page = await browser.get(authorize_url)
        page.raise_for_status()
        found = _FORM.search(page.text)
        assert found is not None, f"no sign-in form on the provider page: {page.text[:300]}"
        action, inner = found.groups()
        fields = {name: html.unescape(value) for name, value in _HIDDEN.findall(inner)}
        fields["email"] = email
        target = urllib.parse.urljoin(str(page.url), html.unescape(action))
        return await browser.get(target, params=fields)
