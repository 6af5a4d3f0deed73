# Build the labapp Windows installer: PyInstaller bundle, frozen self-test, then Inno Setup.
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1 [-Python py] [-UseCurrentPython]
# Needs Python 3.11+ (python.org build) and Inno Setup 6 (iscc.exe on PATH or in its default folder).
# Output: dist\labapp-<version>-windows-x64-setup.exe. See docs/installing.md.
param(
    [string]$Python = "python",
    [switch]$UseCurrentPython  # build with $Python's environment instead of a fresh build\installer\venv
)
$ErrorActionPreference = "Stop"

function Invoke-Checked([string]$What, [scriptblock]$Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit $LASTEXITCODE)" }
}

$root = (Resolve-Path "$PSScriptRoot\..\..").Path
$work = Join-Path $root "build\installer"
New-Item -ItemType Directory -Force -Path $work | Out-Null

if ($UseCurrentPython) {
    $py = $Python
} else {
    $venv = Join-Path $work "venv"
    if (-not (Test-Path "$venv\Scripts\python.exe")) { Invoke-Checked "venv" { & $Python -m venv $venv } }
    $py = "$venv\Scripts\python.exe"
    Invoke-Checked "pip upgrade" { & $py -m pip install -q --upgrade pip }
}
Invoke-Checked "pip install" { & $py -m pip install -q "$root[installer]" }

$version = (& $py "$root\installer\build_info.py").Trim()
$numeric = (& $py "$root\installer\build_info.py" --numeric).Trim()
Write-Host "building labapp $version"

Invoke-Checked "PyInstaller" {
    & $py -m PyInstaller --noconfirm --clean --log-level WARN `
        --distpath "$work\dist" --workpath "$work\pyinstaller" "$root\installer\labapp.spec"
}
$bundle = "$work\dist\labapp"
$printed = (& "$bundle\labapp-cli.exe" --version).Trim()
if ($printed -ne "labapp $version") { throw "labapp-cli.exe --version printed '$printed'" }
Invoke-Checked "frozen self-test" { & "$bundle\labapp-cli.exe" --self-test }

$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue)
if ($iscc) { $iscc = $iscc.Source } else { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $iscc)) { throw "Inno Setup 6 not found (install it, or put iscc.exe on PATH)" }
Invoke-Checked "Inno Setup" {
    & $iscc "/DAppVersion=$version" "/DAppNumericVersion=$numeric" "/DBundleDir=$bundle" `
        "/DOutputDir=$root\dist" "$root\installer\windows\labapp.iss"
}
Write-Host "$root\dist\labapp-$version-windows-x64-setup.exe"
