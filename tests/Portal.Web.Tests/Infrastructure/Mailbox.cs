using Portal.Web.Infrastructure.Mail;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>The real .eml messages the portal wrote to its pickup folder.</summary>
public sealed class Mailbox(string directory)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public IReadOnlyList<EmlMessage> All() => EmlMessage.ReadFolder(directory);

    public IReadOnlyList<EmlMessage> To(string recipient) =>
        All().Where(m => m.To.Equals(recipient, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits for the next message to the recipient whose subject contains the text (e-mail leaves through a background queue).</summary>
    public async Task<EmlMessage> WaitForAsync(string recipient, string subjectContains)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var message = To(recipient).FirstOrDefault(m => m.Subject.Contains(subjectContains, StringComparison.OrdinalIgnoreCase));
            if (message is not null)
            {
                return message;
            }

            if (DateTime.UtcNow > deadline)
            {
                var seen = string.Join("; ", All().Select(m => $"{m.To}: {m.Subject}"));
                throw new TimeoutException($"No e-mail to {recipient} about \"{subjectContains}\". Seen: {seen}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Lets the background queue drain, then asserts nothing arrived for the recipient.</summary>
    public async Task AssertNoneToAsync(string recipient)
    {
        await Task.Delay(500);
        Assert.Empty(To(recipient));
    }

    /// <summary>The first link in the message that points into the portal, as a path and query.</summary>
    public static string LinkIn(EmlMessage message, string pathStartsWith)
    {
        var link = message.Links().First(l => new Uri(l).AbsolutePath.StartsWith(pathStartsWith, StringComparison.Ordinal));
        return new Uri(link).PathAndQuery;
    }
}
