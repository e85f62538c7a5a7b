"""Serving a class from one process: shared computations, the first answer, the background
work that finishes the rest, who is active, the limits on work and memory, and warming a new
process."""
