using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Accounts;
using Portal.Core.Legacy;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

public sealed class LegacyImportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly string V3Hash = new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), "old-one");
    private static readonly string V2Hash = new PasswordHasher<PortalUser>(Options.Create(
        new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 })).HashPassword(new PortalUser(), "old-two");

    [Fact]
    public async Task A_good_file_imports_v2_and_v3_hashes_and_a_second_import_changes_nothing()
    {
        var office = await factory.Data.OrganisationAsync(null, "exact", "yuki");
        var csv = $"""
            username,password_hash,organisation_slug,environment_slug,role
            Jan.Exact,{V3Hash},{office.Slug},exact,Admin
            marie.yuki,{V2Hash},{office.Slug},yuki,member
            """;

        var first = await ImportAsync(csv);
        var second = await ImportAsync(csv);

        Assert.Equal((2, 0), (first.Imported, first.Unchanged));
        Assert.Equal((0, 2), (second.Imported, second.Unchanged));
        await factory.WithDbAsync(async db =>
        {
            var jan = await db.LegacyAccounts.SingleAsync(a => a.Username == "jan.exact");
            Assert.Equal(Portal.Core.Organisations.OrganisationRole.Admin, jan.Role);
            Assert.Equal(LegacyAccountStatus.Pending, jan.Status);
        });
    }

    [Fact]
    public async Task A_bad_row_is_reported_with_its_line_and_nothing_is_imported()
    {
        var office = await factory.Data.OrganisationAsync(null, "exact");
        var csv = $"""
            username,password_hash,organisation_slug,environment_slug,role
            good.one,{V3Hash},{office.Slug},exact,Member
            bad.hash,not-a-hash,{office.Slug},exact,Member
            bad.role,{V3Hash},{office.Slug},exact,Owner
            unknown.office,{V3Hash},no-such-office,exact,Member
            unknown.env,{V3Hash},{office.Slug},octopus,Member
            """;

        var result = await ImportAsync(csv);

        Assert.False(result.Succeeded);
        Assert.Collection(result.Errors,
            e => Assert.StartsWith("line 3: the password hash", e),
            e => Assert.StartsWith("line 4: the role", e),
            e => Assert.StartsWith("line 5: there is no organisation 'no-such-office'", e),
            e => Assert.StartsWith("line 6: organisation", e));
        await factory.WithDbAsync(async db => Assert.False(await db.LegacyAccounts.AnyAsync(a => a.Username == "good.one")));
    }

    private Task<LegacyImportResult> ImportAsync(string csv) =>
        factory.WithServicesAsync(services => services.GetRequiredService<LegacyImport>().ImportAsync(new StringReader(csv)));
}
