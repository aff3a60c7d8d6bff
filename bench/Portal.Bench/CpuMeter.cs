using System.Globalization;

namespace Portal.Bench;

/// <summary>CPU seconds spent per request, by the portal and by its PostgreSQL backends.</summary>
public sealed record CpuPerRequest(double PortalMilliseconds, double DatabaseMilliseconds);

/// <summary>
/// CPU time of the portal process and of the PostgreSQL backends serving its database, read from
/// /proc before and after a load run. Throughput on a machine shared with other work says as much
/// about the neighbours as about the portal; CPU per request hardly depends on them.
/// </summary>
public sealed class CpuMeter(int portalProcessId, string database)
{
    /// <summary>USER_HZ, the unit of /proc/[pid]/stat's times, is 100 on every Linux platform .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    public Snapshot Take()
    {
        var backends = new Dictionary<int, long>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && IsBackendOf(pid) && Ticks(pid) is { } ticks)
            {
                backends[pid] = ticks;
            }
        }

        return new Snapshot(Ticks(portalProcessId) ?? 0, backends);
    }

    public static CpuPerRequest PerRequest(Snapshot before, Snapshot after, long requests)
    {
        var database = after.Backends.Sum(b => b.Value - before.Backends.GetValueOrDefault(b.Key));
        var perRequest = 1000 / TicksPerSecond / Math.Max(1, requests);
        return new CpuPerRequest((after.Portal - before.Portal) * perRequest, database * perRequest);
    }

    /// <summary>A backend's command line reads "postgres: USER DATABASE ADDRESS STATE".</summary>
    private bool IsBackendOf(int pid)
    {
        try
        {
            var command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            var parts = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 3 && parts[0] == "postgres:" && parts[2] == database;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>utime + stime, the 14th and 15th fields (after the command name, which may hold spaces).</summary>
    private static long? Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public sealed record Snapshot(long Portal, IReadOnlyDictionary<int, long> Backends);
}
