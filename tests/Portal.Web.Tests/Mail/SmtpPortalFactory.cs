using Microsoft.AspNetCore.Hosting;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Mail;

/// <summary>The in-process portal sending real SMTP to its own aiosmtpd instead of writing a pickup folder.</summary>
public sealed class SmtpPortalFactory : PortalFactory
{
    public SmtpCatcher Catcher { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Catcher = await SmtpCatcher.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Catcher is not null)
        {
            await Catcher.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:PickupDirectory", "");
        builder.UseSetting("Mail:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Mail:Smtp:Port", Catcher.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Mail:Smtp:Security", "None");
        builder.UseSetting("Mail:Smtp:TimeoutSeconds", "5");
    }
}
