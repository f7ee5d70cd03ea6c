"""Adapters: the only modules that talk to git (:mod:`.git`) and to DVC (:mod:`.dvc`).

Everything else (``consumer/``, ``catalog/``, ``cli/``, ``storage/``) calls them, so a
change of either tool's interface is met in one place.
"""
