"""Shared building blocks with no knowledge of any feature: errors, transactions, time, storage."""
