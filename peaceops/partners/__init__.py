"""Partner assistance: partners, offers, requests, deliveries, and the gap view."""
