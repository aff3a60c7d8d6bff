using Portal.Core.Data;
using Portal.Core.Organisations;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// One admin in one office with one environment, written straight to a database that a real portal
/// process (not the test factory) serves: the restart and failover tests sign in as this person.
/// </summary>
public static class OfficeSeed
{
    public static async Task<(string Email, string Slug)> AdminAsync(PortalDbContext db, string slug, string officeName, string displayName)
    {
        var email = TestData.NewEmail(slug);
        var user = TestData.UserRow(email, displayName, DateTimeOffset.UtcNow, TestData.Password);
        var organisation = new Organisation { Slug = slug, Name = officeName, CreatedAt = DateTimeOffset.UtcNow };
        organisation.Environments.Add(new OrganisationEnvironment { Slug = "main", Name = "Main", Software = "Octopus" });
        db.Users.Add(user);
        db.Organisations.Add(organisation);
        db.Memberships.Add(new Membership { User = user, Organisation = organisation, Role = OrganisationRole.Admin, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return (email, organisation.Slug);
    }
}
