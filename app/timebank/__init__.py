"""Time bank wish orders (耆望成真): beneficiaries, orders, takes, hours certification (DOMAIN.md §3)."""
