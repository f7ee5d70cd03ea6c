"""Consumers: load a pinned dataset version from a registry (a checkout, a bare repo or a URL).

``load`` lives in :mod:`juniper_data.consumer.load`, what a request pins in
:mod:`.pins`, the verified load cache in :mod:`.cache`. Every DVC call goes through
:mod:`juniper_data.adapters.dvc`, every git call through :mod:`juniper_data.adapters.git`.
"""
