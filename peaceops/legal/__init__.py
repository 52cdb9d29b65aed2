"""Legal instruments (national basis, MOU, SOFA/SOMA, partner agreements), compliance per deployment, conduct and discipline cases."""
