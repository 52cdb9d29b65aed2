"""This app's API routes, registered by peaceops/api/urls.py: (prefix, viewset, basename), most specific first."""

ROUTES: list = []
