from .choices import RoleCode


def seed_roles(role_model) -> None:
    for code in RoleCode.values:
        role_model.objects.get_or_create(code=code)
