using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Organisations;
using Portal.Core.Support;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Support;

/// <summary>/support/requests/{id}: documents, checklist, approve (cooling-off, four eyes) and reject.</summary>
public sealed class RecoveryDecisionTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Approval_without_the_checklist_is_refused()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var requestId = await factory.SubmitRequestAsync(person);
        var (_, agent) = await factory.SignedInAgentAsync();
        await agent.TickChecklistAsync(requestId, callback: false);

        var message = await agent.ApproveAsync(requestId);

        Assert.Contains("Complete the checklist before approving.", message);
        var request = await factory.RecoveryAsync(requestId);
        Assert.Equal(RecoveryStatus.InReview, request.Status);
        Assert.Null(request.ApprovedAt);
        Assert.Equal(2, await factory.DocumentCountAsync(requestId));
    }

    [Fact]
    public async Task Approval_starts_a_cooling_off_then_the_reset_applies_and_the_person_enrols_again()
    {
        var (person, organisation) = await factory.Data.MemberOfNewOrganisationAsync();
        var officeAdmin = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(officeAdmin, organisation, OrganisationRole.Admin);
        await factory.EnrolAsync(person);
        var requestId = await factory.SubmitRequestAsync(person);
        var (_, agent) = await factory.SignedInAgentAsync();
        await agent.TickChecklistAsync(requestId);

        var message = await agent.ApproveAsync(requestId);

        Assert.Contains("Approved.", message);
        var approved = await factory.RecoveryAsync(requestId);
        Assert.Equal(RecoveryStatus.Approved, approved.Status);
        Assert.Equal(factory.Clock.GetUtcNow() + TimeSpan.FromHours(24), approved.EffectiveAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await factory.DocumentCountAsync(requestId));
        var mail = await factory.Mailbox.WaitForAsync(person.Email!, "was approved");
        Assert.Contains("/login/recovery/status/", Mailbox.LinkIn(mail, "/login/recovery/status/"));

        // During the cooling-off nothing changes: the second factor is still asked for.
        factory.Clock.Advance(TimeSpan.FromHours(23));
        await factory.RunRecoveryWorkerAsync();
        await factory.WithDbAsync(async db => Assert.True(await db.Authenticators.AnyAsync(a => a.UserId == person.Id)));

        factory.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await factory.RunRecoveryWorkerAsync();

        Assert.Equal(RecoveryStatus.Completed, (await factory.RecoveryAsync(requestId)).Status);
        await factory.WithDbAsync(async db =>
        {
            Assert.False(await db.Authenticators.AnyAsync(a => a.UserId == person.Id));
            Assert.False(await db.BackupCodes.AnyAsync(c => c.UserId == person.Id));
            Assert.True(await db.AuditEvents.AnyAsync(e => e.TargetUserId == person.Id && e.Type == AuditEventTypes.TwoFactorReset));
        });
        await factory.Mailbox.WaitForAsync(person.Email!, "Two-factor authentication was reset");
        await factory.Mailbox.WaitForAsync(officeAdmin.Email!, "was reset");

        var again = factory.CreatePortalClient();
        await again.LoginOkAsync(person.Email!);
        await again.EnrolThroughPageAsync("New phone");
    }

    [Fact]
    public async Task After_the_cooling_off_the_reset_applies_at_the_next_login_without_waiting_for_the_worker()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var requestId = await factory.ApprovedRecoveryAsync(person);
        factory.Clock.Advance(TimeSpan.FromHours(25));

        var client = factory.CreatePortalClient();
        var response = await client.LoginAsync(person.Email!, TestData.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("/login/2fa", response.Headers.Location!.OriginalString);
        Assert.Equal(RecoveryStatus.Completed, (await factory.RecoveryAsync(requestId)).Status);
        Assert.True(await client.IsSignedInAsync());
    }

    [Fact]
    public async Task Cancel_link_during_the_cooling_off_stops_the_reset()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var requestId = await factory.SubmitRequestAsync(person);
        var (_, agent) = await factory.SignedInAgentAsync();
        await agent.TickChecklistAsync(requestId);
        await agent.ApproveAsync(requestId);
        var mail = await factory.Mailbox.WaitForAsync(person.Email!, "was approved");
        var owner = factory.CreatePortalClient();
        var status = await owner.GetPageAsync(Mailbox.LinkIn(mail, "/login/recovery/status/"));

        var cancelled = await owner.SubmitAndFollowAsync(status, "form[data-testid=cancel-form]");

        Assert.Contains("Cancelled", cancelled.QuerySelector("[data-testid=recovery-status]")!.TextContent);
        factory.Clock.Advance(TimeSpan.FromHours(25));
        await factory.RunRecoveryWorkerAsync();
        Assert.Equal(RecoveryStatus.Cancelled, (await factory.RecoveryAsync(requestId)).Status);
        await factory.WithDbAsync(async db => Assert.True(await db.Authenticators.AnyAsync(a => a.UserId == person.Id)));
        var login = await factory.CreatePortalClient().LoginAsync(person.Email!, TestData.Password);
        Assert.StartsWith("/login/2fa", login.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Organisation_admin_needs_a_second_different_agent_to_approve()
    {
        var (admin, _) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        await factory.EnrolAsync(admin);
        var requestId = await factory.SubmitRequestAsync(admin, SupportSteps.AdminDocuments);
        var (_, first) = await factory.SignedInAgentAsync();
        var (_, second) = await factory.SignedInAgentAsync();
        await first.TickChecklistAsync(requestId);
        Assert.Contains("Complete the checklist", await first.ApproveAsync(requestId));
        await first.TickChecklistAsync(requestId, registry: true);

        Assert.Contains("a second support agent must approve", await first.ApproveAsync(requestId));
        Assert.Contains("A different support agent must give the second.", await first.ApproveAsync(requestId));
        Assert.Equal(RecoveryStatus.InReview, (await factory.RecoveryAsync(requestId)).Status);
        Assert.Equal(3, await factory.DocumentCountAsync(requestId));

        Assert.Contains("Approved.", await second.ApproveAsync(requestId));
        var approved = await factory.RecoveryAsync(requestId);
        Assert.Equal(RecoveryStatus.Approved, approved.Status);
        Assert.NotEqual(approved.FirstApproverId, approved.SecondApproverId);
        Assert.NotNull(approved.SecondApproverId);
    }

    [Fact]
    public async Task Rejection_is_emailed_with_the_reason_and_the_documents_are_deleted()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var requestId = await factory.SubmitRequestAsync(person);
        var (_, agent) = await factory.SignedInAgentAsync();
        var page = await agent.GetPageAsync($"/support/requests/{requestId}");

        var after = await agent.SubmitAndFollowAsync(page, "form[data-testid=reject-form]",
            new Dictionary<string, string> { ["Rejection.Reason"] = "The selfie does not show the document." });

        Assert.NotNull(after.QuerySelector("[data-testid=no-documents]"));
        var request = await factory.RecoveryAsync(requestId);
        Assert.Equal(RecoveryStatus.Rejected, request.Status);
        Assert.Equal(0, await factory.DocumentCountAsync(requestId));
        var mail = await factory.Mailbox.WaitForAsync(person.Email!, "was rejected");
        Assert.Contains("The selfie does not show the document.", mail.Text);
        await factory.WithDbAsync(async db => Assert.True(await db.Authenticators.AnyAsync(a => a.UserId == person.Id)));
    }

    [Fact]
    public async Task Documents_download_as_attachments_previews_are_images_only_and_every_view_is_audited()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var requestId = await factory.SubmitRequestAsync(person);
        var (agentUser, agent) = await factory.SignedInAgentAsync();
        var page = await agent.GetPageAsync($"/support/requests/{requestId}");
        var links = page.QuerySelectorAll("[data-testid=download]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(2, links.Count);

        var download = await agent.GetAsync(links[0]);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(SupportSteps.Pdf, await download.Content.ReadAsByteArrayAsync());

        var pdfPreview = await agent.GetAsync(links[0].Replace("handler=Download", "handler=Preview", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, pdfPreview.StatusCode);
        var imageSource = page.QuerySelector("img.document-preview")!.GetAttribute("src")!;
        var preview = await agent.GetAsync(imageSource);
        Assert.Equal("image/png", preview.Content.Headers.ContentType!.MediaType);

        await factory.WithDbAsync(async db =>
        {
            var views = await db.AuditEvents.Where(e => e.Type == AuditEventTypes.RecoveryDocumentViewed && e.TargetUserId == person.Id).ToListAsync();
            Assert.Equal(2, views.Count);
            Assert.All(views, v => Assert.Equal(agentUser.Id, v.ActorUserId));
        });
    }

    [Fact]
    public async Task Documents_still_stored_after_30_days_are_purged()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var requestId = await factory.SubmitRequestAsync(person);

        factory.Clock.Advance(TimeSpan.FromDays(29));
        await factory.RunRecoveryWorkerAsync();
        Assert.Equal(2, await factory.DocumentCountAsync(requestId));

        factory.Clock.Advance(TimeSpan.FromDays(1));
        await factory.RunRecoveryWorkerAsync();
        Assert.Equal(0, await factory.DocumentCountAsync(requestId));
    }
}
