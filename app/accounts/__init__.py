"""Users, WeChat identities, organisations, memberships, roles, regions and auth sessions."""
