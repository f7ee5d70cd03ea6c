"""Artifacts on disk: the one writer and the one reader of a dataset folder (docs/contract.md)."""
