"""Argos model packages: find, validate, install safely (offline first), remove.

Packages live where argostranslate keeps them, so models installed with ``argospm`` are found.
Nothing here imports argostranslate or ctranslate2. Downloading a pair from the Argos package
index is :mod:`localize.modelindex`'s.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Protocol

from localize.errors import LocalizeError, ModelError
from localize.fileio import read_regular_file
from localize.lang import check_locale

__all__ = [
    "ModelPackage",
    "MAX_UNPACKED_BYTES",
    "models_dirs",
    "install_dir",
    "list_models",
    "broken_models",
    "find_model",
    "find_route",
    "validate_package_dir",
    "check_archive",
    "inspect_archive",
    "install_package",
    "remove_model",
    "NO_MODELS",
    "models_table",
    "models_json",
    "broken_lines",
    "installed_line",
    "removed_line",
]

#: Largest total uncompressed size accepted from an archive (real Argos packages are < 300 MB).
MAX_UNPACKED_BYTES = 2 * 1024**3
#: Uncompressed / compressed, per large member and for the whole archive (real packages: ~1.1;
#: deflate tops out near 1030:1).
MAX_RATIO = 100
RATIO_MIN_BYTES = 64 * 1024**2  # below this, sparse content (tiny test models) may compress well
#: Most members an archive may hold (real packages have about 20).
MAX_MEMBERS = 1000
#: Largest metadata.json read (real ones are under 2 KB).
MAX_METADATA_BYTES = 1024**2
NAME_MAX = 255  # bytes in one file name, on every common file system
TOKENIZERS = ("sentencepiece.model", "bpe.model")


@dataclass(frozen=True)
class ModelPackage:
    from_code: str
    to_code: str
    version: str
    path: Path
    from_name: str = ""
    to_name: str = ""
    tokenizer: str = "sentencepiece"
    target_prefix: str | None = None

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @cached_property
    def size(self) -> int:
        """Bytes on disk; walked only when asked (``models list``), never to translate."""
        return _dir_size(self.path)


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


def _parse_metadata(raw: bytes, where: Path) -> dict:
    """metadata.json's object, its codes checked; ModelError for anything else."""
    try:
        meta = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ModelError(
            "metadata.json is not valid JSON (nested too deeply)", path=where
        ) from None
    except (UnicodeDecodeError, ValueError) as exc:  # ValueError: a 5,000-digit number too
        if "integer string conversion" in str(exc):  # Python's words differ from 3.10 to 3.11
            raise ModelError(
                "metadata.json is not valid JSON (a number of more than 4300 digits)", path=where
            ) from None
        raise ModelError(f"metadata.json is not valid JSON ({exc})", path=where) from None
    if not isinstance(meta, dict):
        raise ModelError("metadata.json must hold a JSON object", path=where)
    for key in ("from_code", "to_code"):
        if not isinstance(meta.get(key), str) or not meta[key]:
            raise ModelError(f"metadata.json lacks {key!r}", path=where)
    try:
        meta["from_code"], meta["to_code"] = (
            check_locale(meta["from_code"]),
            check_locale(meta["to_code"]),
        )
    except LocalizeError as exc:
        raise ModelError(f"metadata.json: {exc.message}", path=where) from None
    if meta.get("type", "translate") != "translate":
        raise ModelError(
            f"package type {meta.get('type')!r} is not a translation model", path=where
        )
    return meta


# Terminal escapes (CSI ``ESC [ … m``, OSC ``ESC ] … BEL``: colours, titles, hyperlinks, even
# keystrokes on some terminals), then any other control or bidirectional formatting character.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` from a package, safe to print on a terminal: escapes and controls removed."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def _package(meta: dict, path: Path, tokenizer: str) -> ModelPackage:
    return ModelPackage(
        from_code=meta["from_code"],
        to_code=meta["to_code"],
        version=printable(str(meta.get("package_version", "0"))),
        path=path,
        from_name=printable(str(meta.get("from_name", ""))),
        to_name=printable(str(meta.get("to_name", ""))),
        tokenizer=tokenizer.split(".")[0],
        target_prefix=str(meta["target_prefix"]) if meta.get("target_prefix") else None,
    )


