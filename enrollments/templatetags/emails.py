from django import template

register = template.Library()


@register.filter
def text_bar(percent: int, width: int = 20) -> str:
    """A plain-text progress bar: [#####...............]."""
    filled = max(0, min(width, round(int(percent) * width / 100)))
    return "[" + "#" * filled + "." * (width - filled) + "]"
