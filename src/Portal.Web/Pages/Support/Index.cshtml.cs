using Microsoft.AspNetCore.Mvc;
using Portal.Core.Support;

namespace Portal.Web.Pages.Support;

/// <summary>/support: the queue of open recovery requests and the people search. Support staff only (SupportStaffFilter).</summary>
public sealed class IndexModel(RecoveryReview recoveries, SupportDirectory directory) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    public IReadOnlyList<QueueRow> Queue { get; private set; } = [];

    public IReadOnlyList<SupportPerson> People { get; private set; } = [];

    public sealed record QueueRow(RecoveryRequest Request, IReadOnlyList<SupportMembership> Memberships);

    public async Task OnGetAsync()
    {
        var rows = new List<QueueRow>();
        foreach (var request in await recoveries.QueueAsync())
        {
            rows.Add(new QueueRow(request, await directory.MembershipsAsync(request.UserId)));
        }

        Queue = rows;
        People = await directory.SearchAsync(Search);
    }
}
