using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;
using static Portal.Web.Tests.Infrastructure.OfficeAdminSteps;

namespace Portal.Web.Tests.Admin;

/// <summary>
/// The members table as an office admin reads it: sorted by any column either way (and kept sorted
/// across pages, searches and the redirect after an action), the position as "1–50 of N", 2FA as
/// badges, the row's actions as buttons with a confirmation, the invite form behind its button.
/// </summary>
public sealed class MembersPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Each_column_sorts_both_ways_and_the_order_survives_paging_searching_and_actions()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var now = factory.Clock.GetUtcNow();
        // Names chosen so that no column's order is the name order.
        var people = new[]
        {
            Person("Anke Smit", OrganisationRole.Member, app: true, passkey: true, lastLogin: now.AddDays(-1)),
            Person("Bram Peeters", OrganisationRole.Admin, app: false, passkey: false, lastLogin: null),
            Person("Chloé Dubois", OrganisationRole.Member, app: false, passkey: true, lastLogin: now.AddDays(-30)),
            Person("Dirk Jansen", OrganisationRole.Member, app: true, passkey: false, lastLogin: now.AddDays(-7)),
        };
        await SeedAsync(office, people);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);
        Assert.Equal("Test Person", admin.DisplayName);

        Assert.Equal(["Anke Smit", "Bram Peeters", "Chloé Dubois", "Dirk Jansen", "Test Person"], await NamesAsync(client, UsersPage(office)));
        Assert.Equal(["Test Person", "Dirk Jansen", "Chloé Dubois", "Bram Peeters", "Anke Smit"], await NamesAsync(client, UsersPage(office) + "?sort=name&dir=desc"));

        // Administrators first (the signed-in admin is one), each group by name.
        Assert.Equal(["Bram Peeters", "Test Person", "Anke Smit", "Chloé Dubois", "Dirk Jansen"], await NamesAsync(client, UsersPage(office) + "?sort=role"));
        Assert.Equal(["Anke Smit", "Chloé Dubois", "Dirk Jansen", "Bram Peeters", "Test Person"], await NamesAsync(client, UsersPage(office) + "?sort=role&dir=desc"));

        // Weakest second factor first: none, an app, a passkey, both.
        Assert.Equal(["Bram Peeters", "Test Person", "Dirk Jansen", "Chloé Dubois", "Anke Smit"], await NamesAsync(client, UsersPage(office) + "?sort=twofactor"));
        Assert.Equal(["Anke Smit", "Chloé Dubois", "Dirk Jansen", "Bram Peeters", "Test Person"], await NamesAsync(client, UsersPage(office) + "?sort=twofactor&dir=desc"));

        // Longest ago first with "never" before any date; the other way round "never" comes last.
        Assert.Equal(["Bram Peeters", "Chloé Dubois", "Dirk Jansen", "Anke Smit", "Test Person"], await NamesAsync(client, UsersPage(office) + "?sort=lastlogin"));
        Assert.Equal(["Test Person", "Anke Smit", "Dirk Jansen", "Chloé Dubois", "Bram Peeters"], await NamesAsync(client, UsersPage(office) + "?sort=LASTLOGIN&dir=DESC"));

        // Anything else in the address is the default order, never an error.
        Assert.Equal(["Anke Smit", "Bram Peeters", "Chloé Dubois", "Dirk Jansen", "Test Person"], await NamesAsync(client, UsersPage(office) + "?sort=Email;DROP&dir=sideways"));

        // The headers: the sorted one says so (aria-sort) and its link turns the order round; the
        // others sort ascending from page one; every link keeps the search.
        var page = await client.GetPageAsync(UsersPage(office) + "?sort=role&q=office");
        Assert.Equal("ascending", page.QuerySelector("a[data-sort=role]")!.ParentElement!.GetAttribute("aria-sort"));
        Assert.Null(page.QuerySelector("a[data-sort=name]")!.ParentElement!.GetAttribute("aria-sort"));
        Assert.Equal($"/o/{office.Slug}/admin/users?sort=role&dir=desc&q=office", page.QuerySelector("a[data-sort=role]")!.GetAttribute("href"));
        Assert.Equal($"/o/{office.Slug}/admin/users?sort=lastlogin&q=office", page.QuerySelector("a[data-sort=lastlogin]")!.GetAttribute("href"));

        // An action's redirect comes back to the same view, sorted and searched; Dirk, now an
        // administrator, has moved up among them.
        var dirk = page.QuerySelectorAll("[data-testid=member]").Single(r => r.TextContent.Contains("Dirk Jansen", StringComparison.Ordinal));
        var response = await client.SubmitAsync(page, $"tr[data-email='{dirk.GetAttribute("data-email")}'] form[action*='handler=ChangeRole']");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/o/{office.Slug}/admin/users?p=1&sort=role&q=office", response.Headers.Location!.OriginalString);
        Assert.Equal(["Bram Peeters", "Dirk Jansen", "Test Person", "Anke Smit", "Chloé Dubois"], await NamesAsync(client, response.Headers.Location.OriginalString));
    }

    [Fact]
    public async Task Rows_show_2fa_as_badges_and_actions_as_buttons_that_name_the_person_and_ask_before_a_role_change()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        // An office of one: the invite form is open at once.
        var alone = await client.GetPageAsync(UsersPage(office));
        Assert.True(alone.QuerySelector("details[data-testid=invite]")!.HasAttribute("open"));

        await SeedAsync(office, [Person("Eva Maes", OrganisationRole.Member, app: true, passkey: false, lastLogin: null)]);
        var page = await client.GetPageAsync(UsersPage(office));
        var invite = page.QuerySelector("details[data-testid=invite]")!;
        Assert.False(invite.HasAttribute("open"));
        Assert.Equal("Invite colleagues", invite.QuerySelector("summary")!.TextContent.Trim());
        Assert.NotNull(invite.QuerySelector("form[data-testid=invite-form]"));

        var eva = page.QuerySelectorAll("[data-testid=member]").Single(r => r.TextContent.Contains("Eva Maes", StringComparison.Ordinal));
        var evaEmail = eva.GetAttribute("data-email")!;
        var badge = eva.QuerySelector("[data-testid=two-factor]")!;
        Assert.Equal("App", badge.TextContent);
        Assert.Contains("badge-active", badge.ClassList);
        var own = page.QuerySelectorAll("[data-testid=member]").Single(r => r.GetAttribute("data-email") == admin.Email);
        Assert.Contains("badge-inactive", own.QuerySelector("[data-testid=two-factor]")!.ClassList);

        // Every action is a button of the same kind, each naming the person for a screen reader.
        var actions = eva.QuerySelectorAll(".row-actions button, .row-actions a").ToList();
        Assert.Equal(["change-role", "reset-mfa", "remove"], actions.Select(a => a.GetAttribute("data-testid")));
        Assert.All(actions, a => Assert.Contains("button", a.ClassList));
        Assert.All(actions, a => Assert.EndsWith(evaEmail, a.TextContent.Trim(), StringComparison.Ordinal));

        // Promoting and removing ask first, saying whom and what it means.
        var roleForm = eva.QuerySelector("form[action*='handler=ChangeRole']")!;
        Assert.Equal($"Make {evaEmail} an administrator of {office.Name}? Administrators invite and remove people and change the settings.", roleForm.GetAttribute("data-confirm"));
        Assert.NotNull(eva.QuerySelector("form[action*='handler=Remove']")!.GetAttribute("data-confirm"));
        Assert.StartsWith($"Make {admin.Email} a member of {office.Name}?", own.QuerySelector("form[action*='handler=ChangeRole']")!.GetAttribute("data-confirm"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_name_order_follows_a_rename_and_tells_equal_names_apart_by_email()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        await SeedAsync(office, [
            Person("Anke Smit", OrganisationRole.Member, app: false, passkey: false, lastLogin: null),
            Person("Jan Peeters", OrganisationRole.Member, app: false, passkey: false, lastLogin: null),
            Person("Jan Peeters", OrganisationRole.Member, app: false, passkey: false, lastLogin: null),
        ]);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        // The two Jans by e-mail, whichever way the names run.
        var jans = (await EmailsAsync(client, UsersPage(office))).Where(e => e.StartsWith("jan.", StringComparison.Ordinal)).ToList();
        Assert.Equal(jans.Order(StringComparer.Ordinal), jans);
        Assert.Equal(["Anke Smit", "Jan Peeters", "Jan Peeters", "Test Person"], await NamesAsync(client, UsersPage(office)));
        Assert.Equal(jans, (await EmailsAsync(client, UsersPage(office) + "?sort=name&dir=desc")).Where(jans.Contains));

        // A rename, however it is written, moves the person in the list at once.
        await factory.WithDbAsync(db => db.Users.Where(u => u.Email!.StartsWith("anke.") && db.Memberships.Any(m => m.UserId == u.Id && m.OrganisationId == office.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "Zora Smit")));
        Assert.Equal(["Jan Peeters", "Jan Peeters", "Test Person", "Zora Smit"], await NamesAsync(client, UsersPage(office)));
        Assert.Equal(["Zora Smit", "Test Person", "Jan Peeters", "Jan Peeters"], await NamesAsync(client, UsersPage(office) + "?sort=name&dir=desc"));
    }

    private static (string Name, OrganisationRole Role, bool App, bool Passkey, DateTimeOffset? LastLogin) Person(
        string name, OrganisationRole role, bool app, bool passkey, DateTimeOffset? lastLogin) => (name, role, app, passkey, lastLogin);

    private Task SeedAsync(Organisation office, IEnumerable<(string Name, OrganisationRole Role, bool App, bool Passkey, DateTimeOffset? LastLogin)> people) =>
        factory.WithDbAsync(async db =>
        {
            var now = factory.Clock.GetUtcNow();
            foreach (var person in people)
            {
                var email = TestData.NewEmail(person.Name.Split(' ')[0].ToLowerInvariant());
                var user = TestData.UserRow(email, person.Name, now);
                user.TwoFactorEnabled = person.App || person.Passkey;
                user.LastLoginAt = person.LastLogin;
                db.Users.Add(user);
                if (person.App)
                {
                    db.Authenticators.Add(new Authenticator { UserId = user.Id, Name = "Phone", ProtectedSecret = "not-used-here", CreatedAt = now });
                }

                if (person.Passkey)
                {
                    db.UserPasskeys.Add(new IdentityUserPasskey<Guid>
                    {
                        UserId = user.Id,
                        CredentialId = Guid.NewGuid().ToByteArray(),
                        Data = new IdentityPasskeyData { Name = "Laptop", PublicKey = [1], CreatedAt = now, AttestationObject = [1], ClientDataJson = [1] },
                    });
                }

                db.Memberships.Add(new Membership { UserId = user.Id, OrganisationId = office.Id, Role = person.Role, CreatedAt = now });
            }

            await db.SaveChangesAsync();
        });

    private static async Task<List<string>> EmailsAsync(PortalClient client, string url) =>
        (await client.GetPageAsync(url)).QuerySelectorAll("[data-testid=member]").Select(r => r.GetAttribute("data-email")!).ToList();

    private static async Task<List<string>> NamesAsync(PortalClient client, string url)
    {
        var page = await client.GetPageAsync(url);
        return page.QuerySelectorAll("[data-testid=member]")
            .Select(r => r.QuerySelector("td")!.TextContent.Replace("(you)", "", StringComparison.Ordinal).Trim())
            .ToList();
    }
}
