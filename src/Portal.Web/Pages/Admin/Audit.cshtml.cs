using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Portal.Core.Audit;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.Pages.Admin;

/// <summary>The organisation's audit log, newest first: filters, keyset paging, CSV export.</summary>
[OrganisationAdmin]
public sealed class AuditModel(OrganisationAuditTrail trail, CurrentTenant tenant, TimeProvider clock) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Person { get; set; }

    [BindProperty(SupportsGet = true)]
    [CalendarDate]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    [CalendarDate]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Before { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public AuditPage Events { get; private set; } = new([], null, null);

    public async Task OnGetAsync() =>
        Events = await trail.PageAsync(tenant.Organisation.Id, Filter(), AuditCursor.Parse(Before), AuditCursor.Parse(After));

    /// <summary>Every event the filters match, as a CSV attachment, streamed.</summary>
    public async Task<IActionResult> OnGetCsvAsync()
    {
        var fileName = $"audit-{tenant.Organisation.Slug}-{clock.GetUtcNow():yyyyMMdd}.csv";
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
        // A byte-order mark, so spreadsheet programs read the names with accents as UTF-8.
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await writer.WriteLineAsync(AuditCsv.Header);
        await foreach (var auditEvent in trail.AllAsync(tenant.Organisation.Id, Filter()))
        {
            await writer.WriteLineAsync(AuditCsv.Row(auditEvent, AuditEventText.LabelOrType(L, auditEvent.Type)));
        }

        return new EmptyResult();
    }

    /// <summary>This page's URL with the current filters, plus the given query values (null removes one).</summary>
    public string Link(string? handler = null, string? before = null, string? after = null)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("handler", handler);
        Add("type", KnownType());
        Add("person", Person);
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("before", before);
        Add("after", after);
        return $"/o/{tenant.Organisation.Slug}/admin/audit" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    private AuditFilter Filter() => new(KnownType(), Person, From, To, Time.Zone);

    private string? KnownType() => Type is not null && AuditEventText.Types.Contains(Type) ? Type : null;
}
