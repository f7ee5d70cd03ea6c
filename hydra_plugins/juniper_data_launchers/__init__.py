"""Hydra finds launchers in the ``hydra_plugins`` namespace; ours is ``juniper_data.scale.launcher``.

Hydra registers a plugin under its defining module's name, so the class is declared here.
"""

from juniper_data.scale import launcher as _launcher


class DaskLauncher(_launcher.DaskLauncher):
    """``hydra/launcher=dask``: the jobs of a multirun as dask tasks (see ``juniper_data.scale.launcher``)."""


_launcher.register()
