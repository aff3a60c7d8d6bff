using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Core.Security;
using Portal.Core.Support;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// Defence in depth (ActorRights): the Core commands behind the admin and support pages refuse a
/// wrong actor themselves, without the web filters in front of them (OWASP ASVS 5.0 V8.2.1).
/// </summary>
public sealed class ActorRightsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_plain_member_cannot_change_a_role_or_remove_a_member()
    {
        var (member, office) = await factory.Data.MemberOfNewOrganisationAsync();
        var colleague = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(colleague, office);

        await Refused<MembershipService>(s => s.ChangeRoleAsync(office.Id, member.Id, OrganisationRole.Admin, member));
        await Refused<MembershipService>(s => s.RemoveAsync(office.Id, colleague.Id, member));

        Assert.Equal(OrganisationRole.Member, await RoleAsync(office, member));
        Assert.Equal(OrganisationRole.Member, await RoleAsync(office, colleague));
    }

    [Fact]
    public async Task An_admin_of_another_office_cannot_change_or_remove_its_members()
    {
        var (outsider, _) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var member = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(member, office);

        await Refused<MembershipService>(s => s.ChangeRoleAsync(office.Id, member.Id, OrganisationRole.Admin, outsider));
        await Refused<MembershipService>(s => s.RemoveAsync(office.Id, admin.Id, outsider));

        Assert.Equal(OrganisationRole.Member, await RoleAsync(office, member));
        Assert.Equal(OrganisationRole.Admin, await RoleAsync(office, admin));
    }

    [Fact]
    public async Task Only_an_admin_of_the_office_can_reset_a_members_mfa()
    {
        var (member, office) = await factory.Data.MemberOfNewOrganisationAsync();
        await factory.EnrolAsync(member);
        var colleague = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(colleague, office);
        var (otherAdmin, _) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);

        await Refused<AdminMfaReset>(s => s.ResetAsync(office.Id, colleague, member.Id));
        await Refused<AdminMfaReset>(s => s.ResetAsync(office.Id, otherAdmin, member.Id));

        await factory.WithDbAsync(async db =>
        {
            Assert.True(await db.Authenticators.AnyAsync(a => a.UserId == member.Id));
            Assert.False(await db.AuditEvents.AnyAsync(e => e.TargetUserId == member.Id && e.Type == AuditEventTypes.TwoFactorReset));
        });
    }

    [Fact]
    public async Task An_office_admin_who_is_not_support_cannot_review_decide_or_open_documents()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var requestId = await factory.SubmitRequestAsync(person);
        var (admin, _) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var documentId = await factory.WithServicesAsync(s => s.GetRequiredService<Portal.Core.Data.PortalDbContext>().RecoveryDocuments
            .Where(d => d.RequestId == requestId).Select(d => d.Id).FirstAsync());

        await Refused<RecoveryReview>(s => s.OpenDocumentAsync(requestId, documentId, admin, preview: false));
        await Refused<RecoveryReview>(s => s.SaveChecklistAsync(requestId, admin, true, true, true, true, null));
        await Refused<RecoveryReview>(s => s.ApproveAsync(requestId, admin));
        await Refused<RecoveryReview>(s => s.RejectAsync(requestId, admin, "no"));

        var request = await factory.RecoveryAsync(requestId);
        Assert.Equal(RecoveryStatus.Submitted, request.Status);
        Assert.False(request.CallbackMade);
        await factory.WithDbAsync(async db =>
            Assert.False(await db.AuditEvents.AnyAsync(e => e.Type == AuditEventTypes.RecoveryDocumentViewed && e.TargetUserId == person.Id)));
    }

    [Fact]
    public async Task Support_staff_can_open_a_document_through_the_same_check()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var requestId = await factory.SubmitRequestAsync(person);
        var agent = await factory.Data.UserAsync(TestData.NewEmail("agent"));
        await factory.MakeSupportAsync(agent.Email!);
        var documentId = await factory.WithServicesAsync(s => s.GetRequiredService<Portal.Core.Data.PortalDbContext>().RecoveryDocuments
            .Where(d => d.RequestId == requestId).Select(d => d.Id).FirstAsync());

        var file = await factory.WithServicesAsync(s => s.GetRequiredService<RecoveryReview>().OpenDocumentAsync(requestId, documentId, agent, preview: false));

        Assert.NotNull(file);
    }

    private async Task Refused<TService>(Func<TService, Task> command)
        where TService : notnull =>
        await factory.WithServicesAsync(async services =>
        {
            await Assert.ThrowsAsync<ActorNotAllowedException>(() => command(services.GetRequiredService<TService>()));
            return true;
        });

    private Task<OrganisationRole> RoleAsync(Organisation office, PortalUser user) =>
        factory.WithServicesAsync(s => s.GetRequiredService<Portal.Core.Data.PortalDbContext>().Memberships
            .Where(m => m.OrganisationId == office.Id && m.UserId == user.Id).Select(m => m.Role).SingleAsync());
}
