"""Experiments on the model: runs from current law's history (runs),
replications and their ranges (replication), comparisons (compare),
sensitivity, sweeps, validation against published figures and the behaviour
fit."""
