"""Device selection for Argos models (#33): auto/cpu/cuda, compute types, batching by tokens
on a GPU; on the CPU everything as before. CUDA itself is tested only where a GPU is."""

from __future__ import annotations

import zipfile
from pathlib import Path
from types import SimpleNamespace

import ctranslate2
import pytest

from localize.config import load_config
from localize.engine import argos
from localize.engine.argos import ArgosEngine, _token_chunks, resolve_device
from localize.errors import ConfigError, UsageError
from localize.testing import build_argos_package, dictionary_translate
from tests.conftest import SAMPLE

RU = {"Russia": "Россия", "Crimea": "Крым", "said": "сказал"}
NO_GPU = (
    "device cuda: CTranslate2 finds no CUDA device here (no NVIDIA GPU or driver, or "
    "CUDA_VISIBLE_DEVICES hides it)"
)


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dev")
    archive = build_argos_package(folder, "en", "ru", RU)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(folder)
    return folder / archive.stem


@pytest.fixture
def gpus(monkeypatch: pytest.MonkeyPatch):
    """Set how many CUDA devices CTranslate2 reports."""

    def set_count(n: int) -> None:
        monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: n)

    return set_count


def test_auto_takes_a_gpu_only_where_ctranslate2_sees_one(gpus) -> None:
    gpus(0)
    assert [resolve_device(d) for d in ("auto", None, "cpu")] == ["cpu", "cpu", "cpu"]
    gpus(2)
    assert [resolve_device(d) for d in ("auto", "cuda", "cpu")] == ["cuda", "cuda", "cpu"]


def test_cuda_without_a_gpu_is_a_usage_error_with_the_reason(gpus) -> None:
    gpus(0)
    with pytest.raises(UsageError) as err:
        resolve_device("cuda")
    assert (str(err.value), err.value.setting) == (NO_GPU, "device")
    with pytest.raises(UsageError, match=r"^unknown device 'tpu' \(known: auto, cpu, cuda\)$"):
        resolve_device("tpu")


def test_a_driver_that_fails_counts_as_no_gpu(monkeypatch) -> None:
    def broken() -> int:
        raise RuntimeError("CUDA driver version is insufficient")

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", broken)
    assert resolve_device("auto") == "cpu"


def test_the_cpu_path_reaches_ctranslate2_unchanged(pkg: Path, gpus, monkeypatch) -> None:
    gpus(0)
    calls: list[dict] = []
    engine = ArgosEngine(pkg, device="auto")
    real = engine.translator
    assert (engine.device, engine.compute_type) == ("cpu", "int8")
    assert (real.device, real.compute_type) == ("cpu", "int8_float32")  # as "auto" gave before

    class Spy:
        def translate_batch(self, *args, **kwargs):
            calls.append(kwargs)
            return real.translate_batch(*args, **kwargs)

    monkeypatch.setattr(engine, "translator", Spy())
    texts = [f"Russia said {i}." for i in range(40)]
    assert [t.text for t in engine.translate(texts)] == [dictionary_translate(t, RU) for t in texts]
    assert [c["max_batch_size"] for c in calls] == [argos.BATCH] * 3
    assert all("batch_type" not in c for c in calls)


def test_a_compute_type_override_reaches_ctranslate2(pkg: Path) -> None:
    engine = ArgosEngine(pkg, device="cpu", compute_type="float32")
    assert engine.translator.compute_type == "float32"
    assert engine.translate(["Russia said."])[0].text == "Россия сказал."
    with pytest.raises(UsageError) as err:
        ArgosEngine(pkg, device="cpu", compute_type="float16")
    supported = ", ".join(sorted(ctranslate2.get_supported_compute_types("cpu")))
    assert str(err.value) == (
        f"compute type 'float16' is not supported on cpu here (supported: {supported})"
    )


class FakeTranslator:
    """Records what the engine asks of CTranslate2 on a (pretend) GPU; echoes the source."""

    made: list[dict] = []

    def __init__(self, model: str, **kwargs) -> None:
        self.made.append(kwargs)
        self.batches: list[tuple[int, dict]] = []

    def translate_batch(self, tokens, **kwargs):
        self.batches.append((sum(map(len, tokens)), kwargs))
        result = [SimpleNamespace(hypotheses=[list(t)], scores=[0.0]) for t in tokens]
        return [SimpleNamespace(result=lambda r=r: r) for r in result]


def test_on_a_gpu_batches_are_sized_by_tokens(pkg: Path, gpus, monkeypatch) -> None:
    gpus(1)
    monkeypatch.setattr(ctranslate2, "Translator", FakeTranslator)
    monkeypatch.setattr(
        ctranslate2, "get_supported_compute_types", lambda d: {"float16", "int8_float16", "int8"}
    )
    monkeypatch.setattr(argos, "_MODELS", {})
    FakeTranslator.made = []
    engine = ArgosEngine(pkg, device="auto", threads=8)
    assert (engine.device, engine.compute_type) == ("cuda", "int8_float16")
    assert FakeTranslator.made == [
        {
            "device": "cuda",
            "device_index": 0,
            "compute_type": "int8_float16",
            "inter_threads": 1,
            "intra_threads": 1,
        }
    ]
    texts = ["Russia said. " * (1 + i % 40) for i in range(400)]
    out = engine.translate(texts)
    assert [t.text for t in out] == [t.strip() for t in texts]
    batches = engine.translator.batches
    assert all(k["batch_type"] == "tokens" for _, k in batches)
    assert all(k["max_batch_size"] == argos.GPU_BATCH_TOKENS for _, k in batches)
    assert all(n <= argos.GPU_BATCH_TOKENS for n, _ in batches) and len(batches) > 1
    # A second engine of the same model and device shares the one copy on the GPU.
    assert ArgosEngine(pkg, device="cuda").translator is engine.translator


