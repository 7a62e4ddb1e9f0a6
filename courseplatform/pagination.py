from django.core.paginator import Paginator
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from .query import query_value


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N` from 1, and `?page_size=N` from 1 to 100 (20 when not given). Either given badly or
    twice is a 400 naming it; a page past the last is a 404."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request, paginator):
        raw = query_value(request, self.page_query_param)
        if raw is None:
            return 1
        if not raw.isdigit() or int(raw) < 1:
            raise ValidationError({self.page_query_param: ["Give a whole number from 1."]})
        return raw

    def get_page_size(self, request):
        raw = query_value(request, self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            message = f"Give a whole number from 1 to {self.max_page_size}."
            raise ValidationError({self.page_size_query_param: [message]})
        return int(raw)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        # next and previous are always sent (null on the first and last pages).
        response["required"] = ["count", "next", "previous", "results"]
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = "The page number, from 1. Past the last page is a 404."
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size, "default": self.page_size})
                parameter["description"] = f"Results per page, from 1 to {self.max_page_size}."
        return parameters


class FirstPageCountingPaginator(Paginator):
    """Reads one row more than the first page: when the whole list fits, its length is the count
    and the COUNT query is saved (most learners' lists are one short page)."""

    def page(self, number):
        if str(number) != "1" or "count" in self.__dict__:
            return super().page(number)
        rows = list(self.object_list[: self.per_page + 1])
        if len(rows) <= self.per_page:
            self.count = len(rows)  # count is a cached_property: this is its value from now on
        return self._get_page(rows[: self.per_page], 1, self)


class FirstPageCountingPagination(PageNumberPagination):
    """PageNumberPagination that answers a first page holding the whole list without a COUNT query."""

    django_paginator_class = FirstPageCountingPaginator
