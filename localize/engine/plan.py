"""Which engine translates which pair: the plans, found before any work starts, the engines they
load (once per process), and what is installed."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from localize.errors import MissingModelError, UsageError
from localize.lang import base_language
from localize.options import ENGINES

if TYPE_CHECKING:
    from localize.config import Config
    from localize.engine.base import Engine
    from localize.options import TranslateOptions

__all__ = [
    "EnginePlan",
    "InstalledModel",
    "device_label",
    "installed_models",
    "load_engine",
    "plan_engines",
]


@dataclass(frozen=True)
class EnginePlan:
    """Which engine and models translate one pair; found before any work starts."""

    engine: str
    source: str
    target: str
    packages: tuple[Path, ...] = ()  # Argos package folders, two for a pivot
    description: str = ""  # for the entry comment: "argos en-ru 1.0"
    beam_size: int | None = None
    note: str = ""  # for the run's summary: "ru_RU with the en-ru model"
    device: str = ""  # Argos: cpu or cuda, or auto where each Dask worker decides
    compute_type: str | None = None


def plan_engines(
    source: str, locales: Sequence[str], *, config: Config, options: TranslateOptions
) -> dict[str, EnginePlan]:
    """An engine plan per locale; MissingModelError naming every pair that lacks one."""
    plans: dict[str, EnginePlan] = {}
    missing: list[str] = []
    device = _device(options, config)
    compute_type = options.compute_type or config.compute_type
    for lang in locales:
        name = options.engine or config.engine_for(source, lang)
        if name not in ENGINES:
            raise UsageError(f"unknown engine {name!r} (known: {', '.join(ENGINES)})")
        models_dir = options.models_dir or config.models_dir
        beam = options.beam_size or config.beam_size
        plan = _plan(name, source, lang, models_dir, beam)
        base = base_language(lang)
        if plan is None and base != lang:
            # ru_RU (or ru-RU as typed) with no regional model: the language's model serves it.
            plan = _plan(name, source, base, models_dir, beam)
            if plan is not None:
                plan = replace(plan, note=f"{lang} with the {source}-{base} model")
        if plan is None:
            missing.append(lang)
        elif plan.engine == "argos":
            plans[lang] = replace(plan, device=device(), compute_type=compute_type)
        else:
            plans[lang] = plan
    if missing:
        engine = options.engine or config.engine
        raise MissingModelError(
            _missing_message(source, missing, options.models_dir or config.models_dir, engine),
            engine=engine,
            # A regional locale (ru_RU) is served by its language's model: that is the one to get.
            pairs=[(source, base_language(lang)) for lang in missing],
        )
    return plans


def device_label(plan: EnginePlan) -> str:
    """Where an Argos plan runs, for the summary: ``cpu (int8)``, ``cuda (int8_float16)``."""
    if not plan.device:
        return ""
    if plan.device == "auto":
        return "each worker's device (auto)"
    from localize.engine.argos import DEFAULT_COMPUTE_TYPE

    return f"{plan.device} ({plan.compute_type or DEFAULT_COMPUTE_TYPE[plan.device]})"


def _device(options: TranslateOptions, config: Config) -> Callable[[], str]:
    """The Argos device, found once and only when an Argos plan asks (it imports CTranslate2).
    On a Dask cluster ``auto`` is decided by each worker, where the GPUs are."""
    wanted = options.device or config.device
    chosen: list[str] = []

    def device() -> str:
        if not chosen:
            if options.scheduler:
                chosen.append(wanted)  # checked by the workers, which hold the GPUs
            else:
                from localize.engine.argos import resolve_device

                chosen.append(resolve_device(wanted))
        return chosen[0]

    return device


def _plan(
    name: str, source: str, target: str, models_dir: Path | None, beam: int | None
) -> EnginePlan | None:
    if name == "apertium":
        from localize.engine.apertium import apertium_available

        if not apertium_available(source, target):
            return None
        return EnginePlan("apertium", source, target, (), f"apertium {source}-{target}")
    from localize.models import find_route

    route = find_route(source, target, models_dir)
    if not route:
        return None
    if len(route) == 1:
        pkg = route[0]
        desc = f"argos {pkg.pair} {pkg.version}"
    else:
        first, second = route
        desc = (
            f"argos {first.pair} {first.version} + {second.pair} {second.version} "
            f"(pivot via {first.to_code})"
        )
    return EnginePlan("argos", source, target, tuple(p.path for p in route), desc, beam)


def _missing_message(source: str, missing: list[str], models_dir: Path | None, engine: str) -> str:
    from localize.models import broken_models, list_models

    pairs = sorted({m.pair for m in list_models(models_dir)})
    installed = ", ".join(pairs) if pairs else "none"
    broken = broken_models(models_dir)
    if broken:
        installed += "; skipped as broken: " + "; ".join(str(b) for b in broken)
    wanted = ", ".join(
        f"{source}-{lang}" + (f" (or {source}-{base_language(lang)})" if "_" in lang else "")
        for lang in missing
    )
    if engine == "apertium":
        return (
            f"no Apertium pair for {wanted}; install it with: apt-get install apertium "
            f"apertium-<pair> (e.g. apertium-eng-spa)"
        )
    return f"no translation model for {wanted} (installed: {installed})"


@lru_cache(maxsize=16)
def _load(plan: EnginePlan) -> Engine:
    if plan.engine == "apertium":
        from localize.engine.apertium import ApertiumEngine

        return ApertiumEngine(plan.source, plan.target)
    from localize.engine.argos import ArgosEngine, PivotEngine

    kwargs: dict[str, Any] = {} if plan.beam_size is None else {"beam_size": plan.beam_size}
    kwargs["device"] = plan.device or "cpu"
    if plan.compute_type:
        kwargs["compute_type"] = plan.compute_type
    threads = os.environ.get("LOCALIZE_THREADS", "")  # set per worker process (jobs > 1)
    if threads.isdigit():
        kwargs["threads"] = int(threads)
    engines = [ArgosEngine(path, **kwargs) for path in plan.packages]
    return engines[0] if len(engines) == 1 else PivotEngine(*engines)


_LOADING = threading.Lock()


def load_engine(plan: EnginePlan) -> Engine:
    """The engine for ``plan``, loaded once per process (tasks may ask from two threads)."""
    with _LOADING:
        return _load(plan)


@dataclass(frozen=True)
class InstalledModel:
    """One row of ``localize models list``: an Argos package or an Apertium pair."""

    engine: str
    pair: str
    version: str
    size: int | None
    path: str

    def as_dict(self) -> dict[str, object]:
        return {
            "engine": self.engine,
            "pair": self.pair,
            "version": self.version,
            "size": self.size,
            "path": self.path,
        }


def installed_models(models_dir: Path | None = None) -> list[InstalledModel]:
    """Argos packages, then Apertium pairs, each sorted by pair."""
    from localize.engine.apertium import list_apertium_pairs
    from localize.models import list_models

    rows = [
        InstalledModel("argos", m.pair, m.version, m.size, str(m.path))
        for m in sorted(list_models(models_dir), key=lambda m: m.pair)
    ]
    rows += [
        InstalledModel("apertium", f"{src}-{tgt}", "-", None, str(where))
        for src, tgt, where in sorted(list_apertium_pairs())
    ]
    return rows
