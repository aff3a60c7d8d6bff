using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Core.Data;

/// <summary>
/// How <c>dotnet ef</c> builds the context (README, Development): against the development cluster of
/// scripts/db.sh, or the database named by <c>ConnectionStrings__Portal</c>. Adding a migration only
/// compares the model with the snapshot and never connects.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var port = Environment.GetEnvironmentVariable("PORTAL_PG_PORT") is { Length: > 0 } p ? p : "55432";
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Portal") is { Length: > 0 } configured
            ? configured
            : $"Host=127.0.0.1;Port={port};Username=postgres;Database=portal";
        return new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(connectionString).Options);
    }
}
