from collections import OrderedDict

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from peaceops.core.pagination import CappedPaginator


class StandardPagination(PageNumberPagination):
    """Pages of 50 (up to 500); `count` is exact up to 10,000, above which `count_capped` is true."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(OrderedDict([
            ("count", paginator.count),
            ("count_capped", paginator.capped_count),
            ("next", self.get_next_link()),
            ("previous", self.get_previous_link()),
            ("results", data),
        ]))

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_capped"] = {"type": "boolean", "description": "count is a lower bound"}
        return response
