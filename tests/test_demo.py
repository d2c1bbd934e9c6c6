from sklgan import demo


def test_demo_runs_and_writes_picture(tmp_path, capsys):
    demo.main(["--epochs", "1", "--labels", "30", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert "SGANClassifier (sklgan)" in out and "LabelSpreading" in out
    png = tmp_path / "generated_digits.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(png) in out
