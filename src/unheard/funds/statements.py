"""Reading bank statements: a simple CSV layout and ISO 20022 CAMT.053 (what European banks export).

Policy (docs/funds.md describes it for treasurers):
* Only money received counts: credits that the bank has booked. Debits (money the organisation
  paid out) and pending entries are listed as skipped.
* Each credit needs a transaction id to be imported only once. CAMT gives the bank's own
  reference (AcctSvcrRef) or the payer's end-to-end id; a CSV may have a `transaction_id`
  column. Without one, the id is a fingerprint of the line (date, amount, currency, reference,
  payer and how many identical lines came before it), so the same statement imported twice adds
  nothing, while two identical gifts on one day stay two.
* The reference the payer wrote (CAMT: the remittance information) is kept whole; `imports.py`
  looks in it for a campaign's payment reference. A credit whose reference names no campaign is
  kept for the treasurer to match by hand.
* CAMT is XML from outside: it is read with defusedxml (no entities, no external resources).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

PROCESSOR = "bank"
CSV_REQUIRED = ("date", "amount", "currency", "reference")


def fingerprint(*parts: str, occurrence: int) -> str:
    text = "\n".join([*parts, str(occurrence)])
    return "line-" + hashlib.sha256(text.encode()).hexdigest()[:32]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element, *path: str):
    """The first descendant along `path` of local names, ignoring the CAMT version's namespace."""
    current = element
    for name in path:
        if current is None:
            return None
        current = next((c for c in current if _local(c.tag) == name), None)
    return current


def _children(element, name: str) -> list:
    return [c for c in element if _local(c.tag) == name] if element is not None else []


def _text(element, *path: str) -> str:
    found = _child(element, *path)
    return (found.text or "").strip() if found is not None else ""


class StatementError(ValueError):
    """The file is not a CAMT.053 statement; the code names the problem for `imports.MESSAGES`."""


def camt_credits(data: bytes) -> list[dict]:
    """The booked credits of a CAMT.053 file as rows (one per transaction), in file order.

    Each row has: row (its entry's position), transaction_id, date (ISO), amount, currency,
    reference, payer, and `skip` ("debit", "pending") for entries that are not money received.
    """
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise StatementError("camt_unreadable") from error
    statement_root = _child(root, "BkToCstmrStmt")
    if _local(root.tag) != "Document" or statement_root is None:
        raise StatementError("camt_not_a_statement")
    rows = []
    number = 0
    for statement in _children(statement_root, "Stmt"):
        for entry in _children(statement, "Ntry"):
            number += 1
            rows.extend(_entry_rows(entry, number))
    return rows


def _entry_rows(entry, number: int) -> list[dict]:
    status = _text(entry, "Sts") or _text(entry, "Sts", "Cd")
    date = _text(entry, "BookgDt", "Dt") or _text(entry, "BookgDt", "DtTm")[:10]
    date = date or _text(entry, "ValDt", "Dt")
    entry_amount = _child(entry, "Amt")
    common = {
        "row": number,
        "date": date,
        "skip": "",
        "entry_reference": _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef"),
    }
    if _text(entry, "CdtDbtInd") != "CRDT":
        common["skip"] = "debit"
    elif status and status != "BOOK":
        common["skip"] = "pending"
    details = [
        tx for block in _children(entry, "NtryDtls") for tx in _children(block, "TxDtls")
    ] or [None]
    rows = []
    for index, tx in enumerate(details):
        amount = None
        if tx is not None:
            amount = _child(tx, "AmtDtls", "TxAmt", "Amt")
            amount = amount if amount is not None else _child(tx, "Amt")
        amount = amount if amount is not None else entry_amount
        reference = " ".join(
            part
            for part in [
                *(u.text or "" for u in _children(_child(tx, "RmtInf"), "Ustrd")),
                _text(tx, "RmtInf", "Strd", "CdtrRefInf", "Ref"),
            ]
            if part.strip()
        )
        payer = _text(tx, "RltdPties", "Dbtr", "Nm") or _text(tx, "RltdPties", "Dbtr", "Pty", "Nm")
        own_id = _text(tx, "Refs", "AcctSvcrRef") or _text(tx, "Refs", "EndToEndId")
        if own_id.upper() == "NOTPROVIDED":
            own_id = ""
        if not own_id and common["entry_reference"]:
            own_id = f"{common['entry_reference']}/{index + 1}"
        rows.append(
            {
                **common,
                "transaction_id": own_id,
                "amount": (amount.text or "").strip() if amount is not None else "",
                "currency": amount.get("Ccy", "") if amount is not None else "",
                "reference": reference.strip(),
                "payer": payer,
            }
        )
    return rows


def with_fingerprints(rows: list[dict]) -> list[dict]:
    """Give rows without a transaction id a fingerprint that is the same in every import."""
    seen: Counter = Counter()
    for row in rows:
        if row.get("transaction_id"):
            continue
        key = tuple(
            row.get(name, "") for name in ("date", "amount", "currency", "reference", "payer")
        )
        seen[key] += 1
        row["transaction_id"] = fingerprint(*key, occurrence=seen[key])
    return rows


def csv_rows(records) -> list[dict]:
    """Rows of the bank-statement CSV layout (column names in any case)."""
    rows = []
    for number, raw in records:
        record = {key.lower().strip(): (value or "").strip() for key, value in raw.items()}
        rows.append(
            {
                "row": number,
                "transaction_id": record.get("transaction_id", ""),
                "date": record.get("date", ""),
                "amount": record.get("amount", ""),
                "currency": record.get("currency", ""),
                "reference": record.get("reference", ""),
                "payer": record.get("payer", ""),
                "skip": "debit" if record.get("amount", "").startswith("-") else "",
            }
        )
    return rows


def iso_date(text: str) -> dt.date | None:
    for form in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    return None
