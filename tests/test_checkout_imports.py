"""`python -m labapp` and `python -m pytest` in a clone import labapp from the checkout (the current
folder comes first on sys.path), where resources/ and instruments/ sit beside the package."""

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_bundled_data_resolves_when_labapp_is_imported_from_the_checkout():
    code = ("import labapp, labapp.resources as r, labapp.instruments as i, sys; "
            "print(labapp.__file__); print(r.resource_path('demo', 'manifest.csv').is_file()); "
            "print(len(list(i.profiles_dir().glob('*.toml'))))")
    # -I -S: no environment, no site-packages (so no editable-install finder): only the checkout
    setup = f"import sys; sys.path.insert(0, {str(REPO_ROOT)!r}); "
    completed = subprocess.run([sys.executable, "-I", "-S", "-c", setup + code], capture_output=True,
                               text=True, timeout=120, cwd=REPO_ROOT)
    assert completed.returncode == 0, completed.stderr
    file, manifest, profiles = completed.stdout.split()
    assert file == str(REPO_ROOT / "labapp" / "__init__.py")
    assert manifest == "True" and int(profiles) >= 15
