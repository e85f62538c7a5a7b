"""The experiment families, one folder each: continuous (1-D values), text, digits."""
