"""HTML → PDF with WeasyPrint, for any page of the project (document export, decision briefs…).

Closed network: nothing is fetched from outside. The only resources a page may use are `data:` URIs
and the project's own static files, which the fetcher reads from disk through the staticfiles
finders; every other URL is refused. Fonts come from the system (fontconfig): DejaVu and Noto carry
every Vietnamese glyph, so no web font is needed.

Usage::

    from peaceops.core.pdf import render_pdf, render_template_pdf
    body = render_template_pdf("documents/document_print.html", context, request=request)
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# The base URL given to WeasyPrint. It is never resolved on the network: the fetcher maps
# `LOCAL_ORIGIN + STATIC_URL + path` to the static file on disk and refuses everything else.
LOCAL_ORIGIN = "https://peaceops.invalid"

# Fonts with full Vietnamese coverage, shipped by fonts-dejavu-core and fonts-noto-core.
FONT_STACK = '"Noto Sans", "DejaVu Sans", "Liberation Sans", sans-serif'


class RefusedURL(ValueError):
    """A page asked for a resource outside the project's static files."""


def static_file_for(url: str) -> Path | None:
    """The file behind a local static URL (`/static/…` or `LOCAL_ORIGIN/static/…`), or None."""
    from django.contrib.staticfiles import finders

    parts = urlsplit(url)
    if parts.scheme and f"{parts.scheme}://{parts.netloc}" != LOCAL_ORIGIN:
        return None
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    path = unquote(parts.path)
    if not path.startswith(prefix):
        return None
    relative = path[len(prefix):]
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    root = getattr(settings, "STATIC_ROOT", None)
    if root:
        candidate = (Path(root) / relative).resolve()
        if candidate.is_file() and Path(root).resolve() in candidate.parents:
            return candidate
    return None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """Serves `data:` URIs and the project's static files; refuses every other URL."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file_for(url)
            if path is None:
                logger.warning("PDF rendering refused a non-local URL: %s", url[:200])
                raise RefusedURL(f"non-local URL refused: {url[:200]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    return LocalOnlyFetcher


def url_fetcher():
    """A fresh WeasyPrint fetcher that reads only local static files and `data:` URIs."""
    return _fetcher_class()(allowed_protocols=("data", "https", "http"))


def render_pdf(html: str, *, stylesheets: Iterable[str] = (), base_url: str = LOCAL_ORIGIN + "/") -> bytes:
    """Render an HTML string (and optional extra CSS strings) to PDF bytes.

    `presentational_hints=True` keeps HTML attributes such as `border=` or `width=` meaningful,
    as a browser would.
    """
    from weasyprint import CSS, HTML

    fetcher = url_fetcher()
    sheets = [CSS(string=css, base_url=base_url, url_fetcher=fetcher) for css in stylesheets]
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=sheets, presentational_hints=True)


def render_template_pdf(template_name: str, context: dict, *, request=None, stylesheets: Iterable[str] = ()) -> bytes:
    """Render a Django template to PDF; the template gets `pdf=True` so it can drop screen-only parts."""
    html = render_to_string(template_name, {**context, "pdf": True}, request=request)
    return render_pdf(html, stylesheets=stylesheets)
