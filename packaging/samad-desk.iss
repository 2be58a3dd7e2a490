; Inno Setup script: a Start-menu installer for the Windows bundle built by packaging/samad-desk.spec.
; On the Windows build PC, from the repository root:
;   1. py -3.11 -m venv .venv && .venv\Scripts\pip install -e .[bundle]
;   2. .venv\Scripts\pyinstaller --noconfirm packaging\samad-desk.spec      (makes dist\samad-desk\)
;   3. dist\samad-desk\samad.exe smoke-test %TEMP%\samad-smoke              (must exit 0)
;   4. "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\samad-desk.iss (makes dist\samad-desk-setup-0.1.0.exe)
; The installer is per user (no administrator rights needed); the database, logs and backups stay in
; %LOCALAPPDATA%\samad-desk and survive an uninstall or an upgrade.

#define AppName "میز سامد"
#define AppVersion "0.1.0"
#define AppExe "samad-desk.exe"

[Setup]
AppId={{6F0C7E55-2B7C-4B0E-9C2D-5A9D3D111111}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Samad Desk
DefaultDirName={localappdata}\Programs\samad-desk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir=..\dist
OutputBaseFilename=samad-desk-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\samad-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\پوشهٔ گزارش‌های برنامه (لاگ)"; Filename: "{localappdata}\samad-desk\logs"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
