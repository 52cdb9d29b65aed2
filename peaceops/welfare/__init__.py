"""Incidents, casualties, the notification workflow, repatriation, compensation, follow-up care, memorials."""
