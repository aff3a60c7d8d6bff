using Portal.Core.Mfa;
using Portal.Core.Organisations;

namespace Portal.Core.Tests.Mfa;

/// <summary>
/// Every two-factor requirement rule, over the facts UserWorkspaces loads: the organisation's
/// reading of its settings, the deadline and countdown, the block, and which changes the person may make.
/// </summary>
public sealed class MfaPolicyTests
{
    private static readonly DateTimeOffset SwitchedOn = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly PersonFactors OneApp = new(AuthenticatorApps: 1);
    private static readonly PersonFactors TwoApps = new(AuthenticatorApps: 2);
    private static readonly PersonFactors OnePasskey = new(AuthenticatorApps: 0, Passkeys: 1);
    private static readonly PersonFactors AppAndPasskey = new(AuthenticatorApps: 1, Passkeys: 1);

    [Fact]
    public void An_organisation_that_does_not_require_2fa_has_no_requirement()
    {
        Assert.Null(MfaRequirement.Of(false, SwitchedOn, 7));
        Assert.Null(MfaRequirement.Of(true, null, 7));
        Assert.Equal(new MfaRequirement(SwitchedOn, 7, MfaLevel.AnyMfa), MfaRequirement.Of(true, SwitchedOn, 7));
    }

    [Fact]
    public void The_deadline_is_the_moment_it_was_switched_on_plus_the_grace_days()
    {
        var requirement = MfaRequirement.Of(true, SwitchedOn, 7)!;

        Assert.Equal(SwitchedOn.AddDays(7), requirement.Deadline);
        Assert.False(requirement.IsPastDeadline(SwitchedOn.AddDays(7).AddTicks(-1)));
        Assert.True(requirement.IsPastDeadline(SwitchedOn.AddDays(7)));
    }

    [Fact]
    public void A_grace_period_of_0_days_blocks_from_the_next_request()
    {
        var office = Office(new MfaRequirement(SwitchedOn, 0));

        Assert.True(Policy(PersonFactors.None, office).In(office.Id, SwitchedOn).Blocks);
    }

    [Theory]
    [InlineData(0, 7)]
    [InlineData(24 * 6 + 21, 1)]
    [InlineData(24 * 6, 1)]
    [InlineData(24 * 7, 0)]
    public void Days_left_are_rounded_up(int hoursLater, int daysLeft) =>
        Assert.Equal(daysLeft, new MfaRequirement(SwitchedOn, 7).DaysLeft(SwitchedOn.AddHours(hoursLater)));

    [Fact]
    public void Only_a_member_without_a_factor_is_blocked_and_only_after_the_deadline()
    {
        var office = Office(new MfaRequirement(SwitchedOn, 7));
        var later = SwitchedOn.AddDays(8);

        Assert.Equal(MfaStanding.Blocking, Policy(PersonFactors.None, office).In(office.Id, later).Standing);
        Assert.Equal(MfaStanding.Met, Policy(OneApp, office).In(office.Id, later).Standing);
        Assert.Equal(MfaStanding.InGrace, Policy(PersonFactors.None, office).In(office.Id, SwitchedOn.AddDays(1)).Standing);
        Assert.Equal(MfaStanding.Met, Policy(OneApp, office).In(office.Id, SwitchedOn.AddDays(1)).Standing);
        var free = Office(null);
        Assert.Equal(MfaStanding.NotRequired, Policy(PersonFactors.None, free).In(free.Id, later).Standing);
        var levelNone = Office(new MfaRequirement(SwitchedOn, 0, MfaLevel.None));
        Assert.Equal(MfaStanding.NotRequired, Policy(PersonFactors.None, levelNone).In(levelNone.Id, later).Standing);
    }

