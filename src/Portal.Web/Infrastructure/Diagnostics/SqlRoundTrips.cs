using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Web.Infrastructure.Diagnostics;

/// <summary>
/// Counts the SQL commands each HTTP request sends to PostgreSQL and reports them in the
/// <c>X-Sql-Round-Trips</c> response header, so the benchmark (and anyone chasing an N+1) sees
/// the figure per page. Off unless <c>Diagnostics:SqlRoundTripHeader</c> is true: the header tells
/// an outsider how a page works, and the count costs a little on every command.
/// Every command the portal sends goes through EF Core (Identity's stores, ExecuteUpdate, the
/// Data Protection key ring and the health check included), so one EF Core interceptor sees them all.
/// </summary>
public static class SqlRoundTrips
{
    public const string ConfigurationKey = "Diagnostics:SqlRoundTripHeader";

    public const string HeaderName = "X-Sql-Round-Trips";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(ConfigurationKey);

    /// <summary>Starts the count for the request and writes it when the response starts.</summary>
    public static IApplicationBuilder UseSqlRoundTripHeader(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var count = new SqlRoundTripCount();
        context.Features.Set(count);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = count.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        return next(context);
    });
}

/// <summary>
/// The commands sent so far by one request (a request may run queries in parallel), and their texts,
/// so a test can say which statement a budget gained.
/// </summary>
public sealed class SqlRoundTripCount
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _commands = new();

    public int Value => _commands.Count;

    public IReadOnlyList<string> Commands => [.. _commands];

    public void Add(string commandText) => _commands.Enqueue(commandText);
}

/// <summary>Adds one to the current request's <see cref="SqlRoundTripCount"/> for every command EF Core executes.</summary>
public sealed class SqlRoundTripInterceptor(IHttpContextAccessor httpContextAccessor) : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    private void Count(DbCommand command) => httpContextAccessor.HttpContext?.Features.Get<SqlRoundTripCount>()?.Add(command.CommandText);
}
