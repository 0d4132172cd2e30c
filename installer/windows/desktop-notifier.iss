; Inno Setup 6: per-user installer of the PyInstaller bundle (no administrator rights).
; Built by installer/windows/build.ps1, which passes the version read from pyproject.toml:
;   iscc /DAppVersion=0.1.0 /DBundleDir=...\dist\desktop-notifier /DIconFile=...\app.ico
;        /DOutputDir=...\dist installer\windows\desktop-notifier.iss
; The names below repeat desktop_notifier/common/identity.py (tests/packaging checks they agree).
#ifndef AppVersion
  #error Pass the version from pyproject.toml: iscc /DAppVersion=x.y.z (build.ps1 does).
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\desktop-notifier"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef InstallRoot
  ; Per user, {autopf} is %LOCALAPPDATA%\Programs. Wine 8 lacks that known folder
  ; (FOLDERID_UserProgramFiles), so the Linux check (tests/packaging/test_inno_setup_under_wine.py)
  ; names the same folder as /DInstallRoot={localappdata}\Programs.
  #define InstallRoot "{autopf}"
#endif
#define AppName "Calls Notifier"
#define AppExe "desktop-notifier.exe"
#define AppUserModelID "CallsNotifier.App"
#define RunValue "CallsNotifier"
#define Scheme "calls-notifier"
; TOAST_ACTIVATOR_CLSID of desktop_notifier/notify/windows.py (tests/packaging checks they agree).
#define ToastActivatorCLSID "6058A547-78F8-4C4B-9081-4D39AFA21873"

[Setup]
AppId={{8D0E1D38-6B0B-4E0B-9C55-3C7A4F1E2B61}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
; Per user: {autopf} (InstallRoot) is %LOCALAPPDATA%\Programs, {autoprograms} the user's Start menu.
PrivilegesRequired=lowest
DefaultDirName={#InstallRoot}\{#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
OutputDir={#OutputDir}
OutputBaseFilename=calls-notifier-{#AppVersion}-setup
#ifdef IconFile
SetupIconFile={#IconFile}
#endif
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; The Restart Manager closes a running copy before files are replaced or removed.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "ptbr"; MessagesFile: "compiler:Languages\BrazilianPortuguese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
ptbr.StartAtLogin=Iniciar o Calls Notifier com o Windows
en.StartAtLogin=Start Calls Notifier when I sign in
ptbr.LaunchNow=Abrir o Calls Notifier agora
en.LaunchNow=Open Calls Notifier now
ptbr.LinkName=Link de call do Calls Notifier
en.LinkName=Calls Notifier call link

[Tasks]
Name: "startatlogin"; Description: "{cm:StartAtLogin}"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; The shortcut claims the AppUserModelID and names the toast activator CLSID: Windows shows our
; toasts only for that AUMID, and keeps them in the Action Center only with the CLSID too.
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "{#AppUserModelID}"; AppUserModelToastActivatorCLSID: "{#ToastActivatorCLSID}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; calls-notifier://call/<id> links (and toast clicks, by protocol activation) start the app.
Root: HKCU; Subkey: "Software\Classes\calls-notifier"; ValueType: string; ValueName: ""; ValueData: "URL:{cm:LinkName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\calls-notifier"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\calls-notifier\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKCU; Subkey: "Software\Classes\calls-notifier\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; Start at login, the same value the app's own setting writes (desktop_notifier/system/autostart.py).
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#RunValue}"; ValueData: """{app}\{#AppExe}"""; Tasks: startatlogin
; Uninstall removes the Run value whoever wrote it (this installer or the app's settings).
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: none; ValueName: "{#RunValue}"; Flags: uninsdeletevalue dontcreatekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchNow}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
Filename: "{sys}\taskkill.exe"; Parameters: "/F /IM {#AppExe}"; Flags: runhidden; RunOnceId: "StopCallsNotifier"

; Settings, history and logs (%LOCALAPPDATA%\calls-notifier) and the Credential Manager entries
; stay after uninstall on purpose; installer/README.md says how to remove them.
