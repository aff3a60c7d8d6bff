using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Accounts;

/// <summary>Stores the language a person reads the portal and its e-mails in.</summary>
public sealed class PreferredLanguage(PortalDbContext db)
{
    /// <summary>
    /// Saves <paramref name="language"/> as one column (<see cref="WrittenColumns"/>), so that two
    /// sign-ins of one person at once both succeed.
    /// </summary>
    public async Task SetAsync(PortalUser user, string language)
    {
        if (user.PreferredLanguage == language)
        {
            return;
        }

        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredLanguage, language));
        db.AcceptWritten(user, u => u.PreferredLanguage, language);
    }
}
