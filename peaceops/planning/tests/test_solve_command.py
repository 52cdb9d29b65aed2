"""`peaceops planning solve FILE --json` prints the solver's answer for a plain instance file."""

import json
import subprocess
import sys

INSTANCE = {
    "fill_weight": 1000,
    "posts": [{"id": "p0", "group": "A"}, {"id": "p1", "group": "A"}],
    "candidates": [{"id": "c0", "woman": False}, {"id": "c1", "woman": True}, {"id": "c2", "woman": False}],
    "pairs": [["c0", "p0", 50], ["c1", "p0", 10], ["c2", "p1", 5], ["c1", "p1", 1]],
    "min_women_share": {"A": 0.5},
}


def test_the_command_solves_an_instance_file_to_a_proven_optimum(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(INSTANCE))
    result = subprocess.run([sys.executable, "-m", "peaceops", "planning", "solve", str(path), "--json"],
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    # The women's-share rule forces c1 into p1; c0 takes p0: 1000+50 + 1000+1.
    assert answer["status"] == "optimal" and answer["objective"] == answer["bound"] == 2051
    assert sorted(map(tuple, answer["assignment"])) == [("c0", "p0"), ("c1", "p1")]
