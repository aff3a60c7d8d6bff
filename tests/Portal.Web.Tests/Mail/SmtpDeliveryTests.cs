using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MimeKit;
using Portal.Core.Accounts;
using Portal.Core.Mail;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Tests.Infrastructure;
using static Portal.Web.Tests.Infrastructure.OfficeAdminSteps;

namespace Portal.Web.Tests.Mail;

/// <summary>E-mail over real SMTP (aiosmtpd): languages and MIME structure, an SMTP outage, poisoned rows, input that used to stop the portal.</summary>
public sealed class SmtpDeliveryTests(SmtpPortalFactory factory) : IClassFixture<SmtpPortalFactory>
{
    [Theory]
    [InlineData("en")]
    [InlineData("nl")]
    [InlineData("fr")]
    [InlineData("de")]
    public async Task A_reset_link_arrives_as_text_and_html_in_the_recipients_language(string language)
    {
        var user = await UserInLanguageAsync(language);

        await ForgotPasswordAsync(user.Email!);

        var message = Assert.Single(await factory.Catcher.WaitForAsync(1, which: To(user.Email!)));
        Assert.Equal(Translated(language, "Reset your Portal password"), message.Subject);
        Assert.Equal("multipart/alternative", message.Body!.ContentType.MimeType);
        Assert.Equal(user.Email, message.To.Mailboxes.Single().Address);
        Assert.NotNull(message.Body);
        Assert.Equal("no-reply@portal.example", message.From.Mailboxes.Single().Address);
        Assert.EndsWith("@" + MailOutbox.MessageIdDomain, message.MessageId, StringComparison.Ordinal);
        Assert.StartsWith(Translated(language, "Hello {0},", user.DisplayName), message.TextBody, StringComparison.Ordinal);
        Assert.Contains(PortalFactory.BaseUrl + "/reset-password?", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"" + PortalFactory.BaseUrl + "/reset-password?", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task During_an_smtp_outage_pages_still_succeed_and_every_message_arrives_once_afterwards()
    {
        var users = new[] { await factory.Data.UserAsync(), await factory.Data.UserAsync(), await factory.Data.UserAsync() };
        await factory.Catcher.StopAsync();
        try
        {
            foreach (var user in users)
            {
                await ForgotPasswordAsync(user.Email!);
            }

            await WaitUntilAsync(async () => (await RowsToAsync(users)).Count == 3 && (await RowsToAsync(users)).All(r => r.Attempts >= 1));
            Assert.All(await RowsToAsync(users), r => Assert.Equal(OutboxStatus.Pending, r.Status));
        }
        finally
        {
            await factory.Catcher.StartAgainAsync();
        }

        // The first retry is due within a minute.
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var arrived = await factory.Catcher.WaitForAsync(3, which: m => users.Any(u => To(u.Email!)(m)));
        Assert.Equal(users.Select(u => u.Email!).Order(), arrived.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.All(await RowsToAsync(users), r => Assert.Equal(OutboxStatus.Sent, r.Status));
    }

    [Fact]
    public async Task Poisoned_rows_are_marked_failed_and_the_messages_after_them_still_go()
    {
        var unknownTemplate = await RawRowAsync("someone@office.test", "NoSuchEmail", protectedPayload: null);
        var unreadable = await RawRowAsync("someone@office.test", "PasswordResetEmail", protectedPayload: "not-a-protected-payload");
        var user = await factory.Data.UserAsync();

        await ForgotPasswordAsync(user.Email!);

        Assert.Single(await factory.Catcher.WaitForAsync(1, which: To(user.Email!)));
        await WaitUntilAsync(async () => (await StatusOfAsync(unknownTemplate)) == OutboxStatus.Failed && (await StatusOfAsync(unreadable)) == OutboxStatus.Failed);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_stored_address_the_mail_library_refuses_fails_that_message_only()
    {
        // A backup e-mail stored before addresses were checked at the edge.
        var user = await factory.Data.UserAsync();
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.BackupEmail, "z@stored..local")));
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        var page = await client.GetPageAsync("/account/security/backup-email");
        Assert.NotNull(page.QuerySelector("form[action*='handler=Resend']"));
        await client.SubmitAsync(page, "form[action*='handler=Resend']");
        await WaitUntilAsync(async () => (await factory.WithServicesAsync(async s =>
            await s.GetRequiredService<Portal.Core.Data.PortalDbContext>().OutboxMessages
                .AnyAsync(m => m.Recipient == "z@stored..local" && m.Status == OutboxStatus.Failed))));

        var next = await factory.Data.UserAsync();
        await ForgotPasswordAsync(next.Email!);
        Assert.Single(await factory.Catcher.WaitForAsync(1, which: To(next.Email!)));
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_backup_email_with_an_empty_domain_label_is_refused_with_a_message_and_the_portal_keeps_running()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        var page = await client.GetPageAsync("/account/security/backup-email");

        var response = await client.SubmitAsync(page, "form[action*='handler=Change']", new Dictionary<string, string>
        {
            ["Change.Email"] = "y@test..local",
            ["Change.Password"] = TestData.Password,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a valid e-mail address.", await PortalClient.ErrorsAsync(response), StringComparison.Ordinal);
        await factory.WithDbAsync(async db =>
        {
            Assert.Null((await db.Users.SingleAsync(u => u.Id == user.Id)).BackupEmail);
            Assert.False(await db.OutboxMessages.AnyAsync(m => m.Recipient == "y@test..local"));
        });
        await Task.Delay(1500);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task An_organisation_name_with_header_lines_is_refused_and_an_old_one_cannot_add_headers()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);
        const string injected = "Demo Acc\r\nBcc: x@y.test\r\nX: 1";

        var refused = await client.SubmitAsync(await client.GetPageAsync($"/o/{office.Slug}/admin/settings"), "form[data-testid=settings-form]",
            new Dictionary<string, string> { ["Input.Name"] = injected, ["Input.InvitationExpiryDays"] = "7" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Use text on one line, without control characters.", await PortalClient.ErrorsAsync(refused), StringComparison.Ordinal);

        // A name stored before the rule still ends up in a subject on one line, with no extra header.
        await factory.WithDbAsync(db => db.Organisations.Where(o => o.Id == office.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Name, injected)));
        var invitee = TestData.NewEmail("invitee");
        Assert.True(PortalClient.IsRedirect((await client.InviteAsync(office, invitee)).StatusCode));

        var message = Assert.Single(await factory.Catcher.WaitForAsync(1, which: To(invitee)));
        Assert.DoesNotContain("\n", message.Subject, StringComparison.Ordinal);
        Assert.Contains("Demo Acc", message.Subject, StringComparison.Ordinal);
        Assert.Empty(message.Bcc);
        Assert.Null(message.Headers["X"]);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Two_admins_inviting_one_address_at_once_leave_one_invitation_and_one_email()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var otherAdmin = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(otherAdmin, office, OrganisationRole.Admin);
        var clients = new[] { factory.CreatePortalClient(), factory.CreatePortalClient(), factory.CreatePortalClient(), factory.CreatePortalClient() };
        for (var i = 0; i < clients.Length; i++)
        {
            await clients[i].LoginOkAsync(i % 2 == 0 ? admin.Email! : otherAdmin.Email!);
        }

        var invitee = TestData.NewEmail("invitee");
        var pages = await Task.WhenAll(clients.Select(c => c.GetPageAsync(UsersPage(office))));
        await Task.WhenAll(clients.Select((c, i) => c.SubmitAsync(pages[i], InviteForm, new Dictionary<string, string>
        {
            ["Invite.Emails"] = invitee,
            ["Invite.Role"] = nameof(OrganisationRole.Member),
        })));

        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Invitations.CountAsync(i => i.OrganisationId == office.Id && i.Email == invitee));
            // The losers' transactions rolled back: their e-mails with them.
            Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Recipient == invitee));
        });
        Assert.Single(await factory.Catcher.WaitForAsync(1, which: To(invitee)));
    }

    [Fact]
    public async Task Readiness_reads_degraded_not_unhealthy_when_mail_has_waited_too_long()
    {
        var stuck = await RawRowAsync("waiting@office.test", "PasswordResetEmail", protectedPayload: null,
            createdAt: factory.Clock.GetUtcNow() - TimeSpan.FromHours(1), nextAttemptAt: factory.Clock.GetUtcNow() + TimeSpan.FromDays(1));
        try
        {
            var ready = await factory.CreateClient().GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
        }
        finally
        {
            await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == stuck).ExecuteDeleteAsync());
        }

        Assert.Equal("Healthy", await (await factory.CreateClient().GetAsync("/health/ready")).Content.ReadAsStringAsync());
    }

    private async Task ForgotPasswordAsync(string email)
    {
        var client = factory.CreatePortalClient();
        var response = await client.SubmitAsync(await client.GetPageAsync("/forgot-password"), "main form", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<PortalUser> UserInLanguageAsync(string language)
    {
        var user = await factory.Data.UserAsync();
        await factory.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PortalUser>>();
            var stored = (await users.FindByIdAsync(user.Id.ToString()))!;
            stored.PreferredLanguage = language;
            return await users.UpdateAsync(stored);
        });
        return user;
    }

    private string Translated(string language, string key, params object[] arguments)
    {
        using var _ = new CultureScope(language);
        return factory.Services.GetRequiredService<IStringLocalizer<SharedResource>>()[key, arguments];
    }

    private static Func<MimeMessage, bool> To(string address) =>
        m => m.To.Mailboxes.Any(b => b.Address.Equals(address, StringComparison.OrdinalIgnoreCase));

    private Task<List<OutboxMessage>> RowsToAsync(IEnumerable<PortalUser> users)
    {
        var addresses = users.Select(u => u.Email!).ToList();
        return factory.WithServicesAsync(s => s.GetRequiredService<Portal.Core.Data.PortalDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => addresses.Contains(m.Recipient)).ToListAsync());
    }

    private Task<OutboxStatus> StatusOfAsync(Guid id) =>
        factory.WithServicesAsync(s => s.GetRequiredService<Portal.Core.Data.PortalDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Id == id).Select(m => m.Status).SingleAsync());

    private async Task<Guid> RawRowAsync(string recipient, string template, string? protectedPayload, DateTimeOffset? createdAt = null, DateTimeOffset? nextAttemptAt = null)
    {
        var id = Guid.CreateVersion7();
        await factory.WithDbAsync(async db =>
        {
            var now = createdAt ?? factory.Clock.GetUtcNow();
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = id,
                MessageId = $"{id:N}@test",
                Recipient = recipient,
                Template = template,
                ProtectedPayload = protectedPayload,
                CreatedAt = now,
                NextAttemptAt = nextAttemptAt,
                GiveUpAt = now + OutboxPolicy.GiveUpAfter,
            });
            await db.SaveChangesAsync();
        });
        return id;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting");
            await Task.Delay(100);
        }
    }
}
