using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Accounts;
using Portal.Core.Data;
using Portal.Core.Legacy;
using Portal.Core.Organisations;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>Arranges what a test needs through the app's own services (UserManager and the DbContext).</summary>
public sealed class TestData(PortalFactory factory)
{
    public const string Password = "Correct-Horse-Battery-7";

    /// <summary>
    /// A confirmed user as a row to add straight to a DbContext (many people at once, or a database
    /// the factory does not serve); <paramref name="password"/> hashes it as the portal does.
    /// </summary>
    public static PortalUser UserRow(string email, string displayName, DateTimeOffset createdAt, string? password = null)
    {
        var user = new PortalUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            DisplayName = displayName,
            LockoutEnabled = true,
            CreatedAt = createdAt,
        };
        if (password is not null)
        {
            user.PasswordHash = new PasswordHasher<PortalUser>(Options.Create(new PasswordHasherOptions { IterationCount = PasswordLogin.PasswordHashIterations }))
                .HashPassword(user, password);
        }

        return user;
    }

    public static string NewEmail(string who = "user") => $"{who}.{Guid.NewGuid():N}"[..(who.Length + 9)] + "@office.test";

    public Task<PortalUser> UserAsync(string? email = null, string password = Password, string? name = null) =>
        factory.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PortalUser>>();
            email ??= NewEmail();
            var user = new PortalUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = name ?? "Test Person",
                CreatedAt = factory.Clock.GetUtcNow(),
            };
            var result = await users.CreateAsync(user, password);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
            return user;
        });

    /// <summary>An organisation with environments (each with a few clients).</summary>
    public Task<Organisation> OrganisationAsync(string? slug = null, params string[] environmentSlugs) =>
        factory.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<PortalDbContext>();
            slug ??= "org-" + Guid.NewGuid().ToString("N")[..8];
            var organisation = new Organisation { Slug = slug, Name = "Office " + slug, CreatedAt = factory.Clock.GetUtcNow() };
            foreach (var environmentSlug in environmentSlugs.Length == 0 ? ["main"] : environmentSlugs)
            {
                var environment = new OrganisationEnvironment { Slug = environmentSlug, Name = "Env " + environmentSlug, Software = "Exact Online" };
                for (var i = 1; i <= 3; i++)
                {
                    environment.Clients.Add(new Client
                    {
                        Name = $"Client {i} of {slug}/{environmentSlug}",
                        Number = $"BE0{i}00.000.{i:D3}",
                        CreatedAt = factory.Clock.GetUtcNow(),
                    });
                }

                organisation.Environments.Add(environment);
            }

            db.Organisations.Add(organisation);
            await db.SaveChangesAsync();
            return organisation;
        });

    public Task MemberAsync(PortalUser user, Organisation organisation, OrganisationRole role = OrganisationRole.Member) =>
        factory.WithDbAsync(async db =>
        {
            db.Memberships.Add(new Membership { UserId = user.Id, OrganisationId = organisation.Id, Role = role, CreatedAt = factory.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        });

    /// <summary>A user who is a member (or admin) of a new organisation.</summary>
    public async Task<(PortalUser User, Organisation Organisation)> MemberOfNewOrganisationAsync(
        OrganisationRole role = OrganisationRole.Member, params string[] environmentSlugs)
    {
        var user = await UserAsync();
        var organisation = await OrganisationAsync(null, environmentSlugs);
        await MemberAsync(user, organisation, role);
        return (user, organisation);
    }

    /// <summary>
    /// An old per-environment username with an Identity v2 hash (what the old portal stored); when
    /// <paramref name="migratedTo"/> is given, one already moved to that e-mail login.
    /// </summary>
    public Task<string> LegacyUsernameAsync(
        Organisation organisation, string oldPassword, string? environmentSlug = null, OrganisationRole role = OrganisationRole.Member, PortalUser? migratedTo = null) =>
        factory.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<PortalDbContext>();
            var hasher = new PasswordHasher<PortalUser>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }));
            var username = "old." + Guid.NewGuid().ToString("N")[..8];
            db.LegacyAccounts.Add(new LegacyAccount
            {
                Username = username,
                PasswordHash = hasher.HashPassword(new PortalUser(), oldPassword),
                OrganisationId = organisation.Id,
                EnvironmentId = await db.Environments
                    .Where(e => e.OrganisationId == organisation.Id && (environmentSlug == null || e.Slug == environmentSlug))
                    .OrderBy(e => e.Slug).Select(e => e.Id).FirstAsync(),
                Role = role,
                ImportedAt = factory.Clock.GetUtcNow(),
                Status = migratedTo is null ? LegacyAccountStatus.Pending : LegacyAccountStatus.Migrated,
                MigratedAt = migratedTo is null ? null : factory.Clock.GetUtcNow(),
                MigratedToUserId = migratedTo?.Id,
            });
            await db.SaveChangesAsync();
            return username;
        });
}
