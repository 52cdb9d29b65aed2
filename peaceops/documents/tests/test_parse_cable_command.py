"""`peaceops documents parse-cable` prints one JSON object per file, in order, saving nothing."""

import json
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "cables"


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "peaceops", "documents", "parse-cable", *args],
                          input=stdin, capture_output=True, timeout=120)


def test_several_files_give_json_lines_in_the_same_order():
    files = sorted(FIXTURES.glob("*.txt"))[:3]
    result = run_cli(*map(str, files), "--json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    expected = [json.loads(f.with_suffix(".expected.json").read_text())["reference_id"] for f in files]
    assert [json.loads(line)["reference_id"] for line in lines] == expected


def test_a_dash_reads_standard_input():
    text = sorted(FIXTURES.glob("*.txt"))[0].read_bytes()
    result = run_cli("-", "--json", stdin=text)
    assert result.returncode == 0 and "reference_id" in json.loads(result.stdout)
