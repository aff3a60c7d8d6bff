using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Accounts;
using Portal.Core.Mfa;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// A person's authenticator as the test holds it: the secret (as an app would) and the backup codes
/// shown once; <see cref="Shown"/> is the page that showed them (enrolment through the page only).
/// </summary>
public sealed record Enrolled(byte[] Secret, IReadOnlyList<string> BackupCodes, IHtmlDocument? Shown = null);

/// <summary>
/// Two-factor steps the tests share. Codes are computed from the key like an authenticator app
/// would, at the time of the factory's clock.
/// </summary>
public static class TwoFactorSteps
{
    /// <summary>Enrols through the real page: reads the key it shows, types a code computed from it, reads the backup codes.</summary>
    public static async Task<Enrolled> EnrolThroughPageAsync(
        this PortalClient client, string name = "iPhone", string addPage = "/account/security/authenticators/add")
    {
        var page = await client.GetPageAsync(addPage);
        var secret = Totp.FromBase32(page.QuerySelector("[data-testid=authenticator-key]")!.TextContent);
        var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.Code"] = Totp.Code(secret, client.Factory.Clock.GetUtcNow()),
        });
        Assert.True(PortalClient.IsRedirect(response.StatusCode), "Enrolment failed: " + await PortalClient.ErrorsAsync(response));
        var shown = await client.FollowAsync(response);
        var codes = shown.QuerySelectorAll("[data-testid=backup-codes] code").Select(c => c.TextContent).ToList();
        return new Enrolled(secret, codes, shown);
    }

    /// <summary>Arranges an authenticator through the services (fast), for tests about what comes after.</summary>
    public static Task<Enrolled> EnrolAsync(this PortalFactory factory, PortalUser user, string name = "iPhone") =>
        factory.WithServicesAsync(async services =>
        {
            var fresh = (await services.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(user.Id.ToString()))!;
            var authenticators = services.GetRequiredService<AuthenticatorService>();
            var enrolment = authenticators.BeginEnrolment(fresh);
            var secret = Totp.FromBase32(enrolment.KeyForTyping);
            var result = await authenticators.ConfirmEnrolmentAsync(
                fresh, enrolment.State, name, Totp.Code(secret, factory.Clock.GetUtcNow()), keepSession: null);
            Assert.Equal(EnrolmentStatus.Added, result.Status);
            return new Enrolled(secret, result.NewBackupCodes ?? []);
        });

    /// <summary>
    /// The code the app shows half a minute later. The step of the code just used is never accepted
    /// again, so a test that needs a fresh code waits for the next one, as a person would.
    /// </summary>
    public static string NextCode(this PortalFactory factory, byte[] secret)
    {
        factory.Clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        return Totp.Code(secret, factory.Clock.GetUtcNow());
    }

    /// <summary>The password step of someone with 2FA; asserts it leads to /login/2fa and returns that page.</summary>
    public static async Task<IHtmlDocument> LoginToSecondStepAsync(
        this PortalClient client, string email, bool rememberMe = false, string? returnUrl = null, string password = TestData.Password)
    {
        var response = await client.LoginAsync(email, password, rememberMe, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login/2fa", response.Headers.Location!.OriginalString);
        return await client.FollowAsync(response);
    }

    public static Task<HttpResponseMessage> SubmitCodeAsync(this PortalClient client, IHtmlDocument page, string code, bool rememberDevice = false)
    {
        var fields = new Dictionary<string, string> { ["Input.Code"] = code };
        if (rememberDevice)
        {
            fields["Input.RememberDevice"] = "true";
        }

        return client.SubmitAsync(page, "main form", fields);
    }

    /// <summary>Password, then a fresh code: a full sign-in of someone with 2FA.</summary>
    public static async Task LoginWithCodeAsync(this PortalClient client, string email, byte[] secret)
    {
        var page = await client.LoginToSecondStepAsync(email);
        var response = await client.SubmitCodeAsync(page, client.Factory.NextCode(secret));
        Assert.True(PortalClient.IsRedirect(response.StatusCode), "Code refused: " + await PortalClient.ErrorsAsync(response));
    }

    /// <summary>Whether the client's session still opens a signed-in page.</summary>
    public static async Task<bool> IsSignedInAsync(this PortalClient client) =>
        (await client.GetAsync("/account/security")).StatusCode == HttpStatusCode.OK;

    /// <summary>Six equal digits that are none of the codes accepted at <paramref name="now"/> (one step either side).</summary>
    public static string WrongCode(byte[] secret, DateTimeOffset now)
    {
        var accepted = Enumerable.Range(-1, 3).Select(i => Totp.Code(secret, now.AddSeconds(i * Totp.StepSeconds))).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), Totp.Digits)).First(c => !accepted.Contains(c));
    }

    /// <summary>Gives the person a backup e-mail that is already verified (the verification flow has tests of its own).</summary>
    public static Task SetVerifiedBackupEmailAsync(this PortalFactory factory, PortalUser user, string address) =>
        factory.WithDbAsync(async db =>
        {
            var stored = await db.Users.SingleAsync(u => u.Id == user.Id);
            stored.BackupEmail = address;
            stored.BackupEmailVerifiedAt = factory.Clock.GetUtcNow();
            await db.SaveChangesAsync();
        });

    /// <summary>The 8-digit code of the newest sign-in code e-mail to <paramref name="address"/>.</summary>
    public static async Task<string> EmailedCodeAsync(this PortalFactory factory, string address)
    {
        var mail = await factory.Mailbox.WaitForAsync(address, "login code");
        return System.Text.RegularExpressions.Regex.Match(mail.Text, @"(?<!\d)\d{8}(?!\d)").Value;
    }
}
