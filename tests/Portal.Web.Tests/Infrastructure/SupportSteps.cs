using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Accounts;
using Portal.Core.Support;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>A file as a browser uploads it: the form field, the name on the person's disk, the bytes.</summary>
public sealed record Upload(string Field, string FileName, byte[] Content);

/// <summary>Support-recovery steps the tests share: agents, sample files, the request form, the worker's run.</summary>
public static class SupportSteps
{
    public const string RequestForm = "form[data-testid=recovery-request-form]";

    public static readonly byte[] Pdf = [.. "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"u8];
    /// <summary>A real 1×1 PNG, so the console's preview shows an image.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0, 1, 2, 3];

    /// <summary>A Windows executable ("MZ" header) whatever its name says.</summary>
    public static readonly byte[] Exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00];

    public static Upload[] PersonDocuments =>
        [new("Input.IdentityDocument", "passport.pdf", Pdf), new("Input.Selfie", "selfie.png", Png)];

    public static Upload[] AdminDocuments =>
        [.. PersonDocuments, new("Input.RegistryExtract", "kbo-extract.jpg", Jpeg)];

    /// <summary>A support agent with an authenticator app, signed in on a client of their own.</summary>
    public static async Task<(PortalUser Agent, PortalClient Client)> SignedInAgentAsync(this PortalFactory factory)
    {
        var agent = await factory.Data.UserAsync(TestData.NewEmail("agent"), name: "Agent " + Guid.NewGuid().ToString("N")[..4]);
        await factory.MakeSupportAsync(agent.Email!);
        var enrolled = await factory.EnrolAsync(agent, "Support phone");
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(agent.Email!, enrolled.Secret);
        return (agent, client);
    }

    public static Task<SupportStaffResult> MakeSupportAsync(this PortalFactory factory, string email) =>
        factory.WithServicesAsync(services => services.GetRequiredService<SupportStaff>().AddAsync(email));

    /// <summary>Password verified, second factor lost: opens /login/recovery/request from the link on /login/recovery.</summary>
    public static async Task<IHtmlDocument> OpenRecoveryRequestAsync(this PortalClient client, string email)
    {
        await client.LoginToSecondStepAsync(email);
        var recovery = await client.GetPageAsync("/login/recovery");
        var link = recovery.QuerySelector("a[data-testid=lost-all-factors]")!.GetAttribute("href")!;
        return await client.GetPageAsync(link);
    }

    /// <summary>Posts the request form as a browser does: multipart, with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> SubmitRecoveryRequestAsync(
        this PortalClient client, IHtmlDocument page, IEnumerable<Upload> files, string phone = "+32 470 12 34 56")
    {
        var form = page.QuerySelector(RequestForm) ?? throw new InvalidOperationException("No request form on " + page.Url);
        var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new StringContent("I lost my phone on the train and never saved the backup codes."), "Input.WhatHappened" },
            { new StringContent(phone), "Input.CallbackPhone" },
        };
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, file.Field, file.FileName);
        }

        return await client.Http.PostAsync("/login/recovery/request", content);
    }

    /// <summary>Submits a complete request for the person (who has 2FA) and returns its id.</summary>
    public static async Task<Guid> SubmitRequestAsync(this PortalFactory factory, PortalUser person, Upload[]? documents = null)
    {
        var client = factory.CreatePortalClient();
        var page = await client.OpenRecoveryRequestAsync(person.Email!);
        var response = await client.SubmitRecoveryRequestAsync(page, documents ?? PersonDocuments);
        Assert.True(PortalClient.IsRedirect(response.StatusCode), "Request refused: " + await PortalClient.ErrorsAsync(response));
        return await factory.RequestIdOfAsync(person);
    }

    public static Task<Guid> RequestIdOfAsync(this PortalFactory factory, PortalUser person) =>
        factory.WithServicesAsync(services => services.GetRequiredService<Portal.Core.Data.PortalDbContext>().RecoveryRequests
            .Where(r => r.UserId == person.Id).OrderByDescending(r => r.CreatedAt).Select(r => r.Id).FirstAsync());

    public static Task<RecoveryRequest> RecoveryAsync(this PortalFactory factory, Guid id) =>
        factory.WithServicesAsync(services => services.GetRequiredService<Portal.Core.Data.PortalDbContext>().RecoveryRequests
            .AsNoTracking().SingleAsync(r => r.Id == id));

    public static Task<int> DocumentCountAsync(this PortalFactory factory, Guid requestId) =>
        factory.WithServicesAsync(services => services.GetRequiredService<Portal.Core.Data.PortalDbContext>().RecoveryDocuments
            .CountAsync(d => d.RequestId == requestId));

    /// <summary>A recovery request of <paramref name="person"/>, checked and approved by an agent: its cooling-off runs.</summary>
    public static async Task<Guid> ApprovedRecoveryAsync(this PortalFactory factory, PortalUser person)
    {
        var requestId = await factory.SubmitRequestAsync(person);
        var (_, agent) = await factory.SignedInAgentAsync();
        await agent.TickChecklistAsync(requestId);
        await agent.ApproveAsync(requestId);
        return requestId;
    }

    /// <summary>What the background worker does every minute.</summary>
    public static Task<int> RunRecoveryWorkerAsync(this PortalFactory factory) =>
        factory.WithServicesAsync(async services =>
        {
            var applied = await services.GetRequiredService<RecoveryCompletion>().ApplyDueAsync();
            await services.GetRequiredService<Portal.Web.Infrastructure.Mail.Mailer>().CommitAsync();
            await services.GetRequiredService<RecoveryDocumentPurge>().PurgeAsync();
            return applied;
        });

    public static async Task<HttpResponseMessage> TickChecklistAsync(this PortalClient agent, Guid requestId, bool registry = false, bool callback = true)
    {
        var page = await agent.GetPageAsync($"/support/requests/{requestId}");
        var fields = new Dictionary<string, string>
        {
            ["Checklist.NameMatchesAccount"] = "true",
            ["Checklist.SelfieMatchesDocument"] = "true",
            ["Checklist.CallbackMade"] = callback ? "true" : "false",
            ["Checklist.Notes"] = "Called back, voice matched the ID.",
        };
        if (registry)
        {
            fields["Checklist.RegistryExtractMatches"] = "true";
        }

        var response = await agent.SubmitAsync(page, "form[data-testid=checklist-form]", fields);
        Assert.True(PortalClient.IsRedirect(response.StatusCode), $"Checklist refused: {(int)response.StatusCode} " + await PortalClient.ErrorsAsync(response));
        return response;
    }

    /// <summary>Presses Approve and returns the message the page shows after the redirect.</summary>
    public static async Task<string> ApproveAsync(this PortalClient agent, Guid requestId)
    {
        var page = await agent.GetPageAsync($"/support/requests/{requestId}");
        var after = await agent.SubmitAndFollowAsync(page, "form[data-testid=approve-form]");
        return after.QuerySelector("main")!.TextContent;
    }
}
