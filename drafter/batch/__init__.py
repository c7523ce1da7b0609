"""Bulk drafting: one document per row of an .xlsx or .csv (`drafter batch`), and the
sheet to fill in for it (`drafter facts T --xlsx`).

Modules, in the order data flows: `table` (rows as users have them), `columns`
(headers -> fact paths, a row -> facts), `names` (safe output names), `run` (plan,
workers, report); `sheet` writes the fill-in sheet.
"""

from drafter.batch.run import (
    REPORT_NAME,
    BatchOptions,
    BatchResult,
    Plan,
    PlannedRow,
    Progress,
    RowResult,
    plan_batch,
    run_batch,
)
from drafter.batch.sheet import write_facts_sheet
from drafter.batch.table import SheetRow, Table, read_table

__all__ = [
    "REPORT_NAME",
    "BatchOptions",
    "BatchResult",
    "Plan",
    "PlannedRow",
    "Progress",
    "RowResult",
    "SheetRow",
    "Table",
    "plan_batch",
    "read_table",
    "run_batch",
    "write_facts_sheet",
]
