"""Import sources: generators that read data (files, Hugging Face, ARC-AGI, Kaggle) instead of drawing it.

They share input confinement and pinning (``inputs``), one tabular parser
(``tabular``) and the hub reader (``hf_source``); the whole folder is one DVC
code dependency of their stages.
"""
