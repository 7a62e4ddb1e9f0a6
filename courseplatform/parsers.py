"""The API's JSON parser: DRF's, with hostile documents refused as a 400."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# No request of this API nests deeper than a few levels; quiz answers are the deepest at 3.
MAX_JSON_DEPTH = 20


def _check(document) -> None:
    """Raise ParseError for nesting deeper than MAX_JSON_DEPTH or a string with a lone surrogate
    (valid JSON, `"\\ud800"`, but not text any database or email can store)."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ParseError("JSON parse error - a string is not valid Unicode text.") from None
            continue
        if not isinstance(value, (dict, list)):
            continue
        if depth > MAX_JSON_DEPTH:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
        items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        stack.extend((item, depth + 1) for item in items)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            document = super().parse(stream, media_type, parser_context)
        except RecursionError:
            # json gives up with RecursionError, not ValueError, on about a thousand levels.
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.") from None
        _check(document)
        return document
