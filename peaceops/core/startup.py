from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def fail_on_security_errors() -> None:
    """Run the security system checks at start-up and refuse to start on any error."""
    errors = [e for e in checks.run_checks(tags=[checks.Tags.security]) if e.is_serious()]
    if errors:
        raise ImproperlyConfigured("PeaceOps refuses to start:\n" + "\n".join(str(e) for e in errors))
