"""Typed readers for the environment, so every setting has one obvious source."""

import os
import secrets
from pathlib import Path


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def peaceops_home() -> Path:
    """Where the embedded database, the secret key and stored files live."""
    home = Path(env_str("PEACEOPS_HOME", str(Path.cwd() / "var"))).resolve()
    home.mkdir(parents=True, exist_ok=True)
    return home


def secret_key(home: Path) -> str:
    """PEACEOPS_SECRET_KEY, or a key generated once and kept beside the database."""
    explicit = env_str("PEACEOPS_SECRET_KEY")
    if explicit:
        return explicit
    key_file = home / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()
