using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Data;
using Portal.Core.Legacy;
using Portal.Core.Organisations;

namespace Portal.Web.Infrastructure.Startup;

/// <summary>Development-only demo data. Idempotent: it adds only what is missing.</summary>
public static class DemoSeed
{
    public const string Password = "Quiet-Ledger-Harbour-42";

    /// <summary>The old portal's password of the demo legacy usernames.</summary>
    public const string LegacyPassword = "old-portal-2019";

    private static readonly string[] BelgianClients =
    [
        "Bakkerij Janssens", "De Smet & Zonen", "Vandenberghe Architecten", "Peeters Transport", "Garage Claes",
        "Brasserie Het Anker", "Maes Dakwerken", "Apotheek Wouters", "Dubois Menuiserie", "Immo Lambrecht",
        "Boulangerie Lefèvre", "Verhaeghe Elektriciteit", "Tandartspraktijk Goossens", "Hoeve De Linde", "Mertens Consultancy",
        "Fleurs Dumont", "Jacobs & Partners Advocaten", "Schilderwerken Willems", "Librairie Lemaire", "Cools Installaties",
        "Atelier Renard", "Bouwbedrijf Hermans", "Kapsalon Sofie", "Wuyts Logistics", "Ferme Delvaux",
    ];

    private static readonly string[] DutchClients =
    [
        "Bakkerij De Vries", "Jansen Logistiek", "Van Dijk Installatietechniek", "Bloemenhuis Bakker", "Visser Accountancy Support",
        "Autobedrijf Smit", "Meijer Bouw", "Tandartsenpraktijk De Boer", "Mulder ICT", "Café De Gouden Leeuw",
        "Kaashandel Bos", "Dekker Schilderwerken", "Brouwer Fysiotherapie", "Van Leeuwen Transport", "Hoveniersbedrijf De Groot",
        "Verhoeven Juweliers", "Kuipers Elektrotechniek", "Post Makelaardij", "Vermeulen Keukens", "Hendriks Rijschool",
        "Koster Catering", "Dijkstra Zeilmakerij", "Schouten Advies", "Prins Drukkerij", "Van der Meer Fietsen",
    ];

    public static async Task RunAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<PortalDbContext>();
        var users = services.GetRequiredService<UserManager<PortalUser>>();
        var roles = services.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();

        var demo = await OrganisationAsync(db, "demo", "Demo Accountancy", "BE0403.170.701", now,
            ("exact", "Exact Online", "Exact Online", BelgianClients, "BE"),
            ("yuki", "Yuki", "Yuki", DutchClients, "NL"));
        var group = await OrganisationAsync(db, "group", "Group Office", "KvK 12345678", now,
            ("twinfield", "Twinfield", "Twinfield", DutchClients.Take(12).ToArray(), "NL"));

        var admin = await UserAsync(users, "admin@demo.test", "Anna Admin", now);
        var member = await UserAsync(users, "member@demo.test", "Mark Member", now);
        var support = await UserAsync(users, "support@demo.test", "Sam Support", now);
        await MembershipAsync(db, admin, demo, OrganisationRole.Admin, now);
        await MembershipAsync(db, admin, group, OrganisationRole.Member, now);
        await MembershipAsync(db, member, demo, OrganisationRole.Member, now);
        await db.SaveChangesAsync();

        await LegacyAccountsAsync(db, admin, demo, group, now);

        if (!await roles.RoleExistsAsync(PlatformRoles.Support))
        {
            await roles.CreateAsync(new IdentityRole<Guid>(PlatformRoles.Support) { Id = Guid.CreateVersion7() });
        }