def validate_package_dir(path: Path) -> ModelPackage:
    """Read and check an unpacked package folder; ModelError saying what is wrong."""
    meta_path = path / "metadata.json"
    if not meta_path.is_file():
        raise ModelError("not an Argos package: metadata.json is missing", path=path)
    try:
        if meta_path.stat().st_size > MAX_METADATA_BYTES:
            raise ModelError(f"metadata.json is larger than {MAX_METADATA_BYTES} bytes", path=path)
        raw = read_regular_file(meta_path, "metadata file", ModelError)
    except OSError as exc:
        raise ModelError(f"cannot read metadata.json: {exc.strerror or exc}", path=path) from None
    meta = _parse_metadata(raw, path)
    if not (path / "model" / "model.bin").is_file():
        raise ModelError("no CTranslate2 model (model/model.bin is missing)", path=path)
    tokenizer = next((t for t in TOKENIZERS if (path / t).is_file()), None)
    if tokenizer is None:
        raise ModelError("no tokenizer (sentencepiece.model or bpe.model)", path=path)
    return _package(meta, path, tokenizer)


def _scan(models_dir: Path | None) -> tuple[list[ModelPackage], list[ModelError]]:
    """Every package folder: the valid ones (first of a pair wins) and what is wrong with the
    others. One bad folder never hides the rest."""
    seen: dict[str, ModelPackage] = {}
    broken: list[ModelError] = []
    for folder in models_dirs(models_dir):
        if not folder.is_dir():
            continue
        for sub in sorted(folder.iterdir()):
            if not sub.is_dir() or sub.name.startswith("."):
                continue
            try:
                pkg = validate_package_dir(sub)
            except ModelError as exc:
                broken.append(exc)
                continue
            seen.setdefault(pkg.pair, pkg)
    return sorted(seen.values(), key=lambda p: p.pair), broken


def list_models(models_dir: Path | None = None) -> list[ModelPackage]:
    """Valid packages in the searched folders (invalid folders are skipped), sorted by pair."""
    return _scan(models_dir)[0]


def broken_models(models_dir: Path | None = None) -> list[ModelError]:
    """The package folders that :func:`list_models` skips, each with what is wrong."""
    return _scan(models_dir)[1]


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
    """Vet an .argosmodel before extracting anything; returns its single top-level folder.

    Everything is decided from the archive's directory and metadata.json (read from the
    archive, size-capped): member names, count and sizes, the whole archive's compression
    ratio, the package's languages and the presence of its model and tokenizer.
    """
    return inspect_archive(archive, limit=limit)[0]


def inspect_archive(archive: Path, *, limit: int = MAX_UNPACKED_BYTES) -> tuple[str, ModelPackage]:
    """:func:`check_archive`'s checks; the archive's top-level folder and the package it holds."""
    if not archive.is_file():
        raise ModelError("no such file" if not archive.exists() else "not a file", path=archive)
    if not zipfile.is_zipfile(archive):
        raise ModelError("not an .argosmodel (not a zip archive)", path=archive)
    count = _declared_members(archive)
    if count is not None and count > MAX_MEMBERS:
        raise _too_many(count, archive)
    try:
        with zipfile.ZipFile(archive) as zf:
            return _inspect_members(zf, archive, limit)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise ModelError(f"corrupt archive: {exc}", path=archive) from None


def _too_many(count: int, archive: Path) -> ModelError:
    return ModelError(
        f"holds {count} members, more than {MAX_MEMBERS} (real packages have ~20); refused",
        path=archive,
    )


def _declared_members(archive: Path) -> int | None:
    """The member count in the end-of-central-directory record (zip64 too), read without
    parsing the directory (200,000 entries take 2 s to parse); None when not found."""
    with open(archive, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        start = max(0, size - 22 - 0xFFFF)
        fh.seek(start)
        tail = fh.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) < at + 22:
            return None
        count = int.from_bytes(tail[at + 10 : at + 12], "little")
        if count != 0xFFFF:
            return count
        locator = tail[at - 20 : at] if at >= 20 else b""
        if not locator.startswith(b"PK\x06\x07"):
            return None
        fh.seek(int.from_bytes(locator[8:16], "little"))
        record = fh.read(56)
    if not record.startswith(b"PK\x06\x06") or len(record) < 56:
        return None
    return int.from_bytes(record[32:40], "little")


