"""A mirror rendered by several processes holds the same files as one rendered by one."""

import pytest
from django.db import connections
from django.utils import translation

from unheard.demo.synthetic import people_synthesise
from unheard.mirror.build import mirror_build
from unheard.registry.models import Person

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # In one CI run on SQLite (the test database copied to a file, tests/databases.py) the forked
    # processes did not see the people this test had just written, although the test passes alone
    # and under xdist here; until the cause is found, several jobs are opt-in (docs/publishing.md)
    # and this test runs where the forked processes reach the test database itself.
    pytest.mark.skipif(
        connections["default"].vendor == "sqlite",
        reason="forked processes and the copied SQLite test database: see the comment above",
    ),
]


def _files(out):
    return {
        str(path.relative_to(out)): path
        for path in out.rglob("*")
        if path.is_file() and "pagefind" not in path.parts
    }


def test_two_jobs_write_the_same_pages_as_one(tmp_path):
    people_synthesise(count=3, seed=2)
    Person.objects.update(is_synthetic=False)  # published on this test's database only
    with translation.override("en"):
        one = mirror_build(out=tmp_path / "one", languages=["en"], jobs=1)
        two = mirror_build(out=tmp_path / "two", languages=["en"], jobs=2)
    assert one.pages == two.pages and one.files == two.files and one.missing == two.missing
    files_one, files_two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert files_one.keys() == files_two.keys()
    people = [name for name in files_one if name.startswith("en/people/synthetic-")]
    assert len(people) >= 3 * 3
    for name, path in files_one.items():
        if name.endswith(".html"):  # feeds and data files carry the time they were made
            assert path.read_bytes() == files_two[name].read_bytes(), name
