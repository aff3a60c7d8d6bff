using Microsoft.AspNetCore.Identity;
using Portal.Core.Accounts;
using Portal.Core.Support;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;

namespace Portal.Web.Infrastructure.Support;

/// <summary>Applies the resets whose cooling-off is over and tells the person and their organisations' admins.</summary>
public sealed class RecoveryCompletion(DueRecoveries due, Mailer mail, UserManager<PortalUser> users)
{
    public async Task<int> ApplyDueAsync(Guid? userId = null)
    {
        var completed = await due.ApplyAsync(userId);
        foreach (var recovery in completed)
        {
            mail.Send(recovery.User, new RecoveryCompletedEmail(recovery.User.Email!));
            foreach (var (admin, organisationName) in recovery.Admins)
            {
                mail.Send(admin, new RecoveryCompletedForAdminEmail(recovery.User.Email!, organisationName));
            }
        }

        // Also run by RecoveryWorker, outside any page: commit the notices here.
        await mail.CommitAsync();
        return completed.Count;
    }

    /// <summary>At login, once the password is verified: applies the person's due recovery, if any.</summary>
    public async Task<int> ApplyDueForEmailAsync(string email) =>
        await users.FindByEmailAsync(email) is { } user ? await ApplyDueAsync(user.Id) : 0;
}
