"""The profiles an import may use: the shipped ones, then each laboratory folder's own.

A lab adds a format without touching the installed program by dropping a TOML file into
`<data folder>/instruments` (or a folder named in the settings file). A lab profile never
shadows a shipped one: one with a shipped id, a duplicate, or one that does not load is left
out and named in `problems`, which every read reports as a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from labapp.config import lab_profile_folders
from labapp.core.errors import LabappError
from labapp.importers.profile import Profile, ProfileError, ProfileOrigin, load_profile
from labapp.instruments import profiles_dir


@dataclass(frozen=True)
class Catalog:
    profiles: tuple[Profile, ...]  # shipped first, then the lab's, each group sorted by id
    problems: tuple[str, ...]  # lab profiles left out, one line each

    def get(self, profile_id: str) -> Profile:
        for p in self.profiles:
            if p.id == profile_id:
                return p
        known = ", ".join(sorted(p.id for p in self.profiles))
        raise LabappError(f"unknown profile {profile_id!r}; known: {known}")


_cache: dict[tuple, tuple[tuple[Profile, ...], tuple[str, ...]]] = {}  # by folder signature


def _signature(folder: Path) -> tuple:
    """What changes when a folder's profiles change: names, sizes and modification times."""
    try:
        files = sorted(folder.glob("*.toml"))
        return (str(folder), *((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files))
    except OSError:
        return (str(folder),)


def _load_folder(folder: Path, origin: ProfileOrigin) -> tuple[list[Profile], list[str]]:
    """Every profile of one folder; a shipped folder must load whole, a lab folder reports its failures."""
    key = (origin, *_signature(folder))
    if key not in _cache:
        loaded: list[Profile] = []
        failures: list[str] = []
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                loaded.append(load_profile(path, origin))
            except ProfileError as exc:
                if origin is ProfileOrigin.SHIPPED:
                    raise
                failures.append(f"lab profile left out: {exc}")
        _cache[key] = (tuple(loaded), tuple(failures))
    profiles, failures = _cache[key]
    return list(profiles), list(failures)


def refresh() -> None:
    """Forget the loaded profiles, so the next catalog() reads every folder again: after a profile is
    saved, even one rewritten within the file system's time resolution at the same size."""
    _cache.clear()


def shipped_profiles() -> tuple[Profile, ...]:
    return tuple(_load_folder(profiles_dir(), ProfileOrigin.SHIPPED)[0])


def catalog(extra_folders: list[Path] | None = None) -> Catalog:
    """The shipped profiles plus the laboratory's; lab folders that do not exist are simply empty."""
    shipped = shipped_profiles()
    taken = {p.id: p.path for p in shipped}
    profiles = list(shipped)
    problems: list[str] = []
    for folder in [*lab_profile_folders(), *(extra_folders or [])]:
        loaded, failures = _load_folder(folder, ProfileOrigin.LAB)
        problems += failures
        for p in loaded:
            if p.id in taken:
                kind = "a shipped" if taken[p.id] in {s.path for s in shipped} else "another lab"
                problems.append(
                    f"lab profile left out: {p.path}: id {p.id!r} is already {kind} profile's "
                    f"({taken[p.id]}); give it an id of its own"
                )
                continue
            taken[p.id] = p.path
            profiles.append(p)
    return Catalog(tuple(profiles), tuple(problems))


def all_profiles(folder: Path | None = None) -> tuple[Profile, ...]:
    """The profiles of `folder` only, or (default) the shipped and the laboratory's."""
    if folder is not None:
        shipped = Path(folder) == profiles_dir()
        return tuple(_load_folder(Path(folder), ProfileOrigin.SHIPPED if shipped else ProfileOrigin.LAB)[0])
    return catalog().profiles


def get_profile(profile_id: str) -> Profile:
    """The profile with this id; LabappError naming the known ids otherwise."""
    return catalog().get(profile_id)