        if (!await users.IsInRoleAsync(support, PlatformRoles.Support))
        {
            await users.AddToRoleAsync(support, PlatformRoles.Support);
        }
    }

    /// <summary>
    /// Old usernames: one already moved to admin@demo.test, and two of one person (Pieter Jansen)
    /// in two offices, still waiting — one with an Identity v2 hash, one with v3.
    /// </summary>
    private static async Task LegacyAccountsAsync(PortalDbContext db, PortalUser admin, Organisation demo, Organisation group, DateTimeOffset now)
    {
        var v3 = new PasswordHasher<PortalUser>();
        var v2 = new PasswordHasher<PortalUser>(Microsoft.Extensions.Options.Options.Create(
            new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }));
        var accounts = new[]
        {
            new LegacyAccount
            {
                Username = "anna.exact", PasswordHash = v3.HashPassword(admin, LegacyPassword), OrganisationId = demo.Id,
                EnvironmentId = demo.Environments.Single(e => e.Slug == "exact").Id, Role = OrganisationRole.Admin,
                Status = LegacyAccountStatus.Migrated, MigratedAt = now, MigratedToUserId = admin.Id, ImportedAt = now,
            },
            new LegacyAccount
            {
                Username = "jansen.exact", PasswordHash = v2.HashPassword(admin, LegacyPassword), OrganisationId = demo.Id,
                EnvironmentId = demo.Environments.Single(e => e.Slug == "exact").Id, Role = OrganisationRole.Member, ImportedAt = now,
            },
            new LegacyAccount
            {
                Username = "jansen.twinfield", PasswordHash = v3.HashPassword(admin, LegacyPassword), OrganisationId = group.Id,
                EnvironmentId = group.Environments.Single(e => e.Slug == "twinfield").Id, Role = OrganisationRole.Admin, ImportedAt = now,
            },
        };
        foreach (var account in accounts)
        {
            if (!await db.LegacyAccounts.AnyAsync(a => a.Username == account.Username))
            {
                db.LegacyAccounts.Add(account);
            }
        }

        await db.SaveChangesAsync();
    }

    private static async Task<Organisation> OrganisationAsync(
        PortalDbContext db, string slug, string name, string registry, DateTimeOffset now,
        params (string Slug, string Name, string Software, string[] Clients, string Country)[] environments)
    {
        var organisation = await db.Organisations.Include(o => o.Environments).SingleOrDefaultAsync(o => o.Slug == slug);
        if (organisation is null)
        {
            organisation = new Organisation { Slug = slug, Name = name, RegistryNumber = registry, CreatedAt = now };
            db.Organisations.Add(organisation);
        }

        foreach (var (envSlug, envName, software, clients, country) in environments)
        {
            if (organisation.Environments.Any(e => e.Slug == envSlug))
            {
                continue;
            }

            var environment = new OrganisationEnvironment { Slug = envSlug, Name = envName, Software = software };
            organisation.Environments.Add(environment);
            for (var i = 0; i < clients.Length; i++)
            {
                environment.Clients.Add(new Client
                {
                    Name = clients[i] + (country == "BE" ? (i % 3 == 0 ? " NV" : " BV") : " B.V."),
                    Number = country == "BE" ? BelgianVat(4_123_457 + (i * 791_931)) : DutchVat(812_345_678 + (i * 3_457_129)),
                    Status = i % 9 == 4 ? ClientStatus.Onboarding : i % 11 == 7 ? ClientStatus.Inactive : ClientStatus.Active,
                    CreatedAt = now,
                });
            }
        }

        await db.SaveChangesAsync();
        return organisation;
    }

    private static async Task<PortalUser> UserAsync(UserManager<PortalUser> users, string email, string name, DateTimeOffset now)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is not null)
        {
            return user;
        }

        user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = now };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo user not created: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        return user;
    }

    private static async Task MembershipAsync(PortalDbContext db, PortalUser user, Organisation organisation, OrganisationRole role, DateTimeOffset now)
    {
        if (!await db.Memberships.AnyAsync(m => m.UserId == user.Id && m.OrganisationId == organisation.Id))
        {
            db.Memberships.Add(new Membership { UserId = user.Id, OrganisationId = organisation.Id, Role = role, CreatedAt = now });
        }
    }

    /// <summary>A Belgian enterprise number with its mod-97 check digits, written BE0123.456.789.</summary>
    private static string BelgianVat(long seed)
    {
        var body = seed % 10_000_000;
        var check = 97 - (body % 97);
        var digits = $"{body:D8}{check:D2}";
        return $"BE{digits[..4]}.{digits[4..7]}.{digits[7..]}";
    }

    private static string DutchVat(long nineDigits) => $"NL{nineDigits % 1_000_000_000:D9}B01";
}
