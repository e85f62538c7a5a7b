"""The text family: a word-level Markov chain retrained on the text it writes."""
