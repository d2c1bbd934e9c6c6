import pytest

from sklgan import demo


# the demo shows LabelSpreading as users get it, warnings included: with 30
# labels some test rows are reached by no label (see the comment in demo.py)
@pytest.mark.filterwarnings("ignore:invalid value encountered in divide:RuntimeWarning")
def test_demo_runs_and_writes_picture(tmp_path, capsys):
    demo.main(["--epochs", "1", "--labels", "30", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert "SGANClassifier (sklgan)" in out and "LabelSpreading" in out
    png = tmp_path / "generated_digits.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(png) in out
