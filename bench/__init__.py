"""The portal's benchmarks, run from the repository's root:

python -m bench          (invoke bench) the build at archive scale against stock Pelican:
                         archive.py writes the synthetic archive, measure.py runs and measures
                         each build in a subprocess (build_once.py for ours), __main__.py
                         the command line, table and JSON;
python -m bench.search   the Pagefind index of a built or a synthetic site (search.py);
python -m bench.feeds    the feeds plugin's own functions on synthetic articles (feeds.py).
"""
