using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Portal.Bench;

/// <summary>The machine the figures were taken on.</summary>
public sealed record Machine(int Cores, long MemoryBytes, string Cpu, string LoadAverage, string Runtime)
{
    public static Machine Describe() => new(
        Nproc(),
        MemTotal(),
        CpuModel(),
        LoadAverageNow(),
        RuntimeInformation.FrameworkDescription);

    public override string ToString() =>
        $"{Cores} cores (nproc), {MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB memory, {Cpu}, {Runtime}";

    public static string LoadAverageNow()
    {
        var parts = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"{parts[0]} {parts[1]} {parts[2]}";
    }

    private static int Nproc()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nproc") { RedirectStandardOutput = true })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or FormatException)
        {
            return Environment.ProcessorCount;
        }
    }

    private static long MemTotal()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo")
            .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        ?? "unknown CPU";
}
