"""bin/fetch-odoo: on a machine without Odoo, the set-up clones Odoo 19.0
itself. A local git repository stands in for the official one."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
FETCH = ROOT / "bin" / "fetch-odoo"


def _git(cwd, *args):
    subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True)


@pytest.fixture
def upstream(tmp_path):
    """A repository with a branch 19.0 holding the files an Odoo tree has,
    and a tag on its first commit."""
    repo = tmp_path / "upstream"
    (repo / "odoo").mkdir(parents=True)
    (repo / "odoo-bin").write_text("#!/usr/bin/env python3\n")
    (repo / "requirements.txt").write_text("")
    (repo / "odoo" / "release.py").write_text(
        "version_info = (19, 0, 0, 'final', 0, '')\n"
    )
    _git(repo, "init", "-q", "-b", "19.0")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one")
    _git(repo, "tag", "v19-one")
    (repo / "addons").mkdir()
    (repo / "addons" / "README").write_text("later\n")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "two")
    return repo


def _fetch(target, url, **env):
    return subprocess.run(
        ["bash", str(FETCH)],
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "ODOO_PATH": str(target),
            "ODOO_GIT_URL": url,
            **env,
        },
    )


def test_clones_the_19_0_branch(tmp_path, upstream):
    target = tmp_path / "opt" / "odoo" / "19.0"
    result = _fetch(target, f"file://{upstream}")
    assert result.returncode == 0, result.stderr
    assert "cloning Odoo 19.0" in result.stdout
    assert (target / "odoo-bin").is_file()
    assert (target / "addons" / "README").is_file(), "the branch's last commit"
    log = subprocess.run(
        ["git", "-C", str(target), "rev-list", "--count", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert log.stdout.strip() == "1", "a shallow clone"


def test_a_pinned_ref_is_fetched(tmp_path, upstream):
    target = tmp_path / "odoo"
    result = _fetch(target, f"file://{upstream}", ODOO_GIT_REF="v19-one")
    assert result.returncode == 0, result.stderr
    assert "fetching Odoo v19-one" in result.stdout
    assert (target / "odoo-bin").is_file()
    assert not (target / "addons").exists(), "the pinned commit, not the branch"


def test_no_network_falls_back_to_the_instructions(tmp_path):
    target = tmp_path / "odoo"
    result = _fetch(target, f"file://{tmp_path}/nowhere.git")
    assert result.returncode == 1
    assert "could not be fetched" in result.stderr
    assert "git clone --depth 1 --branch 19.0" in result.stderr
    assert not target.exists()
    assert not list(tmp_path.glob(".odoo-clone.*")), "nothing half-made is left"


def test_a_folder_that_is_not_odoo_is_left_alone(tmp_path, upstream):
    target = tmp_path / "odoo"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    result = _fetch(target, f"file://{upstream}")
    assert result.returncode == 1
    assert "not overwritten" in result.stderr
    assert (target / "notes.txt").read_text() == "mine"
