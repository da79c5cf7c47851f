"""Needs and claims between organisations (七彩假期 supply–demand, DOMAIN.md §4)."""
