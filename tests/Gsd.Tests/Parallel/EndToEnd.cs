namespace Gsd.Tests.Parallel;

/// <summary>
/// The parallel end-to-end tests run one at a time: each starts a coordinator and several workers, and on a small
/// machine two such runs at once only starve each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEnd
{
    public const string Name = "parallel end-to-end";
}
