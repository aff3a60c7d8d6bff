namespace Portal.Core.Tests.Mfa;

/// <summary>
/// The xunit collection for classes with a wall-clock budget: they run on their own, after the
/// parallel ones, because on a two-core CI machine the other test classes running alongside would
/// otherwise fail them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}
