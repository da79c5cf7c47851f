"""Points (积分): a double-entry ledger every module credits and debits through (DOMAIN.md §3.5)."""
