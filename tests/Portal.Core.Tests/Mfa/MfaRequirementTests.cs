using Portal.Core.Mfa;
using Portal.Core.Organisations;

namespace Portal.Core.Tests.Mfa;

public sealed class MfaRequirementTests
{
    private static readonly DateTimeOffset SwitchedOn = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_organisation_that_does_not_require_2fa_has_no_requirement()
    {
        Assert.Null(MfaRequirement.Of(false, SwitchedOn, 7));
        Assert.Null(MfaRequirement.Of(true, null, 7));
    }

    [Fact]
    public void The_deadline_is_the_moment_it_was_switched_on_plus_the_grace_days()
    {
        var requirement = MfaRequirement.Of(true, SwitchedOn, 7)!;

        Assert.Equal(SwitchedOn.AddDays(7), requirement.Deadline);
        Assert.False(requirement.BlocksWithoutAuthenticator(SwitchedOn.AddDays(7).AddTicks(-1)));
        Assert.True(requirement.BlocksWithoutAuthenticator(SwitchedOn.AddDays(7)));
    }

    [Fact]
    public void A_grace_period_of_0_days_blocks_from_the_next_request()
    {
        var requirement = new MfaRequirement(SwitchedOn, 0);

        Assert.True(requirement.BlocksWithoutAuthenticator(SwitchedOn));
    }

    [Theory]
    [InlineData(0, 7)]
    [InlineData(24 * 6 + 21, 1)]
    [InlineData(24 * 6, 1)]
    [InlineData(24 * 7, 0)]
    public void Days_left_are_rounded_up(int hoursLater, int daysLeft) =>
        Assert.Equal(daysLeft, new MfaRequirement(SwitchedOn, 7).DaysLeft(SwitchedOn.AddHours(hoursLater)));

    [Fact]
    public void Only_a_member_without_an_authenticator_must_enrol_and_only_after_the_deadline()
    {
        var requirement = new MfaRequirement(SwitchedOn, 7);
        var later = SwitchedOn.AddDays(8);
        OrganisationWorkspace Workspace(MfaRequirement? mfa, bool hasAuthenticator) =>
            new(Guid.NewGuid(), "office", "Office", OrganisationRole.Member, [], mfa, hasAuthenticator);

        Assert.True(Workspace(requirement, hasAuthenticator: false).MustEnrol(later));
        Assert.False(Workspace(requirement, hasAuthenticator: true).MustEnrol(later));
        Assert.False(Workspace(null, hasAuthenticator: false).MustEnrol(later));
        Assert.False(Workspace(requirement, hasAuthenticator: false).MustEnrol(SwitchedOn.AddDays(1)));
        Assert.True(Workspace(requirement, hasAuthenticator: false).InMfaGracePeriod(SwitchedOn.AddDays(1)));
        Assert.False(Workspace(requirement, hasAuthenticator: true).InMfaGracePeriod(SwitchedOn.AddDays(1)));
    }
}
