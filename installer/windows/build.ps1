# Build the Windows bundle (PyInstaller) and the per-user installer (Inno Setup 6).
#   powershell -File installer\windows\build.ps1          → dist\calls-notifier-<version>-setup.exe
# Needs: Python with the project and pyinstaller installed (PYTHON, default "python"),
# Inno Setup 6 (ISCC: found by Find-Iscc below, or set ISCC to its path). The version comes
# from pyproject.toml.
$ErrorActionPreference = "Stop"
$root = (Resolve-Path "$PSScriptRoot\..\..").Path
$python = if ($env:PYTHON) { $env:PYTHON } else { "python" }

# Inno Setup 6's compiler, wherever it was installed: $env:ISCC, then ISCC.exe on the PATH
# (winget/choco/scoop), then the install location its own setup records in the registry
# ("Inno Setup 6_is1", machine-wide or per-user), then the default folders.
function Find-Iscc {
    if ($env:ISCC) { return $env:ISCC }
    $onPath = Get-Command ISCC.exe -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    $keys = @(
        "HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\Inno Setup 6_is1",
        "HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\Inno Setup 6_is1",
        "HKCU:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\Inno Setup 6_is1"
    )
    foreach ($key in $keys) {
        $location = (Get-ItemProperty -Path $key -ErrorAction SilentlyContinue).InstallLocation
        if ($location -and (Test-Path (Join-Path $location "ISCC.exe"))) {
            return (Join-Path $location "ISCC.exe")
        }
    }
    foreach ($dir in @("${env:ProgramFiles(x86)}", "$env:ProgramFiles", "$env:LOCALAPPDATA\Programs")) {
        $candidate = Join-Path $dir "Inno Setup 6\ISCC.exe"
        if ($dir -and (Test-Path $candidate)) { return $candidate }
    }
    throw "Inno Setup 6 not found: install it (winget install JRSoftware.InnoSetup) or set ISCC"
}
$iscc = Find-Iscc

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
