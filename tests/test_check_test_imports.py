"""bin/check-test-imports: Odoo's own runner runs only the test modules that
tests/__init__.py imports, so a module left out fails the project's tests."""

import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHECK = ROOT / "bin" / "check-test-imports"


def _run(folder):
    return subprocess.run(
        ["bash", str(CHECK), str(folder)], capture_output=True, text=True, check=False
    )


def test_every_module_of_the_addon_is_imported():
    result = _run(ROOT / "sparklife_aftersales" / "tests")
    assert result.returncode == 0, result.stderr


def test_a_module_left_out_is_named(tmp_path):
    (tmp_path / "__init__.py").write_text("from . import test_kept\n")
    (tmp_path / "test_kept.py").write_text("")
    (tmp_path / "test_forgotten.py").write_text("")
    result = _run(tmp_path)
    assert result.returncode == 1
    assert "test_forgotten" in result.stderr
    assert "test_kept" not in result.stderr
