using Portal.Bench;

try
{
    var options = BenchOptions.Parse(args);
    return options.Soak ? await Soak.RunAsync(options) : options.AtScale ? await Benchmark.RunAtScaleAsync(options) : await Benchmark.RunAsync(options);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}
