"""Consumers: load a pinned dataset version from a registry (a checkout, a bare repo or a URL).

``load`` lives in :mod:`juniper_data.consumer.load`; every DVC call goes through
:mod:`juniper_data.consumer.dvc_adapter`, every git call through
:mod:`juniper_data.consumer.git_refs`.
"""
