using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Invitations;
using Portal.Core.Legacy;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// No page shows a UTC time or a US-style or machine date ("12/1/2026", "6:02 PM", "2026-12-01"):
/// every GET page (the discovered list the browser sweeps walk) and the support console, in each
/// language, with every kind of date filled in (sessions, authenticators, an MFA deadline,
/// invitations, moved usernames, passkeys, audit events, a recovery request). The same walk checks
/// that every POST form on those pages carries the antiforgery token.
/// </summary>
public sealed partial class DateFormatSweepTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("en")]
    [InlineData("nl")]
    [InlineData("fr")]
    [InlineData("de")]
    public async Task No_page_shows_UTC_or_a_US_or_ISO_date(string language)
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin, "main");
        var phone = await factory.EnrolAsync(admin);
        await FillDatesAsync(admin.Id, office, language);
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(admin.Email!, phone.Secret);
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var request = await factory.SubmitRequestAsync(person);
        var agent = await factory.Data.UserAsync(TestData.NewEmail("agent"));
        await factory.MakeSupportAsync(agent.Email!);
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == agent.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.PreferredLanguage, language)));
        var support = factory.CreatePortalClient();
        await support.LoginWithCodeAsync(agent.Email!, (await factory.EnrolAsync(agent, "Support phone")).Secret);

        var pages = (await PageCatalogue.BrowsableUrlsAsync(factory.Services, office.Slug)).Select(url => (client, url))
            .Append((support, "/support")).Append((support, $"/support/requests/{request}"));
        var found = new List<string>();
        var unprotected = new List<string>();
        foreach (var (browser, url) in pages)
        {
            var response = await browser.GetAsync(url);
            if (!response.Content.Headers.ContentType?.MediaType?.Equals("text/html", StringComparison.Ordinal) ?? true)
            {
                continue;
            }

            var page = await PortalClient.ParseAsync(response);
            Assert.Equal(language, page.DocumentElement.GetAttribute("lang"));
            // Rows' forms are written without the form tag helper (one token rendered into each):
            // none may go out without it (OWASP ASVS 5.0 V3.5.1, anti-forgery tokens).
            unprotected.AddRange(page.QuerySelectorAll("form")
                .Where(f => f.GetAttribute("method")?.Equals("post", StringComparison.OrdinalIgnoreCase) == true
                    && f.QuerySelector("input[name=__RequestVerificationToken]") is null)
                .Select(f => $"{url}: <form action=\"{f.GetAttribute("action")}\">"));
            foreach (var select in page.QuerySelectorAll("select").ToList())
            {
                select.Remove(); // the time-zone picker offers "UTC" as a zone
            }

            var text = page.Body!.TextContent;
            found.AddRange(Forbidden().Matches(text).Select(m => $"{url}: \"{m.Value}\""));
        }

        Assert.True(found.Count == 0, "Dates not in the person's zone and language:\n" + string.Join("\n", found));
        Assert.True(unprotected.Count == 0, "POST forms without an antiforgery token:\n" + string.Join("\n", unprotected));
    }

    /// <summary>The person's language, an MFA deadline, an invitation and a moved old username.</summary>
    private Task FillDatesAsync(Guid adminId, Organisation office, string language) =>
        factory.WithDbAsync(async db =>
        {
            var now = factory.Clock.GetUtcNow();
            await db.Users.Where(u => u.Id == adminId).ExecuteUpdateAsync(u => u.SetProperty(x => x.PreferredLanguage, language));
            await db.Organisations.Where(o => o.Id == office.Id).ExecuteUpdateAsync(o => o
                .SetProperty(x => x.RequireMfa, true).SetProperty(x => x.MfaGraceDays, 7).SetProperty(x => x.MfaRequiredSince, now));
            var colleague = await factory.Data.UserAsync();
            await factory.Data.MemberAsync(colleague, office);
            await db.Users.Where(u => u.Id == colleague.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastLoginAt, now.AddDays(-2)));
            var environment = await db.Environments.SingleAsync(e => e.OrganisationId == office.Id);
            db.Invitations.Add(new Invitation
            {
                OrganisationId = office.Id,
                Email = TestData.NewEmail("invitee"),
                Role = OrganisationRole.Member,
                InvitedByUserId = adminId,
                CreatedAt = now,
                ExpiresAt = now.AddDays(7),
                TokenHash = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
            });
            db.LegacyAccounts.Add(new LegacyAccount
            {
                Username = "moved." + Guid.NewGuid().ToString("N")[..6],
                PasswordHash = "x",
                OrganisationId = office.Id,
                EnvironmentId = environment.Id,
                Role = OrganisationRole.Member,
                ImportedAt = now,
                Status = LegacyAccountStatus.Migrated,
                MigratedAt = now,
                MigratedToUserId = colleague.Id,
            });
            db.UserPasskeys.Add(new IdentityUserPasskey<Guid>
            {
                UserId = adminId,
                CredentialId = Guid.NewGuid().ToByteArray(),
                Data = new IdentityPasskeyData
                {
                    Name = "Work laptop",
                    PublicKey = [1, 2, 3],
                    CreatedAt = now.AddDays(-3),
                    AttestationObject = [1],
                    ClientDataJson = [1],
                },
            });
            await db.SaveChangesAsync();
            await db.UserPasskeys.Where(p => p.UserId == adminId)
                .ExecuteUpdateAsync(p => p.SetProperty(x => EF.Property<DateTimeOffset?>(x, "LastUsedAt"), now.AddHours(-1)));
        });

    /// <summary>"UTC"/"GMT", m/d/y or d/m/y with slashes, ISO dates, and a 12-hour clock.</summary>
    [GeneratedRegex(@"\bUTC\b|\bGMT\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}(:\d{2})?\s?[AaPp]\.?[Mm]\b")]
    private static partial Regex Forbidden();
}
