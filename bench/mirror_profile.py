"""Where a full mirror build spends its CPU: each kind of page of a person (and the lists),
CPU ms and database queries per page, over N synthetic people in one language.

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
        "reminder form": "agenda:reminder_form",
        "RSS": "publishing:person_feed_rss",
        "Atom": "publishing:person_feed_atom",
        "calendar": "agenda:person_feed",
    }
    cpu: dict[str, float] = defaultdict(float)
    queries: dict[str, int] = defaultdict(int)
    with translation.override(language):
        slugs = list(Person.objects.public().order_by("pk").values_list("slug", flat=True))
        slugs = slugs[:people]
        client.get(reverse("registry:person_detail", kwargs={"slug": slugs[0]}))  # warm-up
        for slug in slugs:
            for kind, name in kinds.items():
                url = reverse(name, kwargs={"slug": slug})
                started = time.process_time()
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
                cpu[kind] += time.process_time() - started
                queries[kind] += len(captured)
                assert response.status_code == 200, (url, response.status_code)
    print(f"{len(slugs)} people, {language}")
    print("| file | CPU ms per person | queries per person |\n| --- | --- | --- |")
    for kind in kinds:
        print(
            f"| {kind} | {1000 * cpu[kind] / len(slugs):.1f} | {queries[kind] / len(slugs):.1f} |"
        )
    total = sum(cpu.values())
    print(
        f"| all six | {1000 * total / len(slugs):.1f} | {sum(queries.values()) / len(slugs):.1f} |"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("count", type=int, nargs="?", default=300)
    parser.add_argument("--language", default="en")
    parser.add_argument("--database", required=True)
    parser.add_argument("--people", type=int, default=100, help="People measured.")
    options = parser.parse_args()
    main(options.count, options.language, options.database, options.people)
