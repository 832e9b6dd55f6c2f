"""Argos model packages: find, validate, install safely (offline first), remove.

Packages live where argostranslate keeps them, so models installed with ``argospm`` are found.
Nothing here imports argostranslate or ctranslate2 except installing from the online index.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from localize.errors import LocalizeError, ModelError
from localize.lang import check_locale

__all__ = [
    "ModelPackage",
    "MAX_UNPACKED_BYTES",
    "models_dirs",
    "install_dir",
    "list_models",
    "find_model",
    "find_route",
    "validate_package_dir",
    "check_archive",
    "install_package",
    "install_from_index",
    "remove_model",
]

#: Largest total uncompressed size accepted from an archive (real Argos packages are < 300 MB).
MAX_UNPACKED_BYTES = 2 * 1024**3
MAX_RATIO = 100  # uncompressed / compressed, for large members (deflate tops out near 1030:1)
RATIO_MIN_BYTES = 64 * 1024**2  # small sparse members (tiny test models) compress very well
TOKENIZERS = ("sentencepiece.model", "bpe.model")


@dataclass(frozen=True)
class ModelPackage:
    from_code: str
    to_code: str
    version: str
    path: Path
    size: int
    from_name: str = ""
    to_name: str = ""
    tokenizer: str = "sentencepiece"
    target_prefix: str | None = None

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"


def _argos_packages_dir() -> Path:
    """argostranslate's packages folder, computed as its settings module does (without importing
    it: that import creates folders)."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env)
    home = Path(os.environ["SNAP_USER_DATA"]) if "SNAP" in os.environ else Path.home()
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return data / "argos-translate" / "packages"


def install_dir(models_dir: Path | None = None) -> Path:
    """Where ``install`` puts packages: the argument, $LOCALIZE_MODELS_DIR, or argostranslate's."""
    if models_dir is not None:
        return Path(models_dir)
    env = os.environ.get("LOCALIZE_MODELS_DIR")
    return Path(env) if env else _argos_packages_dir()


def models_dirs(models_dir: Path | None = None) -> list[Path]:
    """Folders searched for packages, in order (the install folder first)."""
    dirs = [install_dir(models_dir)]
    if models_dir is None and _argos_packages_dir() not in dirs:
        dirs.append(_argos_packages_dir())
    return dirs


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def validate_package_dir(path: Path) -> ModelPackage:
    """Read and check an unpacked package folder; ModelError saying what is wrong."""
    meta_path = path / "metadata.json"
    if not meta_path.is_file():
        raise ModelError("not an Argos package: metadata.json is missing", path=path)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"metadata.json is not valid JSON ({exc})", path=path) from None
    if not isinstance(meta, dict):
        raise ModelError("metadata.json must hold a JSON object", path=path)
    for key in ("from_code", "to_code"):
        if not isinstance(meta.get(key), str) or not meta[key]:
            raise ModelError(f"metadata.json lacks {key!r}", path=path)
    try:
        from_code, to_code = check_locale(meta["from_code"]), check_locale(meta["to_code"])
    except LocalizeError as exc:
        raise ModelError(f"metadata.json: {exc.message}", path=path) from None
    if meta.get("type", "translate") != "translate":
        raise ModelError(f"package type {meta.get('type')!r} is not a translation model", path=path)
    if not (path / "model" / "model.bin").is_file():
        raise ModelError("no CTranslate2 model (model/model.bin is missing)", path=path)
    tokenizer = next((t for t in TOKENIZERS if (path / t).is_file()), None)
    if tokenizer is None:
        raise ModelError("no tokenizer (sentencepiece.model or bpe.model)", path=path)
    return ModelPackage(
        from_code=from_code,
        to_code=to_code,
        version=str(meta.get("package_version", "0")),
        path=path,
        size=_dir_size(path),
        from_name=str(meta.get("from_name", "")),
        to_name=str(meta.get("to_name", "")),
        tokenizer=tokenizer.split(".")[0],
        target_prefix=meta.get("target_prefix") or None,
    )


def list_models(models_dir: Path | None = None) -> list[ModelPackage]:
    """Valid packages in the searched folders (invalid folders are skipped), sorted by pair."""
    seen: dict[str, ModelPackage] = {}
    for folder in models_dirs(models_dir):
        if not folder.is_dir():
            continue
        for sub in sorted(folder.iterdir()):
            if not sub.is_dir() or sub.name.startswith("."):
                continue
            try:
                pkg = validate_package_dir(sub)
            except ModelError:
                continue
            seen.setdefault(pkg.pair, pkg)
    return sorted(seen.values(), key=lambda p: p.pair)


def find_model(from_code: str, to_code: str, models_dir: Path | None = None) -> ModelPackage | None:
    return next(
        (p for p in list_models(models_dir) if (p.from_code, p.to_code) == (from_code, to_code)),
        None,
    )


def find_route(from_code: str, to_code: str, models_dir: Path | None = None) -> list[ModelPackage]:
    """A direct package, else two chained through a pivot language, else nothing."""
    models = list_models(models_dir)
    for p in models:
        if (p.from_code, p.to_code) == (from_code, to_code):
            return [p]
    # Prefer English as the pivot, as Argos's own packages mostly go through it.
    firsts = sorted(
        (p for p in models if p.from_code == from_code), key=lambda p: p.to_code != "en"
    )
    for first in firsts:
        for second in models:
            if second.from_code == first.to_code and second.to_code == to_code:
                return [first, second]
    return []


