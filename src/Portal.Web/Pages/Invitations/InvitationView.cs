namespace Portal.Web.Pages.Invitations;

/// <summary>What the visitor of an invitation link can do.</summary>
public enum InvitationView
{
    /// <summary>The link matches no invitation (mistyped, or replaced by a newer link).</summary>
    Invalid,
    Expired,
    Used,
    Revoked,

    /// <summary>Signed in as someone other than the invited address.</summary>
    WrongEmail,

    /// <summary>No account for the address yet: name and password.</summary>
    Register,

    /// <summary>The address has an account: log in first.</summary>
    LogIn,

    /// <summary>Signed in as the invited address: one click to join.</summary>
    Join,
}