def test_token_chunks_hold_the_budget_and_every_item() -> None:
    items = [(i, ["x"] * n, "") for i, n in enumerate([1, 2, 3, 5, 8, 13, 21])]
    chunks = _token_chunks(items, 10)
    assert [[i for i, _, _ in c] for c in chunks] == [[0, 1, 2], [3], [4], [5], [6]]
    assert _token_chunks([], 10) == []


def test_cli_auto_on_a_cpu_machine_is_todays_run(project, runner, pkg, gpus, monkeypatch):
    from localize.cli import cli

    gpus(0)
    models = project / "models"
    models.mkdir()
    (models / pkg.name).symlink_to(pkg)
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(models))
    article = f"examples/{SAMPLE.name}"
    po = project / "locales" / "ru" / "LC_MESSAGES" / f"{SAMPLE.stem}.po"
    outputs = []
    for flags in ([], ["--device", "auto"], ["--device", "cpu", "--compute-type", "int8"]):
        if po.exists():
            po.unlink()
        done = runner.invoke(cli, ["translate", article, "--to", "ru", "--no-glossary", *flags])
        assert done.exit_code == 0, done.stderr
        assert done.stderr.splitlines()[-1].endswith(" on cpu (int8)")
        outputs.append(po.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] == outputs[2]


def test_cli_cuda_without_a_gpu_is_a_usage_error(project, runner, pkg, gpus, monkeypatch):
    from localize.cli import cli

    gpus(0)
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(pkg.parent))
    article = f"examples/{SAMPLE.name}"
    expected = f"localize: {NO_GPU}; pass --device cpu or auto\n"
    done = runner.invoke(cli, ["translate", article, "--to", "ru", "--device", "cuda"])
    assert (done.exit_code, done.stderr) == (2, expected)
    assert not (project / "locales").exists(), "refused before any work"
    done = runner.invoke(cli, ["translate", article, "--to", "ru"], env={"LOCALIZE_DEVICE": "cuda"})
    assert (done.exit_code, done.stderr) == (2, expected)
    (project / "localize.toml").write_text('locales = ["ru"]\ndevice = "cuda"\n')
    done = runner.invoke(cli, ["translate", article])
    assert (done.exit_code, done.stderr) == (2, expected)
    done = runner.invoke(cli, ["translate", article, "--device", "cpu"])
    assert done.exit_code == 0, done.stderr


def test_the_config_names_a_bad_device(tmp_path: Path) -> None:
    (tmp_path / "localize.toml").write_text('source = "en"\ndevice = "gpu"\n')
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / "localize.toml")
    assert err.value.message == "unknown device 'gpu' (known: auto, cpu, cuda)"
    assert err.value.line == 2
    (tmp_path / "localize.toml").write_text('device = "cpu"\ncompute_type = "float32"\n')
    config = load_config(tmp_path / "localize.toml")
    assert (config.device, config.compute_type) == ("cpu", "float32")


@pytest.mark.gpu
def test_cuda_translates_as_the_cpu_does(pkg: Path) -> None:
    if argos.cuda_device_count() == 0:
        pytest.skip("no CUDA device (CTranslate2 finds none)")
    texts = [f"Russia said {i}: Crimea." for i in range(300)]
    gpu = ArgosEngine(pkg, device="cuda")
    assert (gpu.translator.device, gpu.compute_type) == ("cuda", "int8_float16")
    assert [t.text for t in gpu.translate(texts)] == [dictionary_translate(t, RU) for t in texts]


def test_with_a_scheduler_each_worker_decides(pkg: Path, gpus) -> None:
    """The client of a Dask cluster may have no GPU where its workers do: auto and cuda travel
    in the plan unresolved, and the worker's engine resolves them."""
    from localize.config import Config
    from localize.engine.plan import device_label, plan_engines
    from localize.options import TranslateOptions

    gpus(0)
    config = Config(models_dir=pkg.parent)
    for wanted in ("auto", "cuda"):
        options = TranslateOptions(device=wanted, scheduler="tcp://127.0.0.1:1")
        plan = plan_engines("en", ["ru"], config=config, options=options)["ru"]
        assert plan.device == wanted
    assert (
        device_label(
            plan_engines(
                "en",
                ["ru"],
                config=config,
                options=TranslateOptions(device="auto", scheduler="tcp://127.0.0.1:1"),
            )["ru"]
        )
        == "each worker's device (auto)"
    )
    plan = plan_engines("en", ["ru"], config=config, options=TranslateOptions())["ru"]
    assert (plan.device, device_label(plan)) == ("cpu", "cpu (int8)")
    with pytest.raises(UsageError, match="^device cuda: CTranslate2 finds no CUDA device"):
        plan_engines("en", ["ru"], config=config, options=TranslateOptions(device="cuda"))
    gpus(1)
    plan = plan_engines("en", ["ru"], config=config, options=TranslateOptions())["ru"]
    assert (plan.device, device_label(plan)) == ("cuda", "cuda (int8_float16)")
