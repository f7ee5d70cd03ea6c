"""The catalog over a registry: read it (list, show, stats, preview, verify) and edit it (add, tag,
remove, release, prune). The ``juniper-data`` command in :mod:`juniper_data.cli` is a thin layer over it.
"""
