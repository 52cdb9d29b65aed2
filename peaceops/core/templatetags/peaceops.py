from django import template
from django.utils.html import format_html
from django.utils.http import urlencode

from peaceops.access.banner import LEVEL_STYLES

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_link(context, key, label):
    """A column header that toggles ascending / descending sort, keeping the other filters."""
    request = context["request"]
    current = context.get("sort", "")
    query = request.GET.copy()
    query.pop("page", None)
    descending = current == key
    query["sort"] = f"-{key}" if descending else key
    arrow = " ▲" if current == key else (" ▼" if current == f"-{key}" else "")
    aria = "ascending" if current == key else ("descending" if current == f"-{key}" else "none")
    return format_html('<a href="?{}" class="sort-link" aria-sort="{}">{}{}</a>', query.urlencode(), aria, label, arrow)


@register.simple_tag
def marking_badge(obj):
    level = obj.effective_level()
    return format_html('<span class="marking-badge marking-{}">{}</span>', LEVEL_STYLES.get(level, "top-secret"),
                       obj.marking)


@register.simple_tag
def banner_badge(document):
    """A document's banner (its highest portion) as a badge; the title's own marking in the tooltip."""
    from peaceops.access.models import level_label, mask_to_compartments

    level = document.banner_effective_level()
    label = " // ".join([level_label(level).upper(), *mask_to_compartments(document.banner_compartment_mask)])
    return format_html('<span class="marking-badge marking-{}" title="{}">{}</span>',
                       LEVEL_STYLES.get(level, "top-secret"), document.marking, label)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    return "?" + urlencode({**context["request"].GET.dict(), "page": number})


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