def _inspect_members(zf: zipfile.ZipFile, archive: Path, limit: int) -> tuple[str, ModelPackage]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _too_many(len(infos), archive)
    total = 0
    tops: set[str] = set()
    files: dict[str, zipfile.ZipInfo] = {}
    folders: set[str] = set()
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        pure = PurePosixPath(name.replace("\\", "/"))
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
            raise ModelError(f"unsafe member {name!r}: absolute path", path=archive)
        if ".." in pure.parts:
            raise ModelError(f"unsafe member {name!r}: escapes the package folder", path=archive)
        long = next((part for part in pure.parts if len(part.encode("utf-8")) > NAME_MAX), None)
        if long is not None:
            raise ModelError(
                f"member {_short(name)!r}: a name over {NAME_MAX} bytes, which no file system "
                "holds; refused",
                path=archive,
            )
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ModelError(f"unsafe member {name!r}: symbolic link", path=archive)
        # Two members of one name: which one wins depends on the reader (metadata.json twice
        # installed en-ru as en-de).
        key = str(pure)
        if key in seen:
            raise ModelError(f"duplicate member {name!r}; refused", path=archive)
        seen.add(key)
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
            folders.update(str(parent) for parent in pure.parents if parent.parts)
        if not info.is_dir():
            files[key] = info
    # One name both a file and a folder ("model" and "model/model.bin"): extraction would fail
    # half-way, or which one lands would depend on the order.
    clash = next((name for name in files if name in folders), None)
    if clash is not None:
        raise ModelError(
            f"member {clash!r} is both a file and a folder in the archive; refused", path=archive
        )
    # Many members just under the per-member threshold add up: the whole archive is judged too.
    packed = max(archive.stat().st_size, 1)
    if total > RATIO_MIN_BYTES and total / packed > MAX_RATIO:
        raise ModelError(
            f"unpacks to {total} bytes from {packed}, {total // packed}:1 (zip bomb?); refused",
            path=archive,
        )
    if len(tops) != 1:
        raise ModelError(
            f"an .argosmodel holds exactly one top-level folder (found {len(tops)})", path=archive
        )
    top = tops.pop()
    meta_info = files.get(f"{top}/metadata.json")
    if meta_info is None:
        raise ModelError("not an Argos package: metadata.json is missing", path=archive)
    if meta_info.file_size > MAX_METADATA_BYTES:
        raise ModelError(f"metadata.json is larger than {MAX_METADATA_BYTES} bytes", path=archive)
    meta = _parse_metadata(zf.read(meta_info), archive)
    if f"{top}/model/model.bin" not in files:
        raise ModelError("no CTranslate2 model (model/model.bin is missing)", path=archive)
    tokenizer = next((t for t in TOKENIZERS if f"{top}/{t}" in files), None)
    if tokenizer is None:
        raise ModelError("no tokenizer (sentencepiece.model or bpe.model)", path=archive)
    return top, _package(meta, archive, tokenizer)


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


@contextmanager
def _install_lock(target_root: Path) -> Iterator[None]:
    """One install at a time per folder, across processes and threads (filelock: flock on POSIX,
    LockFileEx on Windows). Whoever holds the lock owns every staging folder, so any
    ``.installing-*`` left there is from an install that died (kill -9, power loss)."""
    from filelock import FileLock

    with FileLock(target_root / ".install.lock"):
        for stale in target_root.glob(".installing-*"):
            shutil.rmtree(stale, ignore_errors=True)
        yield


_NAME_PAIR = re.compile(r"translate-([A-Za-z]+)_([A-Za-z]+)(?:[-_.]|$)")


def _pair_of_folder(path: Path) -> tuple[str, str] | None:
    """The pair a (possibly broken) package folder is for: its metadata, else its name."""
    try:
        meta = path / "metadata.json"
        if meta.is_file() and meta.stat().st_size <= MAX_METADATA_BYTES:
            data = _parse_metadata(read_regular_file(meta, "metadata file", ModelError), path)
            return data["from_code"], data["to_code"]
    except (ModelError, OSError):
        pass
    m = _NAME_PAIR.match(path.name)
    if m is None:
        return None
    try:
        return check_locale(m.group(1)), check_locale(m.group(2))
    except LocalizeError:
        return None


def _folders_of_pair(root: Path, pair: tuple[str, str]) -> list[Path]:
    """Folders in ``root`` holding a package of ``pair``, valid or broken."""
    if not root.is_dir():
        return []
    return [
        sub
        for sub in sorted(root.iterdir())
        if sub.is_dir() and not sub.name.startswith(".") and _pair_of_folder(sub) == pair
    ]


def _short(name: str, keep: int = 60) -> str:
    return name if len(name) <= keep else f"{name[:keep]}…"


