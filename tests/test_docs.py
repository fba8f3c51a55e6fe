"""Things declared once in code are documented where a newcomer looks (datasette style)."""

import pytest

from planner.settings import ENV_VARS, PROJECT_ROOT, Settings

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(ENV_VARS))
def test_every_setting_is_in_the_readme(name):
    assert f"`{name}`" in README


def test_settings_read_only_declared_variables():
    import re

    src = (PROJECT_ROOT / "planner" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env\.get\("([A-Z_]+)"', src))
    assert read and read <= set(ENV_VARS)


def test_readme_has_the_two_commands():
    assert "bash scripts/start.sh" in README and "bash scripts/test.sh" in README
    assert "bash scripts/test.sh" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_defaults_without_environment():
    s = Settings.from_env({})
    assert s.database_url.startswith("sqlite:///") and s.wachttijd_max_dagen == 60
    assert (
        Settings.from_env({"PREVENTIEKAART_WACHTTIJD_MAX_DAGEN": "geen getal"}).wachttijd_max_dagen
        == 60
    )
