class SecurityHeadersMiddleware:
    """Content security policy with no inline script and no outside origin (closed network)."""

    POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
    )

    CACHEABLE_PREFIXES = ("/static/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The API docs page (Swagger UI) sets inline styles of its own; scripts stay strict everywhere.
        if request.path.startswith("/api/docs"):
            response.setdefault("Content-Security-Policy", self.POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"))
        else:
            response.setdefault("Content-Security-Policy", self.POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(self.CACHEABLE_PREFIXES):
            # Classified pages must not outlive the session in the browser's or a proxy's cache.
            response["Cache-Control"] = "no-store, private"
        return response
