# Build the Windows bundle (PyInstaller) and the per-user installer (Inno Setup 6).
#   powershell -File installer\windows\build.ps1          → dist\calls-notifier-<version>-setup.exe
# Needs: Python with the project and pyinstaller installed (PYTHON, default "python"),
# Inno Setup 6 (ISCC, default its usual install path). The version comes from pyproject.toml.
$ErrorActionPreference = "Stop"
$root = (Resolve-Path "$PSScriptRoot\..\..").Path
$python = if ($env:PYTHON) { $env:PYTHON } else { "python" }
$iscc = if ($env:ISCC) { $env:ISCC } else { "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }

$version = (& $python "$root\installer\bundle_config.py" version).Trim()
if ($LASTEXITCODE -ne 0) { throw "cannot read the version from pyproject.toml" }

& $python -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath "$root\dist" --workpath "$root\build" "$root\installer\desktop-notifier.spec"
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

& $iscc "/DAppVersion=$version" "/DBundleDir=$root\dist\desktop-notifier" `
    "/DIconFile=$root\build\desktop-notifier\icons\app.ico" "/DOutputDir=$root\dist" `
    "$root\installer\windows\desktop-notifier.iss"
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Output "$root\dist\calls-notifier-$version-setup.exe"
