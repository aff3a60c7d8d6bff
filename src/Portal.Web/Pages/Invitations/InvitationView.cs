using Portal.Core.Accounts;
using Portal.Core.Invitations;

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

/// <summary>Which <see cref="InvitationView"/> applies: to the link as it stands, or after a refused acceptance.</summary>
public static class InvitationViews
{
    /// <summary><paramref name="isInvitee"/> says whether the signed-in <paramref name="user"/> is the invited address.</summary>
    public static InvitationView Decide(InvitationDetails? invitation, PortalUser? user, Func<InvitationDetails, PortalUser, bool> isInvitee) =>
        invitation switch
        {
            null => InvitationView.Invalid,
            { State: InvitationState.Expired } => InvitationView.Expired,
            { State: InvitationState.Accepted } => InvitationView.Used,
            { State: InvitationState.Revoked } => InvitationView.Revoked,
            _ when user is not null => isInvitee(invitation, user) ? InvitationView.Join : InvitationView.WrongEmail,
            { AccountExists: true } => InvitationView.LogIn,
            _ => InvitationView.Register,
        };

    public static InvitationView Of(AcceptStatus refused) => refused switch
    {
        AcceptStatus.Expired => InvitationView.Expired,
        AcceptStatus.AlreadyUsed => InvitationView.Used,
        AcceptStatus.Revoked => InvitationView.Revoked,
        AcceptStatus.WrongEmail => InvitationView.WrongEmail,
        AcceptStatus.AccountExists => InvitationView.LogIn,
        _ => InvitationView.Invalid,
    };

    /// <summary>The reason a visit of the link is recorded in the organisation's audit log; null when it is not a refusal.</summary>
    public static string? RefusalReason(InvitationView view) => view switch
    {
        InvitationView.Expired => InvitationAcceptance.RefusedExpired,
        InvitationView.Used => InvitationAcceptance.RefusedUsed,
        InvitationView.Revoked => InvitationAcceptance.RefusedRevoked,
        InvitationView.WrongEmail => InvitationAcceptance.RefusedWrongEmail,
        _ => null,
    };
}
