"""The fast build mode (setting FAST_BUILD; ``mode.run`` chooses it or the plain Pelican run).

Its output is byte-identical to the plain serial build's (tests/test_build_speed.py).
"""