def check_archive(archive: Path, *, limit: int = MAX_UNPACKED_BYTES) -> str:
    """Vet an .argosmodel before extracting anything; returns its single top-level folder."""
    if not archive.is_file():
        raise ModelError("no such file" if not archive.exists() else "not a file", path=archive)
    if not zipfile.is_zipfile(archive):
        raise ModelError("not an .argosmodel (not a zip archive)", path=archive)
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelError(f"corrupt archive: {exc}", path=archive) from None
    total = 0
    tops: set[str] = set()
    for info in infos:
        name = info.filename
        pure = PurePosixPath(name.replace("\\", "/"))
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
            raise ModelError(f"unsafe member {name!r}: absolute path", path=archive)
        if ".." in pure.parts:
            raise ModelError(f"unsafe member {name!r}: escapes the package folder", path=archive)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ModelError(f"unsafe member {name!r}: symbolic link", path=archive)
        total += info.file_size
        if total > limit:
            raise ModelError(
                f"unpacks to more than {limit} bytes (zip bomb?); refused", path=archive
            )
        if (
            info.file_size > RATIO_MIN_BYTES
            and info.compress_size
            and info.file_size / info.compress_size > MAX_RATIO
        ):
            raise ModelError(
                f"member {name!r} is compressed {info.file_size // info.compress_size}:1 "
                "(zip bomb?); refused",
                path=archive,
            )
        if pure.parts:
            tops.add(pure.parts[0])
    if len(tops) != 1:
        raise ModelError(
            f"an .argosmodel holds exactly one top-level folder (found {len(tops)})", path=archive
        )
    return tops.pop()


def install_package(
    source: Path, models_dir: Path | None = None, *, replace: bool = False
) -> list[ModelPackage]:
    """Install an .argosmodel file, or every one in a folder; nothing is overwritten silently."""
    source = Path(source)
    if source.is_dir():
        archives = sorted(source.glob("*.argosmodel"))
        if not archives:
            raise ModelError("no .argosmodel files in this folder", path=source)
        return [_install_one(a, models_dir, replace) for a in archives]
    return [_install_one(source, models_dir, replace)]


def _install_one(archive: Path, models_dir: Path | None, replace: bool) -> ModelPackage:
    top = check_archive(archive)
    target_root = install_dir(models_dir)
    target_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=target_root))
    try:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(staging)
        unpacked = staging / top
        try:
            pkg = validate_package_dir(unpacked)
        except ModelError as exc:
            raise ModelError(exc.message, path=archive) from None
        existing = [p for p in list_models(models_dir) if p.pair == pkg.pair]
        final = target_root / _folder_name(pkg)
        if existing and not replace:
            old = existing[0]
            raise ModelError(
                f"{pkg.pair} is already installed (version {old.version} in {old.path}); "
                "pass --replace to replace it",
                path=archive,
            )
        old_dirs = [p.path for p in existing if p.path.parent == target_root]
        if final.exists() and final not in old_dirs:
            raise ModelError(f"{final} exists and is not a valid package", path=archive)
        # Swap in: the old package stays until the new one is in place.
        trash = []
        for old in old_dirs:
            moved = staging / f"old-{old.name}"
            os.replace(old, moved)
            trash.append(moved)
        os.replace(unpacked, final)
        return validate_package_dir(final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _folder_name(pkg: ModelPackage) -> str:
    return f"translate-{pkg.from_code}_{pkg.to_code}"


def remove_model(from_code: str, to_code: str, models_dir: Path | None = None) -> ModelPackage:
    pkg = find_model(check_locale(from_code), check_locale(to_code), models_dir)
    if pkg is None:
        raise ModelError(f"no model installed for {from_code}-{to_code}")
    shutil.rmtree(pkg.path)
    return pkg


OFFLINE_HINT = (
    "download the .argosmodel on a connected machine, copy it here and run: "
    "localize models install FILE"
)


def install_from_index(
    from_code: str, to_code: str, models_dir: Path | None = None, *, timeout: float = 5.0
) -> ModelPackage:
    """Download a pair from the Argos package index (online) and install it safely."""
    import socket
    import urllib.parse

    from argostranslate import package, settings

    url = urllib.parse.urlparse(settings.remote_package_index)
    try:  # fail at once when offline instead of argostranslate's silent retries
        socket.create_connection((url.hostname, url.port or 443), timeout=timeout).close()
    except OSError:
        raise ModelError(
            f"cannot reach the Argos package index (offline?); {OFFLINE_HINT}"
        ) from None
    package.update_package_index()
    if not Path(settings.local_package_index).is_file():
        raise ModelError(f"the Argos package index could not be downloaded; {OFFLINE_HINT}")
    available = [
        p
        for p in package.get_available_packages()
        if (p.from_code, p.to_code) == (from_code, to_code)
    ]
    if not available:
        raise ModelError(f"the Argos package index has no {from_code}-{to_code} package")
    try:
        archive = Path(available[0].download())
    except Exception as exc:  # argostranslate raises bare Exception on failed downloads
        raise ModelError(f"download failed: {exc}; {OFFLINE_HINT}") from None
    return install_package(archive, models_dir)[0]
