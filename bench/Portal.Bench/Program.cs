using Portal.Bench;

try
{
    return await Benchmark.RunAsync(BenchOptions.Parse(args));
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}
