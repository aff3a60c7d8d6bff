using Microsoft.AspNetCore.Identity;

namespace Portal.Core.Accounts;

/// <summary>One login per person; the login name is the professional e-mail address.</summary>
public class PortalUser : IdentityUser<Guid>
{
    public PortalUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public string DisplayName { get; set; } = "";

    /// <summary>IETF tag of the UI language the person chose (en, nl, fr, de); null follows the browser.</summary>
    public string? PreferredLanguage { get; set; }

    /// <summary>The zone people in the portal's offices live in, until a person chooses another.</summary>
    public const string DefaultTimeZone = "Europe/Brussels";

    /// <summary>IANA id of the time zone every date and time is shown in, on pages and in e-mails.</summary>
    public string TimeZone { get; set; } = DefaultTimeZone;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastLoginAt { get; set; }

    /// <summary>
    /// A second address for signing in with a one-time code when the authenticator is lost; used
    /// only once <see cref="BackupEmailVerifiedAt"/> is set (the person clicked the link sent to it).
    /// </summary>
    public string? BackupEmail { get; set; }

    public DateTimeOffset? BackupEmailVerifiedAt { get; set; }
}
