"""The multi-process setup is documented where a gemeente's IT looks for it."""

from planner.settings import PROJECT_ROOT


def test_readme_documents_serve_with_two_processes():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/serve.sh --processes 2" in readme
    assert "deploy/README.md" in readme
    assert (PROJECT_ROOT / "deploy" / "README.md").exists()
    assert (PROJECT_ROOT / "scripts" / "serve.sh").exists()


def test_settings_for_many_sessions_at_once():
    """Issue 13: these two made 20 sessions on one process wait for each other (12 s → 1.4 s)."""
    import tomllib

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False  # no full gc with the GIL after each run
    from deploy.serve import start_app_command

    cmd = start_app_command(8501)
    assert cmd[cmd.index("--server.fileWatcherType") + 1] == "none"
    assert cmd[cmd.index("--server.runOnSave") + 1] == "false"