    [Fact]
    public void The_grace_period_ends_at_the_deadline_and_only_runs_for_someone_without_a_factor()
    {
        var office = Office(new MfaRequirement(SwitchedOn, 7));

        Assert.Equal(SwitchedOn.AddDays(7), Policy(PersonFactors.None, office).In(office.Id, SwitchedOn.AddDays(1)).GraceUntil);
        Assert.Null(Policy(OneApp, office).In(office.Id, SwitchedOn.AddDays(1)).GraceUntil);
        Assert.Null(Policy(PersonFactors.None, office).In(office.Id, SwitchedOn.AddDays(7)).GraceUntil);
    }

    [Fact]
    public void An_organisation_the_person_is_not_a_member_of_asks_nothing()
    {
        var office = Office(new MfaRequirement(SwitchedOn, 0));

        Assert.Equal(MfaStatus.NotRequired, Policy(PersonFactors.None, office).In(Guid.NewGuid(), SwitchedOn.AddDays(1)));
    }

    [Fact]
    public void Blocked_everywhere_only_when_every_organisation_blocks()
    {
        var blocking = Office(new MfaRequirement(SwitchedOn, 0), "Blocking");
        var inGrace = Office(new MfaRequirement(SwitchedOn, 30), "In grace");
        var free = Office(null, "Free");
        var now = SwitchedOn.AddDays(1);

        Assert.True(Policy(PersonFactors.None, blocking).BlocksEverywhere(now));
        Assert.False(Policy(PersonFactors.None, blocking, inGrace).BlocksEverywhere(now));
        Assert.False(Policy(PersonFactors.None, blocking, free).BlocksEverywhere(now));
        Assert.False(Policy(OneApp, blocking).BlocksEverywhere(now));
        Assert.False(Policy(PersonFactors.None).BlocksEverywhere(now));
        Assert.Equal(["Blocking"], Policy(PersonFactors.None, blocking, inGrace, free).BlockingAt(now).Select(o => o.Name));
    }

    [Fact]
    public void The_last_authenticator_app_cannot_be_removed_while_an_organisation_requires_2fa_grace_period_or_not()
    {
        var inGrace = Office(new MfaRequirement(SwitchedOn, 30), "In grace");
        var pastDeadline = Office(new MfaRequirement(SwitchedOn, 0), "Past deadline");
        var free = Office(null, "Free");

        Assert.Equal(["In grace", "Past deadline"], Policy(OneApp, inGrace, pastDeadline, free).RefusingRemovalOfAuthenticatorApp);
        Assert.Empty(Policy(TwoApps, inGrace, pastDeadline).RefusingRemovalOfAuthenticatorApp);
        Assert.Empty(Policy(OneApp, free).RefusingRemovalOfAuthenticatorApp);
        Assert.Empty(Policy(OneApp).RefusingRemovalOfAuthenticatorApp);
    }

    [Fact]
    public void Two_factor_cannot_be_turned_off_while_an_organisation_requires_it()
    {
        var required = Office(new MfaRequirement(SwitchedOn, 30), "Required");
        var free = Office(null, "Free");

        Assert.Equal(["Required"], Policy(TwoApps, required, free).RefusingTurnOff);
        Assert.Equal(["Required"], Policy(OneApp, required).RefusingTurnOff);
        Assert.Empty(Policy(OneApp, free).RefusingTurnOff);
        Assert.True(Policy(OneApp, required).IsRequired);
        Assert.False(Policy(OneApp, free).IsRequired);
    }

    [Fact]
    public void Factors_meet_a_level_and_lose_one_app_at_a_time()
    {
        Assert.True(PersonFactors.None.Meet(MfaLevel.None));
        Assert.False(PersonFactors.None.Meet(MfaLevel.AnyMfa));
        Assert.True(OneApp.Meet(MfaLevel.AnyMfa));
        Assert.Equal(OneApp, TwoApps.WithoutOneAuthenticatorApp());
        Assert.Equal(PersonFactors.None, PersonFactors.None.WithoutOneAuthenticatorApp());
    }

