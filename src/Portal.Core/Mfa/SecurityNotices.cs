using Portal.Core.Mail;

namespace Portal.Core.Mfa;

public sealed record AuthenticatorAddedNotice(string Name) : SecurityNotice;

public sealed record AuthenticatorRenamedNotice(string OldName, string NewName) : SecurityNotice;

public sealed record AuthenticatorRemovedNotice(string Name, bool TwoFactorTurnedOff) : SecurityNotice;

public sealed record BackupCodesGeneratedNotice : SecurityNotice;

public sealed record TwoFactorTurnedOffNotice : SecurityNotice;

public sealed record BackupEmailChangedNotice(string NewAddress) : SecurityNotice;

public sealed record BackupEmailRemovedNotice(string OldAddress) : SecurityNotice;

/// <summary>To the address that stops being the backup e-mail, so its owner hears of a change they did not make.</summary>
public sealed record NoLongerBackupEmailNotice : SecurityNotice;

public sealed record PasskeyAddedNotice(string Name) : SecurityNotice;

public sealed record PasskeyRenamedNotice(string OldName, string NewName) : SecurityNotice;

public sealed record PasskeyRemovedNotice(string Name) : SecurityNotice;

/// <summary>A passkey answered with a signature counter that did not increase: it may have been copied (WebAuthn Level 3 §6.1.1).</summary>
public sealed record PasskeyCounterRegressedNotice : SecurityNotice;
