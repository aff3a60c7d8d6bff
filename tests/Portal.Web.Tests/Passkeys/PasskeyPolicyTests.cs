using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;
using static Portal.Web.Tests.Infrastructure.OfficeAdminSteps;

namespace Portal.Web.Tests.Passkeys;

/// <summary>
/// Passkeys in the two-factor rules: a passkey is a second factor (the password alone no longer
/// signs in), it meets an office's required 2FA, and an office can require passkeys, blocking
/// members with only an app after its grace period while their other offices stay open.
/// </summary>
public sealed class PasskeyPolicyTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string SettingsForm = "form[data-testid=settings-form]";

    [Fact]
    public async Task Someone_whose_only_factor_is_a_passkey_is_asked_for_it_after_the_password()
    {
        var user = await factory.Data.UserAsync();
        using var key = await factory.AddPasskeyAsync(user);
        var client = factory.CreatePortalClient();

        var step = await client.LoginToSecondStepAsync(user.Email!);

        Assert.NotNull(step.QuerySelector("[data-testid=passkey-step]"));
        Assert.NotNull(step.QuerySelector("form[data-testid=passkey-signin]"));
        Assert.Null(step.QuerySelector("input[name='Input.Code']"));
        Assert.False(await client.IsSignedInAsync());
    }

    [Fact]
    public async Task A_passkey_meets_an_office_that_requires_two_factor_authentication()
    {
        var (member, office) = await factory.Data.MemberOfNewOrganisationAsync();
        using var key = await factory.AddPasskeyAsync(member);
        await RequireAsync(office, passkeys: false);

        var policy = await factory.WithServicesAsync(services => services.GetRequiredService<UserWorkspaces>().MfaPolicyAsync(member.Id));

        Assert.False(policy.In(office.Id, factory.Clock.GetUtcNow()).Blocks);
        Assert.Equal([office.Name], policy.RefusingRemovalOfPasskey);
    }

    [Fact]
    public async Task An_office_requiring_passkeys_sends_an_app_only_member_to_add_one_and_their_other_office_stays_open()
    {
        var (member, strict) = await factory.Data.MemberOfNewOrganisationAsync();
        var other = await factory.Data.OrganisationAsync();
        await factory.Data.MemberAsync(member, other);
        var app = await factory.EnrolAsync(member);
        await RequireAsync(strict, passkeys: true);
        await RequireAsync(other, passkeys: false);
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(member.Email!, app.Secret);

        var blocked = await client.GetAsync($"/o/{strict.Slug}/e/main");
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        var required = await client.FollowAsync(blocked);
        Assert.Contains("passkey", required.QuerySelector("[data-testid=requiring-organisations]")!.TextContent);
        Assert.StartsWith("/account/security/passkeys/add?returnUrl=", required.QuerySelector("[data-testid=set-up-now]")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/o/{other.Slug}/e/main")).StatusCode);

        // Added outside this browser, so its session ended with the change: it signs in again.
        using var key = await factory.AddPasskeyAsync(member);
        await client.LoginWithCodeAsync(member.Email!, app.Secret);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/o/{strict.Slug}/e/main")).StatusCode);
    }

    [Fact]
    public async Task The_last_passkey_stays_while_an_office_requires_passkeys_and_the_app_may_go()
    {
        var (member, office) = await factory.Data.MemberOfNewOrganisationAsync();
        await factory.EnrolAsync(member);
        using var key = await factory.AddPasskeyAsync(member);
        await RequireAsync(office, passkeys: true);

        var (refused, appRemoved) = await factory.WithRequestAsync(async services =>
        {
            var user = (await services.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(member.Id.ToString()))!;
            var proof = (await services.GetRequiredService<Reauthentication>().WithPasswordAsync(user, TestData.Password))!;
            var passkey = await services.GetRequiredService<Portal.Core.Mfa.PasskeyService>().RemoveAsync(user, proof, key.Id, keepSession: null);
            var appId = (await services.GetRequiredService<Portal.Core.Mfa.AuthenticatorService>().ListAsync(user.Id))[0].Id;
            var app = await services.GetRequiredService<Portal.Core.Mfa.AuthenticatorService>().RemoveAsync(user, proof, appId, keepSession: null);
            return (passkey!, app!);
        });

        Assert.False(refused.Removed);
        Assert.Equal([office.Name], refused.RequiredBy);
        Assert.True(appRemoved.Removed);
        Assert.False(appRemoved.TwoFactorTurnedOff);
        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.UserPasskeys.CountAsync(p => p.UserId == member.Id));
            Assert.False(await db.Authenticators.AnyAsync(a => a.UserId == member.Id));
            // The backup codes stay with the passkey: they still recover the account.
            Assert.True(await db.BackupCodes.AnyAsync(c => c.UserId == member.Id));
        });
    }

    [Fact]
    public async Task Requiring_passkeys_restarts_the_grace_period_emails_members_without_one_and_is_audited()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var adminApp = await factory.EnrolAsync(admin);
        var appOnly = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(appOnly, office);
        await factory.EnrolAsync(appOnly);
        var withPasskey = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(withPasskey, office);
        using var key = await factory.AddPasskeyAsync(withPasskey);
        await RequireAsync(office, passkeys: false);
        factory.Clock.Advance(TimeSpan.FromDays(3));
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(admin.Email!, adminApp.Secret);

        var page = await client.GetPageAsync($"/o/{office.Slug}/admin/settings");
        await client.FollowAsync(await client.SubmitAsync(page, SettingsForm, new Dictionary<string, string>
        {
            ["Input.RequireMfa"] = "true",
            ["Input.RequirePasskeys"] = "true",
            ["Input.MfaGraceDays"] = "7",
        }));

        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Organisations.SingleAsync(o => o.Id == office.Id);
            Assert.True(stored.RequirePasskeys);
            // The grace period starts again now, not 3 days ago when 2FA was first required.
            Assert.True(stored.MfaRequiredSince > factory.Clock.GetUtcNow().AddMinutes(-1));
        });
        await factory.Mailbox.WaitForAsync(appOnly.Email!, "requires a passkey");
        Assert.DoesNotContain(factory.Mailbox.To(withPasskey.Email!), m => m.Subject.Contains("requires a passkey", StringComparison.Ordinal));
        var switchedOn = await factory.AuditEventsAsync(office.Id, AuditEventTypes.MfaRequirementSwitchedOn);
        Assert.Contains(switchedOn, e => System.Text.Json.JsonDocument.Parse(e.Details!).RootElement.GetProperty("passkeys").GetBoolean());

        var members = await client.GetPageAsync(UsersPage(office));
        var shown = members.QuerySelectorAll("[data-testid=two-factor]").Select(c => c.TextContent.Trim()).ToList();
        Assert.Contains("App", shown);
        Assert.Contains("Passkey", shown);
    }

    private Task RequireAsync(Organisation office, bool passkeys) =>
        factory.WithDbAsync(async db =>
        {
            var stored = await db.Organisations.SingleAsync(o => o.Id == office.Id);
            stored.RequireMfa = true;
            stored.RequirePasskeys = passkeys;
            stored.MfaGraceDays = 0;
            stored.MfaRequiredSince = factory.Clock.GetUtcNow();
            await db.SaveChangesAsync();
        });
}
