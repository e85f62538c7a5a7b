"""Serving a class from one process: shared computations, the first answer, the background
work that finishes the rest, who is active, and the limits on work and memory."""
