using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Accounts;

namespace Portal.Bench;

/// <summary>
/// The physical limit of password logins: Identity's own PBKDF2 verification of the seeded hash
/// (HMAC-SHA512, the portal's iteration count), on one thread per core, nothing else running.
/// </summary>
public static class Pbkdf2
{
    /// <summary>Verifications per second over all threads, and the CPU time one verification takes.</summary>
    public static (double PerSecond, double CpuMilliseconds) Measure(string passwordHash, string password, int threads, TimeSpan duration)
    {
        var hasher = DatasetSeeder.Hasher();
        if (hasher.VerifyHashedPassword(new PortalUser(), passwordHash, password) != PasswordVerificationResult.Success)
        {
            throw new InvalidOperationException("The seeded hash does not verify at the portal's iteration count");
        }

        var rates = new double[threads];
        var counts = new int[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var user = new PortalUser();
            var started = Stopwatch.StartNew();
            while (started.Elapsed < duration)
            {
                hasher.VerifyHashedPassword(user, passwordHash, password);
                counts[t]++;
            }

            // Each thread's own rate, so a thread finishing its last hash late does not dilute the others.
            rates[t] = counts[t] / started.Elapsed.TotalSeconds;
        })).ToList();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return (rates.Sum(), cpu.TotalMilliseconds / Math.Max(1, counts.Sum()));
    }
}
