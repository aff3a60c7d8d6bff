using Portal.Bench;

try
{
    var options = BenchOptions.Parse(args);
    return options.Soak ? await Soak.RunAsync(options) : await Benchmark.RunAsync(options);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}