    [Fact]
    public void Require_passkeys_is_read_from_the_settings_as_the_phishing_resistant_level()
    {
        Assert.Equal(MfaLevel.PhishingResistant, MfaRequirement.Of(true, SwitchedOn, 7, requirePasskeys: true)!.Level);
        Assert.Equal(MfaLevel.AnyMfa, MfaRequirement.Of(true, SwitchedOn, 7, requirePasskeys: false)!.Level);
        Assert.Null(MfaRequirement.Of(false, SwitchedOn, 7, requirePasskeys: true));
    }

    [Fact]
    public void A_passkey_is_a_second_factor_and_only_a_passkey_is_phishing_resistant()
    {
        Assert.True(OnePasskey.Any);
        Assert.True(OnePasskey.Meet(MfaLevel.AnyMfa));
        Assert.True(OnePasskey.Meet(MfaLevel.PhishingResistant));
        Assert.False(TwoApps.Meet(MfaLevel.PhishingResistant));
        Assert.False(PersonFactors.None.Meet(MfaLevel.PhishingResistant));
        Assert.Equal(PersonFactors.None, OnePasskey.WithoutOnePasskey());
    }

    [Fact]
    public void An_office_requiring_passkeys_blocks_an_app_only_member_after_its_grace_period_and_no_other_office()
    {
        var passkeys = Office(new MfaRequirement(SwitchedOn, 7, MfaLevel.PhishingResistant), "Passkeys");
        var anyMfa = Office(new MfaRequirement(SwitchedOn, 0), "Any");
        var inGrace = SwitchedOn.AddDays(1);
        var later = SwitchedOn.AddDays(8);

        Assert.Equal(MfaStanding.InGrace, Policy(TwoApps, passkeys, anyMfa).In(passkeys.Id, inGrace).Standing);
        Assert.Equal(MfaStanding.Blocking, Policy(TwoApps, passkeys, anyMfa).In(passkeys.Id, later).Standing);
        Assert.Equal(MfaStanding.Met, Policy(TwoApps, passkeys, anyMfa).In(anyMfa.Id, later).Standing);
        Assert.Equal(MfaStanding.Met, Policy(OnePasskey, passkeys, anyMfa).In(passkeys.Id, later).Standing);
        Assert.True(Policy(TwoApps, passkeys, anyMfa).BlockingAskForPasskey(later));
        Assert.False(Policy(TwoApps, passkeys, anyMfa).BlockingAskForPasskey(inGrace));
        Assert.False(Policy(PersonFactors.None, anyMfa).BlockingAskForPasskey(later));
    }

    [Fact]
    public void The_last_passkey_cannot_be_removed_where_it_is_what_meets_the_requirement()
    {
        var passkeys = Office(new MfaRequirement(SwitchedOn, 30, MfaLevel.PhishingResistant), "Passkeys");
        var anyMfa = Office(new MfaRequirement(SwitchedOn, 30), "Any");

        Assert.Equal(["Passkeys"], Policy(AppAndPasskey, passkeys, anyMfa).RefusingRemovalOfPasskey);
        Assert.Equal(["Any"], Policy(OnePasskey, anyMfa).RefusingRemovalOfPasskey);
        Assert.Empty(Policy(AppAndPasskey, anyMfa).RefusingRemovalOfPasskey);
        Assert.Empty(Policy(new PersonFactors(0, 2), passkeys).RefusingRemovalOfPasskey);
        // The app may go where a passkey is what the office asks for, or where a passkey remains.
        Assert.Empty(Policy(AppAndPasskey, passkeys, anyMfa).RefusingRemovalOfAuthenticatorApp);
        Assert.Equal(["Passkeys", "Any"], Policy(AppAndPasskey, passkeys, anyMfa).RefusingTurnOff);
    }

    private static OrganisationWorkspace Office(MfaRequirement? mfa, string name = "Office") =>
        new(Guid.NewGuid(), name.ToLowerInvariant().Replace(' ', '-'), name, OrganisationRole.Member, [], mfa);

    private static MfaPolicy Policy(PersonFactors factors, params OrganisationWorkspace[] organisations) => new(factors, organisations);
}
