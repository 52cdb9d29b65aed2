"""The welfare and legal demo steps: they load, a second run creates nothing, and they say they are fictional."""

import pytest

from peaceops.access.context import system_scope
from peaceops.demo import legal as demo_legal
from peaceops.demo import welfare as demo_welfare
from peaceops.missions.tests.factories import RotationFactory, mission
from peaceops.org.models import Unit
from peaceops.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_demo_steps_are_idempotent_and_marked_fictional(structure):
    import datetime as dt

    from peaceops.legal.models import ComplianceRecord, DisciplineCase, Instrument
    from peaceops.welfare.models import CompensationClaim, Incident, NotificationStep

    unmiss = mission("UNMISS")
    hospital = Unit.objects.get(code="L2FH-7")
    PersonFactory(level_id=0, owner="VDPO", unit=hospital)
    RotationFactory(mission=unmiss, unit=hospital, number=2, start_date=dt.date(2025, 12, 15),
                    end_date=dt.date(2026, 12, 28))
    RotationFactory(mission=unmiss, unit=hospital, number=3, start_date=dt.date(2026, 12, 15),
                    end_date=dt.date(2027, 12, 28))
    with system_scope("test: demo") as system:
        first = (demo_welfare.load(system), demo_legal.load(system))
        second = (demo_welfare.load(system), demo_legal.load(system))
        assert first[0] == {"deadline_periods": 2, "incidents": 1, "casualties": 1, "claims": 1}
        assert first[1] == {"instruments": 3, "compliance_records": 2, "discipline_cases": 1}
        assert all(v == 0 for counts in second for v in counts.values())
        incident = Incident.objects.get()
        assert "fictional" in incident.place
        done = set(NotificationStep.objects.filter(done_at__isnull=False).values_list("kind", flat=True))
        assert done == {"family", "ministries"}
        assert "placeholder" in CompensationClaim.objects.get().note
        assert all(i.reference.startswith("DEMO-") and "Fictional" in i.notes for i in Instrument.objects.all())
        assert ComplianceRecord.objects.count() == 2
        assert DisciplineCase.objects.get().status == "investigating"
