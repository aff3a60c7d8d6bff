using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Organisations;
using Portal.Core.Support;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Support;

/// <summary>/login/recovery/request: the person's side — only after the password, files checked by content.</summary>
public sealed class RecoveryRequestTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Request_page_is_reachable_only_after_the_password_was_verified()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var stranger = factory.CreatePortalClient();

        var response = await stranger.GetAsync("/login/recovery/request");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.OriginalString);
        Assert.DoesNotContain("request", response.Headers.Location!.OriginalString);

        var late = factory.CreatePortalClient();
        var page = await late.OpenRecoveryRequestAsync(person.Email!);
        factory.Clock.Advance(TimeSpan.FromMinutes(6));
        var expired = await late.SubmitRecoveryRequestAsync(page, SupportSteps.PersonDocuments);
        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.Equal("/login", expired.Headers.Location!.OriginalString);
        await factory.WithDbAsync(async db => Assert.False(await db.RecoveryRequests.AnyAsync(r => r.UserId == person.Id)));
    }

    [Fact]
    public async Task Request_is_stored_encrypted_the_person_is_emailed_a_status_link_and_a_second_request_is_refused()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var client = factory.CreatePortalClient();
        var page = await client.OpenRecoveryRequestAsync(person.Email!);
        Assert.Contains("unreadable", page.QuerySelector("main")!.TextContent);

        var response = await client.SubmitRecoveryRequestAsync(page, SupportSteps.PersonDocuments);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var status = await client.FollowAsync(response);
        Assert.Contains("Submitted", status.QuerySelector("[data-testid=recovery-status]")!.TextContent);
        var mail = await factory.Mailbox.WaitForAsync(person.Email!, "We received your request");
        var link = Mailbox.LinkIn(mail, "/login/recovery/status/");
        var fromMail = await factory.CreatePortalClient().GetPageAsync(link);
        Assert.Contains("Submitted", fromMail.QuerySelector("[data-testid=recovery-status]")!.TextContent);
        await factory.WithDbAsync(async db =>
        {
            var documents = await db.RecoveryDocuments.Where(d => d.Request!.UserId == person.Id).ToListAsync();
            Assert.Equal(2, documents.Count);
            var pdf = documents.Single(d => d.Kind == RecoveryDocumentKind.IdentityDocument);
            Assert.Equal("application/pdf", pdf.ContentType);
            // A database dump does not show the document: the stored bytes are not the PDF.
            Assert.False(pdf.Content.AsSpan().StartsWith("%PDF"u8));
            Assert.True(await db.AuditEvents.AnyAsync(e => e.TargetUserId == person.Id && e.Type == AuditEventTypes.RecoveryRequested));
        });

        var again = factory.CreatePortalClient();
        var second = await again.OpenRecoveryRequestAsync(person.Email!);
        Assert.NotNull(second.QuerySelector("[data-testid=already-open]"));
        Assert.Null(second.QuerySelector(SupportSteps.RequestForm));
    }

    [Fact]
    public async Task Executable_renamed_pdf_is_refused()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var client = factory.CreatePortalClient();
        var page = await client.OpenRecoveryRequestAsync(person.Email!);

        var response = await client.SubmitRecoveryRequestAsync(page,
            [new("Input.IdentityDocument", "passport.pdf", SupportSteps.Exe), new("Input.Selfie", "selfie.png", SupportSteps.Png)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Only PDF, JPEG or PNG files are accepted.", await PortalClient.ErrorsAsync(response));
        await factory.WithDbAsync(async db => Assert.False(await db.RecoveryRequests.AnyAsync(r => r.UserId == person.Id)));
    }

    [Fact]
    public async Task File_over_10_MB_is_refused_with_a_clear_message()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var client = factory.CreatePortalClient();
        var page = await client.OpenRecoveryRequestAsync(person.Email!);
        var large = new byte[(10 * 1024 * 1024) + 1];
        SupportSteps.Pdf.CopyTo(large, 0);

        var response = await client.SubmitRecoveryRequestAsync(page,
            [new("Input.IdentityDocument", "scan.pdf", large), new("Input.Selfie", "selfie.png", SupportSteps.Png)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("larger than 10 MB", await PortalClient.ErrorsAsync(response));
        await factory.WithDbAsync(async db => Assert.False(await db.RecoveryRequests.AnyAsync(r => r.UserId == person.Id)));
    }

    [Fact]
    public async Task Path_traversal_file_name_is_stored_and_served_as_a_harmless_name()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);

        var requestId = await factory.SubmitRequestAsync(person,
            [new("Input.IdentityDocument", "../../../etc/passwd.pdf", SupportSteps.Pdf), new("Input.Selfie", "..\\..\\web.config.png", SupportSteps.Png)]);

        await factory.WithDbAsync(async db =>
        {
            var names = await db.RecoveryDocuments.Where(d => d.RequestId == requestId).OrderBy(d => d.Kind).Select(d => d.FileName).ToListAsync();
            Assert.Equal(["passwd.pdf", "webconfig.png"], names);
        });
    }

    [Fact]
    public async Task Organisation_admin_must_add_the_registry_extract()
    {
        var (admin, _) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        await factory.EnrolAsync(admin);
        var client = factory.CreatePortalClient();
        var page = await client.OpenRecoveryRequestAsync(admin.Email!);
        Assert.NotNull(page.QuerySelector("input[name='Input.RegistryExtract']"));

        var without = await client.SubmitRecoveryRequestAsync(page, SupportSteps.PersonDocuments);

        Assert.Equal(HttpStatusCode.OK, without.StatusCode);
        Assert.Contains("Choose a file.", await PortalClient.ErrorsAsync(without));
        var with = await client.SubmitRecoveryRequestAsync(page, SupportSteps.AdminDocuments);
        Assert.Equal(HttpStatusCode.Redirect, with.StatusCode);
        var requestId = await factory.RequestIdOfAsync(admin);
        Assert.True((await factory.RecoveryAsync(requestId)).IsOrganisationAdmin);
        Assert.Equal(3, await factory.DocumentCountAsync(requestId));
    }
}
