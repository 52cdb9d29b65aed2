import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings.base")
application = get_wsgi_application()

# Refuse to serve when a classified model has no policy or a route skips the secured views.
from peaceops.core.startup import fail_on_security_errors  # noqa: E402

fail_on_security_errors()
