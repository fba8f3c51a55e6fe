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


def test_a_process_that_keeps_falling_over_is_restarted_ever_more_slowly():
    from deploy.serve import Herstart

    h = Herstart()
    h.start("app-0", 0.0 - Herstart.KORT_S)
    assert h.mag("app-0", 0.0)  # stopped after a long run: back at once
    h.start("app-0", 0.0)
    wachttijden = []
    nu = 1.0
    for _ in range(8):  # falls over right after every start
        begin = nu
        while not h.mag("app-0", nu):
            nu += 0.5
        wachttijden.append(nu - begin)
        h.start("app-0", nu)
        nu += 1.0
    assert wachttijden[:4] == [1.0, 2.0, 4.0, 8.0]
    assert max(wachttijden) == Herstart.MAX_S
    # A long healthy run resets the wait.
    nu += 1000
    assert h.mag("app-0", nu)
