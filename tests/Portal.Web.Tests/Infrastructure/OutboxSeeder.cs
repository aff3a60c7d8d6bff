using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.DataProtection;
using Portal.Core.Mail;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>Queues e-mails straight into a database's outbox, as the portal's own requests would, on the shared key ring.</summary>
public static class OutboxSeeder
{
    public static async Task<IReadOnlyList<string>> QueuePasswordResetsAsync(string database, int count)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<PortalDbContext>(o => o.UseNpgsql(TestDatabase.ConnectionString(database)));
        services.AddPortalDataProtection();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<MailOutbox>();
        await using var provider = services.BuildServiceProvider();
        var recipients = Enumerable.Range(1, count).Select(i => $"colleague{i:D3}.{Guid.NewGuid():N}"[..22] + "@office.test").ToList();
        await using var scope = provider.CreateAsyncScope();
        var mailer = new Mailer(scope.ServiceProvider.GetRequiredService<MailOutbox>(), new OutboxSignal(), TimeProvider.System, new HttpContextAccessor());
        foreach (var recipient in recipients)
        {
            mailer.Send(recipient, "en", recipient, new PasswordResetEmail("/reset-password?user=x&token=" + Guid.NewGuid().ToString("N")));
        }

        await mailer.CommitAsync();
        return recipients;
    }

    public static async Task<List<OutboxMessage>> RowsAsync(string database)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(TestDatabase.ConnectionString(database)).Options;
        await using var db = new PortalDbContext(options);
        return await db.OutboxMessages.AsNoTracking().ToListAsync();
    }
}
