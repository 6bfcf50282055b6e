"""Tests of a shortcut into a library's internals run only on the versions it was verified on.

On any other version the test is skipped with a reason naming the versions verified and
the version installed (pytest -ra lists it), and the build itself takes the plain way.
LPR_TRY_UNVERIFIED=1 runs these tests on the installed versions anyway: that is how a new
version gets verified (portalbuild/shared/verified.py).
"""

import pytest

from portalbuild.shared import verified


def needs_verified(shortcut: str):
    reason = verified.skip_reason(shortcut)
    return pytest.mark.skipif(reason is not None, reason=reason or "")
