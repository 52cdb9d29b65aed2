"""The demo scenario: ministries, the department, two units, personas and fictional people."""
