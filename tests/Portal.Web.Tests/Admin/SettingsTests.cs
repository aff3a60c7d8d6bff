using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;
using static Portal.Web.Tests.Infrastructure.OfficeAdminSteps;

namespace Portal.Web.Tests.Admin;

public sealed class SettingsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Form = "form[data-testid=settings-form]";

    [Fact]
    public async Task Admin_changes_name_registry_number_and_invitation_expiry_and_the_change_is_audited()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);
        var page = await client.GetPageAsync(SettingsPage(office));
        Assert.Equal("7", page.QuerySelector("input[name='Input.InvitationExpiryDays']")!.GetAttribute("value"));

        var saved = await client.FollowAsync(await client.SubmitAsync(page, Form, new Dictionary<string, string>
        {
            ["Input.Name"] = "Renamed Accountancy",
            ["Input.RegistryNumber"] = "BE0403.170.701",
            ["Input.InvitationExpiryDays"] = "14",
        }));

        Assert.Contains("The settings were saved.", saved.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("Renamed Accountancy", saved.QuerySelector("input[name='Input.Name']")!.GetAttribute("value"));
        Assert.Equal("Renamed Accountancy", saved.QuerySelector("[data-testid=current-context]")!.TextContent);
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Organisations.SingleAsync(o => o.Id == office.Id);
            Assert.Equal(("Renamed Accountancy", "BE0403.170.701", 14), (stored.Name, stored.RegistryNumber, stored.InvitationExpiryDays));
        });
        var changed = Assert.Single(await factory.AuditEventsAsync(office.Id, AuditEventTypes.OrganisationSettingsChanged));
        Assert.Equal(admin.Id, changed.ActorUserId);
        Assert.Contains("Renamed Accountancy", changed.Details, StringComparison.Ordinal);

        // Saving again without a change records nothing.
        var unchanged = await client.FollowAsync(await client.SubmitAsync(saved, Form));
        Assert.Contains("Nothing changed.", unchanged.QuerySelector("[role=status]")!.TextContent);
        Assert.Single(await factory.AuditEventsAsync(office.Id, AuditEventTypes.OrganisationSettingsChanged));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("31")]
    [InlineData("ten")]
    public async Task Invitation_expiry_outside_1_to_30_days_is_refused(string days)
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        var response = await client.SubmitAsync(await client.GetPageAsync(SettingsPage(office)), Form,
            new Dictionary<string, string> { ["Input.Name"] = "Still Valid", ["Input.InvitationExpiryDays"] = days });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(PortalClient.Errors(await PortalClient.ParseAsync(response)));
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == office.Id);
            Assert.Equal((office.Name, 7), (stored.Name, stored.InvitationExpiryDays));
        });
    }

    [Fact]
    public async Task Admin_sets_the_audit_log_retention_from_the_default_of_seven_years_and_the_change_is_audited()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);
        var page = await client.GetPageAsync(SettingsPage(office));
        Assert.Equal("7", page.QuerySelector("input[name='Input.AuditRetentionYears']")!.GetAttribute("value"));

        var saved = await client.FollowAsync(await client.SubmitAsync(page, Form, new Dictionary<string, string> { ["Input.AuditRetentionYears"] = "3" }));

        Assert.Equal("3", saved.QuerySelector("input[name='Input.AuditRetentionYears']")!.GetAttribute("value"));
        await factory.WithDbAsync(async db =>
            Assert.Equal(3, (await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == office.Id)).AuditRetentionYears));
        var changed = Assert.Single(await factory.AuditEventsAsync(office.Id, AuditEventTypes.OrganisationSettingsChanged));
        Assert.Contains("auditRetentionYears", changed.Details, StringComparison.Ordinal);
        var log = await client.GetPageAsync($"/o/{office.Slug}/admin/audit");
        Assert.Contains("Audit log kept for 3 years instead of 7", log.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("11")]
    [InlineData("forever")]
    public async Task Audit_log_retention_outside_1_to_10_years_is_refused(string years)
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        var response = await client.SubmitAsync(await client.GetPageAsync(SettingsPage(office)), Form,
            new Dictionary<string, string> { ["Input.AuditRetentionYears"] = years });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(PortalClient.Errors(await PortalClient.ParseAsync(response)));
        await factory.WithDbAsync(async db =>
            Assert.Equal(Organisation.DefaultAuditRetentionYears, (await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == office.Id)).AuditRetentionYears));
    }

    [Fact]
    public async Task New_invitations_expire_after_the_configured_number_of_days()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);
        await client.SubmitAsync(await client.GetPageAsync(SettingsPage(office)), Form,
            new Dictionary<string, string> { ["Input.InvitationExpiryDays"] = "2" });
        var invited = TestData.NewEmail("short");
        await client.InviteAsync(office, invited);
        var link = await factory.InvitationLinkAsync(invited);
        await factory.WithDbAsync(async db => Assert.Equal(
            factory.Clock.GetUtcNow().AddDays(2),
            await db.Invitations.Where(i => i.Email == invited).Select(i => i.ExpiresAt).SingleAsync(),
            TimeSpan.FromMilliseconds(1)));

        var later = TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1);
        factory.Clock.Advance(later);

        var page = await factory.CreatePortalClient().GetPageAsync(link);
        Assert.Contains("has expired", page.QuerySelector("[data-testid=link-dead]")!.TextContent);
    }

    private static string SettingsPage(Organisation office) => $"/o/{office.Slug}/admin/settings";
}
