"""A Hydra launcher that runs the jobs of a multirun on a dask cluster.

Select it with ``hydra/launcher=dask`` (registered by
``hydra_plugins/juniper_data_launchers``)::

    python -m juniper_data.build -m hydra/launcher=dask hydra.launcher.address=tcp://HOST:8786 \\
        generator=spiral generator.n_spirals=2,3,4 generator.noise=0,0.1

Without an address it uses ``$DASK_SCHEDULER_ADDRESS``, else a local cluster of
``hydra.launcher.n_workers`` processes. Jobs run as Hydra's joblib launcher runs
them (the same ``run_job`` per job), so the datasets are the bytes of a serial
sweep. On a real cluster, workers need this package installed and ``out_dir``
on a filesystem they share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from hydra.core.utils import JobReturn
from hydra.plugins.launcher import Launcher


@dataclass
class DaskLauncherConf:
    """``hydra/launcher=dask``."""

    _target_: str = "hydra_plugins.juniper_data_launchers.DaskLauncher"
    address: str | None = None  # dask scheduler; None: $DASK_SCHEDULER_ADDRESS, else a local cluster
    n_workers: int = 2  # processes of the local cluster


def execute_job(
    job: tuple[int, Sequence[str]], hydra_context: Any, config: Any, task_function: Any, singleton_state: Any
) -> JobReturn:
    """Run one job of the sweep in a dask worker (as Hydra's joblib launcher does in loky workers)."""
    from hydra.core.hydra_config import HydraConfig
    from hydra.core.singleton import Singleton
    from hydra.core.utils import run_job, setup_globals
    from omegaconf import open_dict

    index, overrides = job
    setup_globals()
    Singleton.set_state(singleton_state)
    sweep_config = hydra_context.config_loader.load_sweep_config(config, list(overrides))
    with open_dict(sweep_config):
        sweep_config.hydra.job.id = f"{sweep_config.hydra.job.name}_{index}"
        sweep_config.hydra.job.num = index
    HydraConfig.instance().set_config(sweep_config)
    return run_job(
        hydra_context=hydra_context,
        config=sweep_config,
        task_function=task_function,
        job_dir_key="hydra.sweep.dir",
        job_subdir_key="hydra.sweep.subdir",
    )


class DaskLauncher(Launcher):
    """Launch every job of a sweep as a dask task; results come back in job order."""

    def __init__(self, address: str | None = None, n_workers: int = 2) -> None:
        self.address, self.n_workers = address, n_workers
        self.config: Any = None
        self.task_function: Any = None
        self.hydra_context: Any = None

    def setup(self, *, hydra_context: Any, task_function: Any, config: Any) -> None:
        self.config, self.task_function, self.hydra_context = config, task_function, hydra_context

    def launch(self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int) -> Sequence[JobReturn]:
        from hydra.core.singleton import Singleton
        from hydra.core.utils import configure_log, setup_globals

        from juniper_data.scale.engine import make_engine

        setup_globals()
        configure_log(self.config.hydra.hydra_logging, self.config.hydra.verbose)
        Path(str(self.config.hydra.sweep.dir)).mkdir(parents=True, exist_ok=True)
        run = partial(
            execute_job,
            hydra_context=self.hydra_context,
            config=self.config,
            task_function=self.task_function,
            singleton_state=Singleton.get_state(),
        )
        jobs = [(initial_job_idx + i, list(overrides)) for i, overrides in enumerate(job_overrides)]
        with make_engine("dask", self.n_workers, self.address) as engine:
            returns = list(engine.imap(run, jobs))
        for job_return in returns:  # the jobs ran on workers: their lines are printed here
            if job_return.status.name == "COMPLETED" and job_return.return_value:
                print(job_return.return_value, flush=True)
        return returns


def register() -> None:
    """Store ``hydra/launcher=dask`` in Hydra's ConfigStore."""
    from hydra.core.config_store import ConfigStore

    ConfigStore.instance().store(group="hydra/launcher", name="dask", node=DaskLauncherConf, provider="juniper_data")
