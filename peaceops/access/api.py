"""Secured API bases: DRF authenticates inside the view, so the actor is set there too."""

import functools

from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from peaceops.audit.recorder import record_read

from .actor import actor_for_user
from .context import reset_actor, set_actor
from .policies import policy_for


def _audited_retrieve(retrieve):
    @functools.wraps(retrieve)
    def audited(self, request, *args, **kwargs):
        response = retrieve(self, request, *args, **kwargs)
        obj = getattr(self, "_retrieved", None)
        if obj is not None:
            record_read(actor=self.actor, target=obj)
        return response

    audited.peaceops_audited = True
    return audited


class SecuredAPIMixin:
    peaceops_secured = True
    permission_classes = [IsAuthenticated]
    model = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        user = request.user
        resolved = getattr(request._request, "actor", None)  # the middleware's, for session users
        if user and user.is_authenticated:
            self.actor = resolved if resolved and resolved.user_id == user.pk else actor_for_user(user)
        else:
            self.actor = None
        self._actor_token = set_actor(self.actor)

    def finalize_response(self, request, response, *args, **kwargs):
        token = getattr(self, "_actor_token", None)
        if token is not None:
            reset_actor(token)
            self._actor_token = None
        return super().finalize_response(request, response, *args, **kwargs)

    def policy(self):
        return policy_for(self.model)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model._base_manager.none()
        return self.policy().scope(self.actor, "view")

    def __init_subclass__(cls, **kwargs):
        # Reading one record through the API is audited. The wrapper goes only onto viewsets that
        # really retrieve: a `retrieve` on every viewset would make the router publish a detail
        # route on list-only viewsets too, which then failed with a 500.
        super().__init_subclass__(**kwargs)
        if issubclass(cls, mixins.RetrieveModelMixin) and not getattr(cls.retrieve, "peaceops_audited", False):
            cls.retrieve = _audited_retrieve(cls.retrieve)

    def get_object(self):
        obj = super().get_object()
        self._retrieved = obj
        return obj


class SecuredReadOnlyViewSet(SecuredAPIMixin, viewsets.ReadOnlyModelViewSet):
    pass


class SecuredModelViewSet(
    SecuredAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Create and update go through the app's services (override perform_create / perform_update)."""


def building_schema(view) -> bool:
    """True while drf-spectacular inspects the view (no request, no actor): answer with an empty queryset."""
    return bool(getattr(view, "swagger_fake_view", False))