def _install_one(archive: Path, models_dir: Path | None, replace: bool) -> ModelPackage:
    top, pkg = inspect_archive(archive)
    target_root = install_dir(models_dir)
    existing = [p for p in list_models(models_dir) if p.pair == pkg.pair]
    final = target_root / _folder_name(pkg)
    if existing and not replace:
        installed = existing[0]
        raise ModelError(
            f"{pkg.pair} is already installed (version {installed.version} in {installed.path})",
            path=archive,
            setting="replace",
        )
    own = _folders_of_pair(target_root, (pkg.from_code, pkg.to_code))
    if final.exists() and not replace:
        raise ModelError(
            f"{final} exists and is not a valid package",
            path=archive,
            setting="replace",
        )
    target_root.mkdir(parents=True, exist_ok=True)
    with _install_lock(target_root):
        staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=target_root))
        try:
            try:
                with zipfile.ZipFile(archive) as zf:
                    zf.extractall(staging)
            except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
                # A member whose data disagrees with its size or checksum (a lying header).
                raise ModelError(f"corrupt archive: {exc}", path=archive) from None
            except OSError as exc:  # a full disk, a folder nobody may write
                raise ModelError(
                    f"cannot install into {target_root}: {exc.strerror or exc}; nothing installed",
                    path=archive,
                ) from None
            unpacked = staging / top
            try:
                validate_package_dir(unpacked)
            except ModelError as exc:
                raise ModelError(exc.message, path=archive) from None
            # Swap in: the old package (valid or broken) stays until the new one is in place.
            for old in dict.fromkeys([*own, *([final] if final.exists() else [])]):
                os.replace(old, staging / f"old-{old.name}")
            os.replace(unpacked, final)
            return validate_package_dir(final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _folder_name(pkg: ModelPackage) -> str:
    return f"translate-{pkg.from_code}_{pkg.to_code}"


def remove_model(from_code: str, to_code: str, models_dir: Path | None = None) -> ModelPackage:
    """Remove the installed package of a pair, or the broken folders left for it."""
    pair = (check_locale(from_code), check_locale(to_code))
    pkg = find_model(*pair, models_dir)
    if pkg is not None:
        _remove_folder(pkg.path)
        return pkg
    broken = [d for root in models_dirs(models_dir) for d in _folders_of_pair(root, pair)]
    if not broken:
        raise ModelError(f"no model installed for {from_code}-{to_code}")
    for folder in broken:
        _remove_folder(folder)
    return ModelPackage(pair[0], pair[1], "(broken)", broken[0])


def _remove_folder(path: Path) -> None:
    """Remove a package folder; a symbolic link to one is removed as a link, and what it points
    to is left alone (rmtree refuses links, and following one could delete files elsewhere)."""
    try:
        if path.is_symlink():
            path.unlink()
        else:
            shutil.rmtree(path)
    except OSError as exc:
        raise ModelError(f"cannot remove: {exc.strerror or exc}", path=path) from None


# --- what ``localize models`` shows ----------------------------------------------------------

#: What ``localize models list`` says when nothing is installed.
NO_MODELS = "no models installed; see: localize models install --help"


class ModelRow(Protocol):
    """What the table shows of an installed model (``engine.plan.InstalledModel`` is one)."""

    @property
    def engine(self) -> str: ...
    @property
    def pair(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def size(self) -> int | None: ...
    @property
    def path(self) -> str: ...
    def as_dict(self) -> dict[str, object]: ...


def models_table(rows: Sequence[ModelRow]) -> list[str]:
    """The rows of ``installed_models`` as a table, a header line first."""
    lines = [f"{'PAIR':<8} {'ENGINE':<9} {'VERSION':<8} {'SIZE':>9}  PATH"]
    for r in rows:
        path = printable(str(r.path))  # a folder's name may hold terminal escapes too
        lines.append(f"{r.pair:<8} {r.engine:<9} {r.version:<8} {_size(r.size):>9}  {path}")
    return lines


def models_json(rows: Sequence[ModelRow]) -> str:
    """The rows of ``installed_models`` as one JSON array."""
    return json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2) + "\n"


def broken_lines(problems: Iterable[ModelError]) -> list[str]:
    """A warning per package folder that could not be read (it is skipped, not fatal)."""
    return [f"localize: warning: {problem}; skipped" for problem in problems]


def installed_line(pkg: ModelPackage) -> str:
    return f"installed {pkg.pair} {pkg.version} in {pkg.path}"


def removed_line(pkg: ModelPackage) -> str:
    return f"removed {pkg.pair} {pkg.version} from {pkg.path}"


def _size(n: float | None) -> str:
    if n is None:
        return "-"
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)
