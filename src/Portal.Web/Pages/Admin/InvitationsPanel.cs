using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Portal.Core.Invitations;

namespace Portal.Web.Pages.Admin;

/// <summary>
/// The invitations part of the users pages: the invite form, what the last invite found (members
/// already, invited already) and the pending invitations. Shown on /o/{org}/admin/users and on
/// /o/{org}/admin/users/invitations; its forms post to the latter (<see cref="InvitationsModel"/>).
/// </summary>
public sealed record InvitationsPanel(
    string OrganisationSlug,
    string? Search,
    int PageNumber,
    InvitationsModel.InviteInput Invite,
    IReadOnlyList<PendingInvitation> Pending,
    IReadOnlyList<string> AlreadyMembers,
    IReadOnlyList<InvitationRef> AlreadyInvited,
    DateTimeOffset Now)
{
    /// <summary>Pending invitations listed at most; the search narrows them like the members.</summary>
    public const int MaxPendingShown = 100;

    private const string AlreadyMembersKey = "Invite.AlreadyMembers";
    private const string AlreadyInvitedKey = "Invite.AlreadyInvited";

    /// <summary>The URL a form of the panel posts to, keeping the members list's page and search.</summary>
    public string Action(string handler) => $"/o/{OrganisationSlug}/admin/users/invitations?handler={handler}&p={PageNumber}"
        + (string.IsNullOrEmpty(Search) ? "" : "&q=" + Uri.EscapeDataString(Search));

    public static async Task<InvitationsPanel> LoadAsync(
        PendingInvitations pending, Guid organisationId, string organisationSlug, string? search, int pageNumber,
        InvitationsModel.InviteInput invite, ITempDataDictionary tempData, TimeProvider clock)
    {
        var alreadyMembers = (tempData[AlreadyMembersKey] as string)?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var alreadyInvited = ((tempData[AlreadyInvitedKey] as string)?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [])
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2 && Guid.TryParse(parts[0], out _))
            .Select(parts => new InvitationRef(Guid.Parse(parts[0]), parts[1]))
            .ToList();
        var list = await pending.ListAsync(organisationId, search, MaxPendingShown);
        return new InvitationsPanel(organisationSlug, search, pageNumber, invite, list, alreadyMembers, alreadyInvited, clock.GetUtcNow());
    }

    /// <summary>Keeps what an invite found for the page shown after the redirect.</summary>
    public static void Remember(ITempDataDictionary tempData, InviteResult result)
    {
        tempData[AlreadyMembersKey] = string.Join('\n', result.AlreadyMembers);
        tempData[AlreadyInvitedKey] = string.Join('\n', result.AlreadyInvited.Select(i => $"{i.Id} {i.Email}"));
    }
}
