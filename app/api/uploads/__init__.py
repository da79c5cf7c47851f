"""Image upload endpoints."""
