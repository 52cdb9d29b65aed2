"""The optional second factor: RFC 6238 codes, set-up by a privileged user, the two-step sign-in,
no replay, throttling, and an audit row for every attempt."""

import pytest
from django.urls import reverse

from peaceops.accounts import second_factor, totp
from peaceops.accounts.models import TOTPDevice
from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.demo.structure import DEMO_PASSWORD

RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # the ASCII key "12345678901234567890" of RFC 6238


@pytest.mark.parametrize("moment,code", [(59, "287082"), (1111111109, "081804"), (1234567890, "005924"),
                                         (2000000000, "279037")])
def test_codes_match_the_rfc_6238_test_vectors(moment, code):
    assert totp.code_at(RFC_SECRET, totp.current_step(moment)) == code


def test_a_code_is_accepted_once_and_within_one_step_of_drift():
    step = totp.current_step(1_000_000)
    code = totp.code_at(RFC_SECRET, step)
    assert totp.matching_step(RFC_SECRET, code, now=1_000_000) == step
    assert totp.matching_step(RFC_SECRET, code, now=1_000_000 + 30) == step
    assert totp.matching_step(RFC_SECRET, code, now=1_000_000 + 90) is None
    assert totp.matching_step(RFC_SECRET, code, now=1_000_000, after_step=step) is None
    assert totp.matching_step(RFC_SECRET, "12", now=1_000_000) is None




def current_code(user) -> str:
    return totp.code_at(TOTPDevice.objects.get(user=user).secret, totp.current_step())


@pytest.fixture
def admin_with_authenticator(db, structure, actors, users):
    second_factor.totp_begin(actor=actors["admin"])
    second_factor.totp_confirm(actor=actors["admin"], code=current_code(users["admin"]))
    TOTPDevice.objects.filter(user=users["admin"]).update(last_step=-1)  # let the sign-in test reuse this step
    return users["admin"]


@pytest.mark.django_db
def test_only_privileged_roles_may_set_up_an_authenticator(structure, actors):
    with pytest.raises(NotPermitted):
        second_factor.totp_begin(actor=actors["planner"])
    device = second_factor.totp_begin(actor=actors["admin"])
    assert not device.confirmed
    assert AuditEvent.objects.filter(action="accounts.totp.begin").count() == 1


@pytest.mark.django_db
def test_a_wrong_confirmation_code_leaves_the_factor_off(structure, actors, users):
    second_factor.totp_begin(actor=actors["admin"])
    with pytest.raises(ServiceError):
        second_factor.totp_confirm(actor=actors["admin"], code="000000" if current_code(users["admin"]) != "000000"
                                   else "111111")
    assert second_factor.confirmed_device(users["admin"]) is None


@pytest.mark.django_db
def test_sign_in_asks_for_the_code_after_the_password(admin_with_authenticator, client):
    response = client.post(reverse("accounts:login"), {"username": "admin", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:verify")
    assert client.get(reverse("core:dashboard")).status_code == 302, "not signed in before the code"
    code = current_code(admin_with_authenticator)
    response = client.post(reverse("accounts:verify"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("core:dashboard")
    assert client.get(reverse("core:dashboard")).status_code == 200
    events = list(AuditEvent.objects.filter(action="accounts.login.second_factor").values_list("changes", flat=True))
    assert events == [{"accepted": True}]


@pytest.mark.django_db
def test_a_used_code_cannot_sign_in_again(admin_with_authenticator, client):
    code = current_code(admin_with_authenticator)
    client.post(reverse("accounts:login"), {"username": "admin", "password": DEMO_PASSWORD})
    assert client.post(reverse("accounts:verify"), {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "admin", "password": DEMO_PASSWORD})
    response = client.post(reverse("accounts:verify"), {"code": code})
    assert response.status_code == 200 and "code" in response.context["form"].errors


@pytest.mark.django_db
def test_wrong_codes_are_audited_and_throttled(admin_with_authenticator, client):
    client.post(reverse("accounts:login"), {"username": "admin", "password": DEMO_PASSWORD})
    wrong = "000000" if current_code(admin_with_authenticator) != "000000" else "111111"
    for _ in range(5):
        assert client.post(reverse("accounts:verify"), {"code": wrong}).status_code == 200
    response = client.post(reverse("accounts:verify"), {"code": current_code(admin_with_authenticator)})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert AuditEvent.objects.filter(action="accounts.login.second_factor", changes={"accepted": False}).count() == 5


@pytest.mark.django_db
def test_the_code_page_without_a_password_first_goes_back_to_sign_in(structure, client):
    assert client.get(reverse("accounts:verify"))["Location"] == reverse("accounts:login")


@pytest.mark.django_db
def test_the_security_page_sets_up_and_turns_off_the_factor(structure, client_for, users):
    web = client_for("admin")
    assert web.post(reverse("accounts:security"), {"step": "begin"}).status_code == 302
    page = web.get(reverse("accounts:security"))
    assert page.status_code == 200 and 'data-testid="totp-secret"' in page.content.decode()
    assert web.post(reverse("accounts:security"), {"step": "confirm", "code": current_code(users["admin"])}
                    ).status_code == 302
    assert second_factor.confirmed_device(users["admin"]) is not None
    TOTPDevice.objects.filter(user=users["admin"]).update(last_step=-1)
    assert web.post(reverse("accounts:security"), {"step": "disable", "code": "12"}).status_code == 400
    assert web.post(reverse("accounts:security"), {"step": "disable", "code": current_code(users["admin"])}
                    ).status_code == 302
    assert not TOTPDevice.objects.filter(user=users["admin"]).exists()


@pytest.mark.django_db
def test_an_administrator_resets_a_lost_authenticator_with_a_reason(admin_with_authenticator, actors, users):
    second_factor.totp_begin(actor=actors["auditor"])
    with pytest.raises(ServiceError):
        second_factor.totp_reset(actor=actors["admin"], user=users["auditor"], reason=" ")
    with pytest.raises(NotPermitted):
        second_factor.totp_reset(actor=actors["planner"], user=users["auditor"], reason="lost phone")
    second_factor.totp_reset(actor=actors["admin"], user=users["auditor"], reason="lost phone")
    assert not TOTPDevice.objects.filter(user=users["auditor"]).exists()
