"""Image uploads: checked by content, stored under random names, served only to those allowed."""
