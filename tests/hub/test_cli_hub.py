"""The hub from the command line: set up, add members, connect a project, sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli.main import main
from tests.hub.team import member_url


def test_a_team_sets_up_and_syncs_from_the_command_line(
    hub_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["hub", "init", hub_url]) == 0
    assert "step(s) applied" in capsys.readouterr().out
    assert main(["hub", "add-annotator", "carol", "--curator", "--hub", hub_url]) == 0
    monkeypatch.setenv("ANNOTATOR_HUB", hub_url)
    assert main(["hub", "add-annotator", "alice"]) == 0
    assert main(["hub", "add-reviewer", "rita"]) == 0
    capsys.readouterr()
    assert main(["hub", "members"]) == 0
    assert capsys.readouterr().out.split() == ["alice", "annotator", "carol", "curator", "rita", "reviewer"]

    article = tmp_path / "article.txt"
    article.write_text("Huawei shipped the Ascend 910B.", encoding="utf-8")
    carol, alice = str(tmp_path / "carol.db"), str(tmp_path / "alice.db")
    assert main(["--annotator", "carol", "import", "--db", carol, str(article)]) == 0
    assert main(["--annotator", "carol", "hub", "connect", "--db", carol, member_url(hub_url, "carol")]) == 0
    assert main(["--annotator", "carol", "sync", "--db", carol]) == 0
    assert "sent" in capsys.readouterr().out

    assert main(["--annotator", "alice", "hub", "connect", "--db", alice, member_url(hub_url, "alice")]) == 0
    capsys.readouterr()
    assert main(["--annotator", "alice", "sync", "--db", alice]) == 0
    out = capsys.readouterr().out
    assert "received" in out and "sent 0" in out
    stats = []
    for project in (carol, alice):
        assert main(["stats", "--db", project]) == 0
        stats.append(capsys.readouterr().out.splitlines()[0])
    assert stats[0] == stats[1] and stats[0] != "documents  0"  # every article of carol's arrived

    # Errors a person can act on: a password in the address, a project that is not connected.
    assert main(["--annotator", "alice", "hub", "connect", "--db", alice, hub_url + " password=x"]) == 1
    assert "pgpass" in capsys.readouterr().err
    assert main(["--annotator", "alice", "hub", "disconnect", "--db", alice]) == 0
    assert main(["--annotator", "alice", "sync", "--db", alice]) == 1
    assert "not connected" in capsys.readouterr().err
