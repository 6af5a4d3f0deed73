; Inno Setup 6 script: the labapp setup executable, made from the PyInstaller one-folder bundle.
;
; The version is not written here: the build passes it from labapp/_version.py (installer/windows/build.ps1
; does all of this; see docs/installing.md):
;   iscc /DAppVersion=0.1.0 /DAppNumericVersion=0.1.0.0 /DBundleDir=<dist\labapp> /DOutputDir=<dist> labapp.iss
; Relative paths below are relative to this file.

#ifndef AppVersion
  #error Pass the version from labapp/_version.py: iscc /DAppVersion=... (installer\windows\build.ps1 does)
#endif
#ifndef AppNumericVersion
  #define AppNumericVersion AppVersion
#endif
#ifndef BundleDir
  #define BundleDir "..\..\build\installer\dist\labapp"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; AppId identifies labapp for upgrades and uninstall: never change it between versions.
AppId={{174A9BC8-1EED-403C-A1AB-0DEEBF0BC3CD}
AppName=labapp
AppVersion={#AppVersion}
AppVerName=labapp {#AppVersion}
AppPublisher=labapp contributors
AppComments=Black mass assay laboratory application: ICP-OES/XRF import, GUM uncertainty, QC, grading, signed certificates
DefaultDirName={autopf}\labapp
DefaultGroupName=labapp
DisableProgramGroupPage=yes
; Per-machine install by default; a user without admin rights may choose a per-user install instead.
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=labapp-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\labapp.ico
UninstallDisplayIcon={app}\labapp.exe
UninstallDisplayName=labapp {#AppVersion}
LicenseFile=..\..\LICENSE
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductName=labapp
VersionInfoProductVersion={#AppNumericVersion}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoDescription=labapp {#AppVersion} setup
VersionInfoCompany=labapp contributors
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle: labapp.exe (windowed), labapp-cli.exe (console) and _internal\.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\labapp"; Filename: "{app}\labapp.exe"; Comment: "Black mass assay laboratory application"
; The console exe in a window that stays open, so the PASS/FAIL lines can be read.
Name: "{group}\labapp self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\labapp-cli.exe"" --self-test"; WorkingDir: "{app}"; IconFilename: "{app}\labapp.exe"
Name: "{group}\{cm:UninstallProgram,labapp}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\labapp"; Filename: "{app}\labapp.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\labapp.exe"; Description: "{cm:LaunchProgram,labapp}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself may leave in its own folder (Python caches); user data stays in the
; user's data directory and is never removed by the uninstaller.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
