"""Remote storage: the ``storage`` config group turned into DVC remotes, push/pull, shared caches.

* :mod:`.remotes` — a storage choice (``conf/storage/<name>.yaml``) -> a validated
  :class:`~.remotes.RemoteSpec`, and configuring it as a DVC remote.
* :mod:`.sync` — ``dvc push`` / ``dvc pull`` / cloud status with clear errors.
* :mod:`.cache` — several clones on one machine sharing one DVC cache.
* :mod:`.commands` — the ``remote`` command-line subcommands.

Every DVC call goes through :func:`juniper_data.adapters.dvc.run_dvc` (the ``dvc`` CLI in a subprocess),
so nothing here imports dvc and ``import juniper_data`` stays fast.
"""
