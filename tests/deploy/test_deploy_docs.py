"""The multi-process setup is documented where a gemeente's IT looks for it."""

from planner.settings import PROJECT_ROOT


def test_readme_documents_serve_with_two_processes():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/serve.sh --processes 2" in readme
    assert "deploy/README.md" in readme
    assert (PROJECT_ROOT / "deploy" / "README.md").exists()
    assert (PROJECT_ROOT / "scripts" / "serve.sh").exists()
