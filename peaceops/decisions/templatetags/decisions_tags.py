from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from ..models import SCORE_MAX

register = template.Library()


@register.simple_tag
def score(value):
    """Five small squares, `value` of them filled, with the number for screen readers and copy."""
    boxes = format_html_join("", '<i class="{}"></i>', ((("on" if i < value else ""),) for i in range(SCORE_MAX)))
    return format_html('<span class="score" aria-hidden="true">{}</span><strong>{}</strong><span class="visually-hidden"> {}</span>',
                       boxes, value, _("of %(n)d") % {"n": SCORE_MAX})


@register.filter
def attr(obj, name):
    return getattr(obj, name, "")


@register.filter
def note_for(obj, name):
    return getattr(obj, f"{name}_note", "")


@register.filter
def bilingual(obj, prefix):
    from django.utils.translation import get_language

    english = (get_language() or "vi").startswith("en")
    return getattr(obj, f"{prefix}_en" if english else f"{prefix}_vi", "")
