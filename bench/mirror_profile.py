"""Where a full mirror build spends its CPU: each kind of page of a person,
CPU ms and database queries per page, over N synthetic people in one language, one page at a time,
in batches through the test client, and in batches with the views called straight (what the
mirror does: `mirror/bulk.py`).

Run: PYTHONPATH=src python bench/mirror_profile.py --database FILE [N] [--language CODE]
(the database is made as in mirror_bench.py when the file does not exist).
"""

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mirror_bench import prepare  # noqa: E402


def main(count: int, language: str, database: str, people: int) -> None:
    prepare(count, database)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import translation

    from unheard.registry.models import Person

    client = Client(HTTP_HOST="localhost")
    kinds = {
        "person page": "registry:person_detail",
        "how to write": "letters:how_to_write",
        "RSS": "publishing:person_feed_rss",
        "Atom": "publishing:person_feed_atom",
        "calendar": "agenda:person_feed",
    }
    with translation.override(language):
        slugs = list(Person.objects.public().order_by("pk").values_list("slug", flat=True))
        slugs = slugs[:people]
        client.get(reverse("registry:person_detail", kwargs={"slug": slugs[0]}))  # warm-up
        kind_of = {
            reverse(name, kwargs={"slug": slug}): kind
            for slug in slugs
            for kind, name in kinds.items()
        }
        for way in ("one by one", "in batches", "in batches, views called straight"):
            cpu: dict[str, float] = defaultdict(float)
            queries: dict[str, int] = defaultdict(int)
            answers = _answers(way, list(kind_of), client)
            while True:
                started = time.process_time()
                connection.queries_log.clear()  # a bounded deque: counts would stop
                with CaptureQueriesContext(connection) as captured:
                    url, response = next(answers, (None, None))
                if url is None:
                    break
                cpu[kind_of[url]] += time.process_time() - started
                queries[kind_of[url]] += len(captured)
                assert response.status_code == 200, (url, response.status_code)
            print(f"{len(slugs)} people, {language}, {way}")
            print("| file | CPU ms per person | queries per person |\n| --- | --- | --- |")
            for kind in kinds:
                ms, count = 1000 * cpu[kind] / len(slugs), queries[kind] / len(slugs)
                print(f"| {kind} | {ms:.1f} | {count:.1f} |")
            ms, count = 1000 * sum(cpu.values()), sum(queries.values())
            print(f"| all | {ms / len(slugs):.1f} | {count / len(slugs):.1f} |")


def _answers(way: str, urls: list[str], client):
    """Each url with the site's answer, rendered the way named."""
    from unheard.mirror.build import _match
    from unheard.mirror.bulk import in_batches, responses

    if way == "one by one":
        return ((url, client.get(url)) for url in urls)
    if way == "in batches":
        return ((url, client.get(url)) for url in in_batches(urls, _match))
    return responses(urls, _match, client)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("count", type=int, nargs="?", default=300)
    parser.add_argument("--language", default="en")
    parser.add_argument("--database", required=True)
    parser.add_argument("--people", type=int, default=100, help="People measured.")
    options = parser.parse_args()
    main(options.count, options.language, options.database, options.people)
