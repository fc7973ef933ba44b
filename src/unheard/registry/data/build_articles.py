"""Refresh the Russian titles of Criminal Code articles in articles.json.

Usage: python build_articles.py PATH/TO/criminal-code-ru.json [--check]

The source is the full Criminal Code of the Russian Federation as JSON (repository
deep-foundation/russian-laws, amended up to 4 August 2023). Its article headings lost
the dot before a superscript number: "Статья 2052." is article 205.2, "Статья 531."
is 53.1. The Code's highest base article is 361, so any number above 361 is a base
article followed by one superscript digit (2803 -> 280.3, 2822 -> 282.2).

For every "uk-rf" entry not marked "title_ru_source": "manual" (articles added after
August 2023, and all other codes, are written by hand), title_ru is set to the heading
from the source. articles.json is then rewritten, sorted by code (in the order of the
"codes" list) and by numeric article order. With --check nothing is written and the
script exits with status 1 if any title differs.
"""

import json
import re
import sys
from pathlib import Path

ARTICLES = Path(__file__).with_name("articles.json")
HEADING = re.compile(r"Статья (\d+)\.\s*(\S.*)", re.DOTALL)
MAX_BASE_ARTICLE = 361


def article_number(digits: str) -> str:
    """Restore the dot the source lost: '2052' -> '205.2', '205' -> '205'."""
    if int(digits) <= MAX_BASE_ARTICLE:
        return digits
    return f"{digits[:-1]}.{digits[-1]}"


def load_titles(source: Path) -> dict[str, str]:
    code = json.loads(source.read_text(encoding="utf-8"))
    titles = {}
    for section in code["sections"]:
        for chapter in section["chapters"]:
            for article in chapter["articles"]:
                match = HEADING.match(article["title"].strip())
                if match:  # repealed articles keep a bare "Статья N." heading
                    titles[article_number(match[1])] = match[2].strip()
    return titles


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--check"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    titles = load_titles(Path(args[0]))
    catalogue = json.loads(ARTICLES.read_text(encoding="utf-8"))

    changed, missing = [], []
    for entry in catalogue["articles"]:
        if entry["code"] != "uk-rf" or entry.get("title_ru_source") == "manual":
            continue
        title = titles.get(entry["number"])
        if title is None:
            missing.append(entry["number"])
        elif entry.get("title_ru") != title:
            changed.append(entry["number"])
            entry["title_ru"] = title

    order = {code["slug"]: i for i, code in enumerate(catalogue["codes"])}
    catalogue["articles"].sort(
        key=lambda a: (order[a["code"]], [int(part) for part in a["number"].split(".")])
    )
    if "--check" not in argv:
        text = json.dumps(catalogue, ensure_ascii=False, indent=2) + "\n"
        ARTICLES.write_text(text, encoding="utf-8")

    print(f"{len(catalogue['articles'])} articles; titles changed: {changed or 'none'}")
    if missing:
        print(f"not in source (mark as manual?): {missing}", file=sys.stderr)
    return 1 if missing or ("--check" in argv and changed) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
