"""Decisions about people: a screening model trained on its own hiring decisions (issue 18)."""
