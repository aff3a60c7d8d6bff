using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portal.Web.Infrastructure.Mail;

namespace Portal.Web.Pages.Dev;

/// <summary>
/// Development only, and only to a browser on this machine: the e-mails the portal wrote to its
/// pickup folder (they hold reset links). Everywhere else: 404.
/// </summary>
[AllowAnonymous]
public sealed class MailboxModel(IWebHostEnvironment environment, IOptions<MailOptions> mail) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    public IReadOnlyList<EmlMessage> Messages { get; private set; } = [];

    public EmlMessage? Selected { get; private set; }

    public IActionResult OnGet()
    {
        if (!environment.IsDevelopment() || HttpContext.Connection.RemoteIpAddress is not { } client || !IPAddress.IsLoopback(client))
        {
            return NotFound();
        }

        Messages = EmlMessage.ReadFolder(MailTransport.PickupDirectory(mail.Value, environment));
        Selected = Id is null ? (Messages.Count > 0 ? Messages[0] : null) : Messages.FirstOrDefault(m => m.Id == Id);
        return Id is not null && Selected is null ? NotFound() : Page();
    }
}
