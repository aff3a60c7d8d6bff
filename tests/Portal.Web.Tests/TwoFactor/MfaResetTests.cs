using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Mfa;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.TwoFactor;

/// <summary>
/// The two calls other features use — "does this person have an active authenticator"
/// (<see cref="AuthenticatorService.HasAnyAsync"/>) and "reset this person's MFA"
/// (<see cref="TwoFactorRemoval.ResetAsync"/>: admins and support, when every factor is lost).
/// </summary>
public sealed class MfaResetTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Has_active_authenticator_follows_enrolment_and_reset()
    {
        var user = await factory.Data.UserAsync();
        Assert.False(await HasActiveAuthenticatorAsync(user.Id));

        await factory.EnrolAsync(user);
        Assert.True(await HasActiveAuthenticatorAsync(user.Id));

        await ResetAsync(user.Id, actor: null);
        Assert.False(await HasActiveAuthenticatorAsync(user.Id));
    }

    [Fact]
    public async Task Reset_removes_every_second_factor_ends_every_session_and_forgets_remembered_devices()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(Portal.Core.Organisations.OrganisationRole.Admin);
        var user = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(user, office);
        var enrolled = await factory.EnrolAsync(user);
        await factory.SetVerifiedBackupEmailAsync(user, TestData.NewEmail("private"));
        var rememberedBrowser = factory.CreatePortalClient();
        var codePage = await rememberedBrowser.LoginToSecondStepAsync(user.Email!);
        await rememberedBrowser.SubmitCodeAsync(codePage, factory.NextCode(enrolled.Secret), rememberDevice: true);
        Assert.True(await rememberedBrowser.IsSignedInAsync());

        var adminUser = await factory.WithServicesAsync(services =>
            services.GetRequiredService<Portal.Core.Data.PortalDbContext>().Users.SingleAsync(u => u.Id == admin.Id));
        Assert.True(await ResetAsync(user.Id, adminUser, office.Id));

        Assert.False(await rememberedBrowser.IsSignedInAsync());
        await factory.WithDbAsync(async db =>
        {
            Assert.False(await db.Authenticators.AnyAsync(a => a.UserId == user.Id));
            Assert.False(await db.BackupCodes.AnyAsync(c => c.UserId == user.Id));
            Assert.False(await db.Users.Where(u => u.Id == user.Id).Select(u => u.TwoFactorEnabled).SingleAsync());
            var audit = await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.TwoFactorReset && e.TargetUserId == user.Id);
            Assert.Equal(admin.Id, audit.ActorUserId);
            Assert.Equal(office.Id, audit.OrganisationId);
        });

        // Enrolled again on a new phone: the browser remembered before the reset must ask for a code.
        await factory.EnrolAsync(user, "New phone");
        await rememberedBrowser.LoginToSecondStepAsync(user.Email!);
    }

    [Fact]
    public async Task Reset_of_an_unknown_person_changes_nothing()
    {
        Assert.False(await ResetAsync(Guid.NewGuid(), actor: null));
    }

    private Task<bool> HasActiveAuthenticatorAsync(Guid userId) =>
        factory.WithServicesAsync(services => services.GetRequiredService<AuthenticatorService>().HasAnyAsync(userId));

    private Task<bool> ResetAsync(Guid userId, Portal.Core.Accounts.PortalUser? actor, Guid? organisationId = null) =>
        factory.WithServicesAsync(services => services.GetRequiredService<TwoFactorRemoval>().ResetAsync(userId, actor, organisationId));
}
