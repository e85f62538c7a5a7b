"""A tiny neural network that invents names: a character-level MLP language model retrained on
its own inventions (see card.py for what the rest of the lab needs to know)."""
