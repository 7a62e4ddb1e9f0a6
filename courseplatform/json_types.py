"""JSON request values keep their JSON types: a number is not a string, 0 is not false.

DRF coerces for the sake of HTML forms: it takes 0 or "1" for a boolean, 42 for a string and "7"
or true for an integer. The API's contract is JSON, and its schema says `boolean`, `string`,
`integer`; a generated client or a careless one that sends the wrong type gets a 400 naming the
field, as the schema promises. Form values are strings, so the pages that post forms (email
preferences, declining an invitation) still work: only JSON's own types are refused where they
do not belong.
"""

from rest_framework import serializers


def _strict(field_class, refuse):
    original = field_class.to_internal_value

    def to_internal_value(self, data):
        if refuse(data):
            self.fail("invalid")
        return original(self, data)

    field_class.to_internal_value = to_internal_value


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _char_to_internal_value(original):
    def to_internal_value(self, data):
        if _is_number(data):
            self.fail("invalid")
        # The schema's maxLength is about what is sent: measure before surrounding spaces are trimmed.
        if isinstance(data, str) and self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return original(self, data)

    return to_internal_value


def _wrap(field_class, make) -> None:
    field_class.to_internal_value = make(field_class.to_internal_value)


def install() -> None:
    _wrap(serializers.CharField, _char_to_internal_value)
    _strict(serializers.BooleanField, _is_number)
    _strict(serializers.IntegerField, lambda value: isinstance(value, (bool, str)))
