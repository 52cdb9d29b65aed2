"""Print the API fuzz figures at the end of the run (with -v, or when PEACEOPS_FUZZ_EXAMPLES is set)."""

import os


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    lines = getattr(config, "peaceops_fuzz_summary", None)
    if lines and (config.get_verbosity() >= 0 or "PEACEOPS_FUZZ_EXAMPLES" in os.environ):
        terminalreporter.section("API fuzz")
        for line in lines:
            terminalreporter.write_line(line)
