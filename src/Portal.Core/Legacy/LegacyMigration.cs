namespace Portal.Core.Legacy;

/// <summary>
/// A started move from a legacy username to an e-mail login, waiting for the person to confirm
/// the e-mail address through the link sent to it. Only the link token's hash is stored.
/// </summary>
public class LegacyMigration
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid LegacyAccountId { get; set; }

    public LegacyAccount? LegacyAccount { get; set; }

    /// <summary>Lower-case.</summary>
    public string Email { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>The new password, already hashed the portal's way; used only if no login exists for the e-mail yet.</summary>
    public string NewPasswordHash { get; set; } = "";

    public string TokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }
}
