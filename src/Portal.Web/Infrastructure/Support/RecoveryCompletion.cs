using Microsoft.AspNetCore.Identity;
using Portal.Core.Accounts;
using Portal.Core.Support;
using Portal.Web.Infrastructure.Mail;

namespace Portal.Web.Infrastructure.Support;

/// <summary>Applies the resets whose cooling-off is over and tells the person and their organisations' admins.</summary>
public sealed class RecoveryCompletion(RecoveryService recoveries, PortalEmails emails, UserManager<PortalUser> users)
{
    public async Task<int> ApplyDueAsync(Guid? userId = null)
    {
        var completed = await recoveries.ApplyDueAsync(userId);
        foreach (var recovery in completed)
        {
            emails.RecoveryCompleted(recovery.User);
            foreach (var (admin, organisationName) in recovery.Admins)
            {
                emails.RecoveryCompletedForAdmin(admin, recovery.User, organisationName);
            }
        }

        return completed.Count;
    }

    /// <summary>At login, once the password is verified: applies the person's due recovery, if any.</summary>
    public async Task<int> ApplyDueForEmailAsync(string email) =>
        await users.FindByEmailAsync(email) is { } user ? await ApplyDueAsync(user.Id) : 0;
}
