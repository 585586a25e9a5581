"""Experiments on the model: comparisons with ranges, sensitivity, sweeps,
validation against published figures and the behaviour fit."""
