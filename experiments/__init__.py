"""Experiments on top of the model: figures, replications, pattern checks."""
