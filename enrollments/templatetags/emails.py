from django import template

register = template.Library()


@register.filter
def text_bar(percent: int, width: int = 20) -> str:
    """A plain-text progress bar: [#####...............]."""
    filled = max(0, min(width, round(int(percent) * width / 100)))
    return "[" + "#" * filled + "." * (width - filled) + "]"


@register.filter
def duration_words(seconds: int) -> str:
    """A duration as people say it: "40 seconds", "1 minute", "7 minutes"."""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} seconds"
    minutes = round(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
