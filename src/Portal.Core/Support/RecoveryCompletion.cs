using Portal.Core.Mail;

namespace Portal.Core.Support;

public sealed record RecoveryCompletedNotice : SecurityNotice;

/// <summary>To each admin of the person's organisations: <paramref name="Member"/>'s two-factor authentication was reset by support.</summary>
public sealed record RecoveryCompletedForAdminNotice(string Member, string OrganisationName) : SecurityNotice;

/// <summary>
/// Applies the support recoveries whose cooling-off is over (all of them for the worker, one person's
/// at their login) and tells the person and their organisations' admins.
/// </summary>
public sealed class RecoveryCompletion(DueRecoveries recoveries, ISecurityNoticeMail notices, MailOutbox outbox)
{
    public async Task<int> ApplyDueAsync(Guid? userId = null)
    {
        var completed = await recoveries.ApplyAsync(userId);
        foreach (var recovery in completed)
        {
            notices.Queue(recovery.User, new RecoveryCompletedNotice());
            foreach (var (admin, organisationName) in recovery.Admins)
            {
                notices.Queue(admin, new RecoveryCompletedForAdminNotice(recovery.User.Email!, organisationName));
            }
        }

        // Also run by the worker, outside any page: the notices commit here.
        await outbox.SaveAsync();
        return completed.Count;
    }
}
