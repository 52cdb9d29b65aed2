"""/api/v1/readiness/…: qualification records, one person's eligibility, a post type's pool."""

from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from peaceops.access.api import SecuredAPIMixin
from peaceops.access.policies import policy_for
from peaceops.people.models import Person

from .. import selectors, services, wording
from ..forms import errors_json, tour_from
from ..models import PostType, Qualification
from ..pool import eligible_pool
from .serializers import EligibilitySerializer, ErrorSerializer, PoolSerializer, QualificationSerializer

TOUR_PARAMETERS = [
    OpenApiParameter("post_type", str, required=True, description="post type code, e.g. MEM, SURGEON"),
    OpenApiParameter("from", str, required=True, description="the tour's first day (YYYY-MM-DD)"),
    OpenApiParameter("to", str, description="the tour's last day (YYYY-MM-DD); default: 12 months from `from`"),
]
BAD_INPUT = OpenApiResponse(ErrorSerializer, description="bad or missing dates, unknown post type or person id; "
                                                         "each bad parameter is named with its reason")


def _bad(body: dict) -> Response:
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


def _rule_set_ref(rules) -> dict:
    return {"post_type": rules.post_type.code, "version": rules.rule_set.version,
            "valid_from": rules.rule_set.valid_from}


class TourRequestMixin:
    def tour_request(self, request):
        """(post type, tour, rules) from the query, or a 400 Response naming what is wrong."""
        post_types = list(selectors.post_type_list(actor=self.actor))
        if not request.query_params.get("from"):
            return _bad({"detail": "Give the tour's first day as from=YYYY-MM-DD.", "code": "invalid",
                         "from": ["This field is required."]})
        form = tour_from(request.query_params, post_types=post_types)
        if not form.is_valid():
            return _bad(errors_json(form))
        post_type = next(p for p in post_types if p.code == form.cleaned_data["post_type"])
        tour = form.tour
        rules = selectors.rules_in_force(post_types=[post_type], on=tour.start).get(post_type.code)
        if rules is None:
            return _bad({"detail": "No rule set of this post type is in force on the tour's start.",
                         "code": "no_rules", "post_type": [post_type.code]})
        return post_type, tour, rules


@extend_schema(tags=["readiness"])
class QualificationViewSet(SecuredAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Qualification records the caller may see; filing one goes through the service (audited, and a
    medical or vetting record always carries its compartment)."""

    model = Qualification
    serializer_class = QualificationSerializer
    filterset_fields = ["type__code"]
    ordering_fields = ["taken_on", "valid_until"]
    ordering = ["-taken_on", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Qualification._base_manager.none()
        queryset = selectors.qualification_list(actor=self.actor).select_related("owning_agency")
        person = self.request.query_params.get("person")
        if person:
            try:
                queryset = queryset.filter(person_id=uuid.UUID(person))
            except ValueError:
                return queryset.none()
        return queryset

    @extend_schema(parameters=[OpenApiParameter("person", str, description="a person's id")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = Person.objects.visible_to(self.actor).filter(pk=data["person_id"]).first()
        if person is None:
            return _bad({"detail": "No such person.", "code": "invalid", "person": ["No such person."]})
        qualification = services.qualification_record(
            actor=self.actor, person=person, type=data["type"], result=data["result"], taken_on=data["taken_on"],
            valid_until=data.get("valid_until"), score=data.get("score"), reference=data.get("reference", ""),
            marking=serializer.chosen_marking())
        return Response(self.get_serializer(qualification).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["readiness"])
class EligibilityViewSet(TourRequestMixin, SecuredAPIMixin, viewsets.GenericViewSet):
    """One person's verdict for one post type and tour, with every reason why not. Reasons that rest
    on records the caller may not see say so (code "hidden") and carry none of their content."""

    model = PostType
    pagination_class = None
    serializer_class = EligibilitySerializer

    @extend_schema(parameters=[OpenApiParameter("person", str, required=True, description="the person's id"),
                               *TOUR_PARAMETERS],
                   responses={200: EligibilitySerializer, 400: BAD_INPUT,
                              404: OpenApiResponse(description="no such person, or not visible to the caller")})
    def list(self, request):
        try:
            person_id = uuid.UUID(request.query_params.get("person", ""))
        except ValueError:
            return _bad({"detail": "Give the person's id as person=<uuid>.", "code": "invalid",
                         "person": ["Not a valid id."]})
        answer = self.tour_request(request)
        if isinstance(answer, Response):
            return answer
        post_type, tour, rules = answer
        person = policy_for(Person).scope(self.actor, "view").filter(pk=person_id).first()
        if person is None:
            raise NotFound()
        _rules, verdict = selectors.person_verdict(actor=self.actor, person=person, post_type=post_type, tour=tour)
        body = {"person": person.pk, "post_type": post_type.code, "tour": {"start": tour.start, "end": tour.end},
                "rule_set": _rule_set_ref(rules), **wording.verdict_dict(verdict, rules.types, rules.rules, tour)}
        return Response(EligibilitySerializer(body).data)


@extend_schema(tags=["readiness"])
class PoolViewSet(TourRequestMixin, SecuredAPIMixin, viewsets.GenericViewSet):
    """The eligible people of one post type for one tour (visible to the caller), and how many others
    fail, by their first failing check."""

    model = PostType
    pagination_class = None
    serializer_class = PoolSerializer

    @extend_schema(parameters=[*TOUR_PARAMETERS, OpenApiParameter("page", int),
                               OpenApiParameter("page_size", int, description="default 50, at most 500")],
                   responses={200: PoolSerializer, 400: BAD_INPUT})
    def list(self, request):
        answer = self.tour_request(request)
        if isinstance(answer, Response):
            return answer
        post_type, tour, rules = answer
        pool = eligible_pool(actor=self.actor, rules=rules, tour=tour)
        try:
            size = min(max(int(request.query_params.get("page_size", 50)), 1), 500)
        except ValueError:
            size = 50
        page = Paginator(pool.eligible, size).get_page(request.query_params.get("page"))
        body = {
            "post_type": post_type.code, "tour": {"start": tour.start, "end": tour.end},
            "rule_set": _rule_set_ref(rules), "eligible_count": pool.eligible_count,
            "not_eligible_count": pool.not_eligible_count,
            "failing": [{"check": check, "count": count, "hidden": check in pool.hidden,
                         "label": wording.check_label(check, rules.types, rules.rules),
                         "requirement": wording.requirement_text(check, rules.rules, tour, rules.types)}
                        for check, count in pool.failing],
            "page": page.number, "num_pages": page.paginator.num_pages,
            "results": [pool_person(p) for p in page.object_list],
        }
        return Response(PoolSerializer(body).data)


def pool_person(person: Person) -> dict:
    return {"id": person.pk, "service_number": person.service_number, "full_name": person.full_name,
            "rank": person.rank, "service": person.service, "unit": person.unit.code if person.unit_id else None,
            "marking": person.marking}

