"""Compile the .po catalogues to .mo with Babel, so no system gettext is needed at run time."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "src" / "unheard" / "locale"

for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    with po_path.with_suffix(".mo").open("wb") as mo_file:
        write_mo(mo_file, catalog)
    print(f"compiled {po_path.relative_to(LOCALE)}")
