"""Build-speed benchmark of the portal: `python -m bench` or `invoke bench`.

archive.py   writes a realistic synthetic archive (Latvian news, deterministic per seed);
measure.py   builds it in subprocesses (our cold build, our warm rebuild after one new
             post, stock Pelican) and measures wall/CPU time, peak memory and output;
__main__.py  the command line: sizes, parts, table and JSON.
"""
