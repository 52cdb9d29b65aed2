from .actor import actor_for_user
from .context import reset_actor, set_actor


class ActorMiddleware:
    """Resolve the signed-in user's clearance once per request and make it the current actor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        actor = actor_for_user(user) if user is not None and user.is_authenticated else None
        request.actor = actor
        token = set_actor(actor)
        try:
            return self.get_response(request)
        finally:
            reset_actor(token)
