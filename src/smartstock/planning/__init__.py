"""Replenishment planning: policy math (pure), order proposals, purchase orders, simulation."""
