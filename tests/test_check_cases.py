"""`make check` runs one case of a repeated test: every test keeps a case there."""

from __future__ import annotations

import pytest

from tests.conftest import in_check, never_in_check

pytest_plugins = ("pytester",)

MODULE = """
import pytest
from tests.conftest import in_check

@pytest.mark.parametrize("method", in_check(["open_space", "barcamp", "world_cafe"], "barcamp"))
def test_kept_once(method):
    pass

@pytest.mark.parametrize("language", [pytest.param("fr", marks=pytest.mark.exhaustive),
                                      pytest.param("en", marks=pytest.mark.exhaustive)])
def test_never_checked(language):
    pass

def test_plain():
    pass
"""


@pytest.fixture
def pytester(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini("[pytest]\nmarkers =\n    exhaustive: a further case\n")
    return pytester


def test_does_in_check_mark_every_case_but_the_kept_ones() -> None:
    cases = in_check([("open_space", "fr"), ("barcamp", "en"), ("world_cafe", "en")],
                     ("barcamp", "en"))

    assert cases[1] == ("barcamp", "en")
    assert [case.values for case in (cases[0], cases[2])] == [("open_space", "fr"),
                                                              ("world_cafe", "en")]
    assert all(mark.name == "exhaustive" for case in (cases[0], cases[2])
               for mark in case.marks)


def test_is_a_test_whose_every_case_is_exhaustive_found(pytester: pytest.Pytester) -> None:
    items = pytester.getitems(MODULE)

    assert len(items) == 6
    assert never_in_check(items) == ["test_is_a_test_whose_every_case_is_exhaustive_found.py"
                                     "::test_never_checked"]


def test_does_the_suite_refuse_to_start_with_such_a_test(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("from tests.conftest import pytest_collection_modifyitems")
    pytester.makepyfile(MODULE)

    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*every case is exhaustive*test_never_checked*"])
