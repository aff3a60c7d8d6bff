namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// Test classes that compare two timings with each other run on their own, after the parallel
/// ones, so other classes' work does not land on one side of the comparison.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
