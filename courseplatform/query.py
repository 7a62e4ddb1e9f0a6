"""Query parameters read strictly: given once, not empty, one of the documented values.

A client that sends `?page=2&page=3`, `?level=` or `?ordering=colour` has made a mistake; it gets a
400 naming the parameter rather than an answer for a request it did not mean.
"""

from django_filters import rest_framework as filters
from rest_framework import filters as drf_filters
from rest_framework.exceptions import ValidationError


def query_value(request, name: str, *, allow_empty: bool = False) -> str | None:
    """The one value of query parameter `name`, or None when it is absent."""
    values = request.query_params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise ValidationError({name: ["Give this parameter once."]})
    if values[0] == "" and not allow_empty:
        raise ValidationError({name: ["Give a value, or leave the parameter out."]})
    return values[0]


class StrictFilterSet(filters.FilterSet):
    """A filter set whose parameters are each given at most once and never empty."""

    def is_valid(self):
        valid = super().is_valid()
        for name in self.filters:
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            if len(values) > 1:
                self.form.add_error(name, "Give this parameter once.")
            elif values == [""]:
                self.form.add_error(name, "Give a value, or leave the parameter out.")
        return valid and not self.form.errors


class OrderingFilter(drf_filters.OrderingFilter):
    """`ordering` by one of the view's `ordering_fields` (`-` for descending), or a 400 naming it.
    The schema lists the accepted values."""

    def get_ordering(self, request, queryset, view):
        raw = query_value(request, self.ordering_param)
        if raw is None:
            return self.get_default_ordering(view)
        allowed = self._allowed(view)
        fields = [term.strip() for term in raw.split(",")]
        unknown = [field for field in fields if field not in allowed]
        if unknown:
            raise ValidationError({self.ordering_param: [f"Order by one of: {', '.join(sorted(allowed))}."]})
        return fields

    @staticmethod
    def _allowed(view) -> set[str]:
        names = [name for name in getattr(view, "ordering_fields", None) or [] if isinstance(name, str)]
        return {prefix + name for name in names for prefix in ("", "-")}

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        allowed = sorted(self._allowed(view))
        for parameter in parameters:
            if parameter["name"] == self.ordering_param and allowed:
                parameter["schema"]["enum"] = allowed
                parameter["description"] = "The order of the results: a field, or `-field` for descending."
        return parameters


class SearchFilter(drf_filters.SearchFilter):
    """`search`, given at most once (an empty search matches everything)."""

    def get_search_terms(self, request):
        value = query_value(request, self.search_param, allow_empty=True) or ""
        return super().get_search_terms(_OneValue(request, self.search_param, value))


class _OneValue:
    """A stand-in request whose query holds only the one checked value of `name`."""

    def __init__(self, request, name: str, value: str):
        self.query_params = {name: value}
        self._request = request

    def __getattr__(self, attr):
        return getattr(self._request, attr)
