"""The fault-injection suite (`make faults`): its table hooks live in `tests/faults/table.py`."""
