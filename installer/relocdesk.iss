; Inno Setup 6 script for the Windows installer, kept as code.
; Build steps (docs/install.md): build the program folder with PyInstaller on Windows, then
;   ISCC.exe /DAppVersion=0.1.0 installer\relocdesk.iss
; The setup goes to dist\RelocDesk-setup-<version>.exe.
;
; The program goes under Program Files (or the user's own programs folder without admin
; rights). The community's data is NOT in the program folder: the app keeps it in
; %LOCALAPPDATA%\RelocDesk\RelocDesk (community.db, backups\, logs\), which this installer
; never creates or deletes, so uninstalling or upgrading keeps every household's file.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1C9B3A-2D4E-4C8B-9A17-5E2F0D3B7A61}
AppName=RelocDesk 安置社区工作台
AppVersion={#AppVersion}
AppPublisher=RelocDesk
DefaultDirName={autopf}\RelocDesk
DefaultGroupName=RelocDesk
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
; Qt 6 runs on Windows 10 1809 (build 17763) or later, and the bundled Python on nothing older
; than 8.1: on an office's Windows 7 PC the setup would install a program that cannot start
; (a missing api-ms-win-core DLL). Older Windows gets Inno Setup's own plain refusal instead.
MinVersion=10.0.17763
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=RelocDesk-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\RelocDesk.exe
; Closes a running RelocDesk before files are replaced (it keeps a lock beside the database).
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole PyInstaller folder: RelocDesk.exe, relocdesk-cli.exe and _internal\.
Source: "..\dist\RelocDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\RelocDesk 安置社区工作台"; Filename: "{app}\RelocDesk.exe"
Name: "{group}\{cm:UninstallProgram,RelocDesk}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\RelocDesk 安置社区工作台"; Filename: "{app}\RelocDesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\RelocDesk.exe"; Description: "{cm:LaunchProgram,RelocDesk}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] entry for the data folder, on purpose: it is outside {app} and stays.
