using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Portal.Web.Infrastructure.Errors;

/// <summary>
/// Npgsql's retrying strategy, which also retries when no host of a multi-host connection string
/// is a primary yet (the seconds between a primary's death and its standby's promotion): nothing
/// was sent, so trying again is always safe, and a short gap is then ridden out instead of answered.
/// </summary>
public sealed class FailoverExecutionStrategy(ExecutionStrategyDependencies dependencies, int maxRetryCount, TimeSpan maxRetryDelay)
    : NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount, maxRetryDelay, errorCodesToAdd: null)
{
    protected override bool ShouldRetryOn(Exception? exception) =>
        base.ShouldRetryOn(exception) || (exception is not null && DatabaseFaults.IsNoSuitableHost(exception));
}
