using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Portal.Web.Infrastructure.Errors;

/// <summary>Tells a database that cannot be reached from a bug in the portal.</summary>
public static class DatabaseFaults
{
    // 57P01..57P03: the server is shutting down or starting; 55000/3D000: the database does not
    // accept connections or does not exist; 53300: too many connections; 28000/28P01: login refused.
    private static readonly HashSet<string> UnavailableStates = ["57P01", "57P02", "57P03", "55000", "3D000", "53300", "28000", "28P01"];

    public static bool IsUnavailable(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case SocketException or TimeoutException or RetryLimitExceededException:
                case NpgsqlException { IsTransient: true }:
                case PostgresException pg when UnavailableStates.Contains(pg.SqlState):
                    return true;
                case NpgsqlException when IsNoSuitableHost(ex):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Npgsql's own answer when no host of the connection string could serve (none reachable, or
    /// none a primary while a standby is being promoted): a plain <see cref="NpgsqlException"/>, not
    /// flagged transient. Errors of the server are <see cref="PostgresException"/>s and stay bugs.
    /// </summary>
    public static bool IsNoSuitableHost(Exception exception) =>
        exception.GetType() == typeof(NpgsqlException) && exception.InnerException is null or AggregateException or NpgsqlException;

    public static Exception Innermost(Exception ex) => ex.InnerException is null ? ex : Innermost(ex.InnerException);
}
