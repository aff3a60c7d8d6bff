using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Portal.Core.Data;

/// <summary>
/// Columns of a user written on their own (ExecuteUpdate) while the request also tracks that user.
/// A whole-row <c>UserManager.UpdateAsync</c> carries the concurrency stamp: two sign-ins of one
/// person at once made one of them fail, and the failed change then failed every later save of
/// that request (a 500 at sign-in). One column, no stamp, nothing left pending.
/// </summary>
public static class WrittenColumns
{
    /// <summary>The tracked copy takes the value already written, without becoming a pending change.</summary>
    public static void AcceptWritten<TEntity, TValue>(
        this DbContext db, TEntity entity, Expression<Func<TEntity, TValue>> property, TValue value)
        where TEntity : class
    {
        var entry = db.Entry(entity);
        var column = entry.Property(property);
        column.CurrentValue = value;
        if (entry.State != EntityState.Detached)
        {
            column.OriginalValue = value;
            column.IsModified = false;
        }
    }
}
