using Portal.Core.Invitations;

namespace Portal.Core.Tests.Invitations;

public sealed class InvitationStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Open_before_the_expiry_and_expired_from_it_on()
    {
        var invitation = new Invitation { ExpiresAt = Now.AddDays(7) };

        Assert.Equal(InvitationState.Pending, invitation.StateAt(Now.AddDays(7).AddTicks(-1)));
        Assert.Equal(InvitationState.Expired, invitation.StateAt(Now.AddDays(7)));
    }

    [Fact]
    public void Accepted_and_revoked_win_over_expiry()
    {
        Assert.Equal(InvitationState.Accepted, new Invitation { ExpiresAt = Now.AddDays(-1), AcceptedAt = Now.AddDays(-2) }.StateAt(Now));
        Assert.Equal(InvitationState.Revoked, new Invitation { ExpiresAt = Now.AddDays(-1), RevokedAt = Now.AddDays(-2) }.StateAt(Now));
    }
}
