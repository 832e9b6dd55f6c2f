"""The settings of a translation run, as one frozen object (below engine/: planning reads it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEVICES", "ENGINES", "TranslateOptions"]

#: The engines a run may name.
ENGINES = ("argos", "apertium")
#: Where Argos models run (CTranslate2): the best there is, the CPU, or an NVIDIA GPU.
DEVICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True)
class TranslateOptions:
    """One translation run's settings, passed keyword-only; ``None`` takes the project's."""

    engine: str | None = None  # overrides the config's per-pair choice
    beam_size: int | None = None
    device: str | None = None  # auto, cpu or cuda (Argos); None: the project's (auto)
    compute_type: str | None = None  # CTranslate2's; None: the device's default
    models_dir: Path | None = None
    jobs: int = 1  # processes translating pairs side by side (see localize.pipeline.workers)
    scheduler: str | None = None  # a Dask scheduler's address
    use_glossary: bool = True
    use_memory: bool = True  # fill from the translation memory before MT
    checkpoint_every: int = 128  # segments between catalog writes (resume after a crash)
