"""The command-line tasks behind ./invoke (tasks.py): build, new, live, editor, check, publish."""
