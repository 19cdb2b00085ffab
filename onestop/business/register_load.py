"""Bulk loading of the name register: the demo companies plus generated names, by COPY on
PostgreSQL (about ten times faster than INSERTs) and by batched INSERTs on SQLite."""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Iterator

from django.db import connection, transaction

from onestop.accounts.demo.loader import COMPANIES

from .models import NameEvent, NameReservation, NameStatus, RegisteredName
from .names.generate import generate
from .names.keys import pinyin_key, sorted_key
from .names.parse import parse

COLUMNS = ["name", "status", "status_date", "region", "trade_name", "industry", "form",
           "trade_sorted", "trade_pinyin"]
DEMO_REGISTERED_ON = dt.date(2018, 6, 1)


def demo_rows() -> Iterator[tuple]:
    for name, *_ in COMPANIES:
        p = parse(name)
        yield (p.name, NameStatus.REGISTERED, DEMO_REGISTERED_ON, p.region, p.trade_name,
               p.industry, p.form, sorted_key(p.trade_name), pinyin_key(p.trade_name))


def generated_rows(count: int, seed: int) -> Iterator[tuple]:
    for name, status, date, region, trade, industry, form in generate(count, seed):
        yield (name, status, date, region, trade, industry, form, sorted_key(trade),
               pinyin_key(trade))


def load_register(count: int, seed: int = 2026, replace: bool = False) -> int:
    """Loads the demo companies and ``count`` generated names; with ``replace``, first removes
    every name that no reservation holds. Returns the number of rows written."""
    with transaction.atomic():
        if replace:
            _remove_unreserved()
        rows = _chain(demo_rows(), generated_rows(count, seed))
        if connection.vendor == "postgresql":
            return _copy(rows)
        return _insert(rows)


def _remove_unreserved() -> None:
    # One DELETE statement: Django's delete() would first load every row (a million) into memory.
    table = RegisteredName._meta.db_table
    held = [NameReservation._meta.db_table, NameEvent._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id NOT IN (SELECT entry_id FROM {held[0]}) "
                       f"AND id NOT IN (SELECT entry_id FROM {held[1]})")


def _chain(*parts: Iterable[tuple]) -> Iterator[tuple]:
    for part in parts:
        yield from part


def _copy(rows: Iterable[tuple]) -> int:
    written = 0
    table = RegisteredName._meta.db_table
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        cursor.execute(f"ANALYZE {table}")
    return written


def _insert(rows: Iterable[tuple], batch: int = 5000) -> int:
    written, chunk = 0, []
    for row in rows:
        chunk.append(RegisteredName(**dict(zip(COLUMNS, row))))
        if len(chunk) == batch:
            RegisteredName.objects.bulk_create(chunk)
            written, chunk = written + len(chunk), []
    RegisteredName.objects.bulk_create(chunk)
    return written + len(chunk)
