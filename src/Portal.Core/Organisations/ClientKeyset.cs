using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Portal.Core.Organisations;

/// <summary>
/// Where Next or Previous continues the client list (<c>?after=…</c> / <c>?before=…</c>): the sort key
/// and id of the last (or first) row shown, its position for "51–100 of N", and what list it belongs
/// to. A cursor of another environment, order or search is not used. <c>Position</c>: after, the
/// position of the first row to show; before, of the first row of the page being left.
/// </summary>
public sealed record ClientCursor(
    Guid EnvironmentId, ClientSort Sort, bool Descending, string Search, bool Before, int Position,
    string Name, Guid Id, string? Number, int StatusRank);

/// <summary>
/// Keyset paging of the client list: a page after (or before) a row is the rows whose sort key comes
/// after (before) that row's, read from the index in order, so a deep page costs what the first page
/// costs — OFFSET reads and throws away every row before the page. Each order is one index range
/// (the name and the number have an index in that order, the status is three-valued), and the cursor
/// travels opaque and authenticated (Data Protection), so a changed or made-up one is refused and the
/// list starts at its first page.
/// </summary>
public static class ClientKeyset
{
    private const string Purpose = "Portal.Organisations.ClientCursor.v1";

    public static string Protect(IDataProtectionProvider provider, ClientCursor cursor) =>
        provider.CreateProtector(Purpose).Protect(JsonSerializer.Serialize(cursor));

    /// <summary>The cursor in <paramref name="token"/>, or null when it is absent, altered or not for this list.</summary>
    public static ClientCursor? Read(IDataProtectionProvider provider, string? token, Guid environmentId, ClientSort sort, bool descending, string search)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        try
        {
            var cursor = JsonSerializer.Deserialize<ClientCursor>(provider.CreateProtector(Purpose).Unprotect(token));
            return cursor is not null && cursor.EnvironmentId == environmentId && cursor.Sort == sort
                && cursor.Descending == descending && cursor.Search == search && cursor.Position > 0 && cursor.Name is not null
                ? cursor
                : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Longer than any cursor the portal writes (a 200-character name, a number, the search).</summary>
    private const int MaxTokenLength = 4096;

    /// <summary>
    /// The rows strictly after (<paramref name="greater"/>) or before the cursor's row in the ascending
    /// order, as ranges read one after the other in that direction. Only the number needs two: its
    /// empty values sort after every number (PostgreSQL's NULLS LAST), so the rows after a number are
    /// the greater numbers, then the rows without one.
    /// </summary>
    public static IReadOnlyList<Expression<Func<Client, bool>>> Ranges(ClientCursor at, bool greater)
    {
        var (name, id, number, rank) = (at.Name, at.Id, at.Number, at.StatusRank);
        return (at.Sort, greater, number is null) switch
        {
            (ClientSort.Number, true, false) =>
            [
                c => EF.Functions.GreaterThan(ValueTuple.Create(c.Number, c.Name, c.Id), ValueTuple.Create(number, name, id)),
                c => c.Number == null,
            ],
            (ClientSort.Number, true, true) =>
                [c => c.Number == null && EF.Functions.GreaterThan(ValueTuple.Create(c.Name, c.Id), ValueTuple.Create(name, id))],
            (ClientSort.Number, false, false) =>
                [c => EF.Functions.LessThan(ValueTuple.Create(c.Number, c.Name, c.Id), ValueTuple.Create(number, name, id))],
            (ClientSort.Number, false, true) =>
            [
                c => c.Number == null && EF.Functions.LessThan(ValueTuple.Create(c.Name, c.Id), ValueTuple.Create(name, id)),
                c => c.Number != null,
            ],
            (ClientSort.Status, true, _) => [WithRank((c, r) => EF.Functions.GreaterThan(ValueTuple.Create(r, c.Name, c.Id), ValueTuple.Create(rank, name, id)))],
            (ClientSort.Status, false, _) => [WithRank((c, r) => EF.Functions.LessThan(ValueTuple.Create(r, c.Name, c.Id), ValueTuple.Create(rank, name, id)))],
            (_, true, _) => [c => EF.Functions.GreaterThan(ValueTuple.Create(c.Name, c.Id), ValueTuple.Create(name, id))],
            _ => [c => EF.Functions.LessThan(ValueTuple.Create(c.Name, c.Id), ValueTuple.Create(name, id))],
        };
    }

    /// <summary>The status's place in the list's order (<see cref="ClientDirectory.StatusRank"/>), put where <c>r</c> stands.</summary>
    private static Expression<Func<Client, bool>> WithRank(Expression<Func<Client, int, bool>> predicate)
    {
        var client = predicate.Parameters[0];
        var rank = new Rebind(ClientDirectory.StatusRank.Parameters[0], client).Visit(ClientDirectory.StatusRank.Body);
        return Expression.Lambda<Func<Client, bool>>(new Rebind(predicate.Parameters[1], rank).Visit(predicate.Body), client);
    }

    private sealed class Rebind(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
