namespace Gsd.Tests.Parallel;

/// <summary>
/// The parallel end-to-end tests run one at a time: each starts a coordinator and several workers, and on a small
/// machine two such runs at once only starve each other. The collection as a whole runs beside the other tests, which
/// mostly wait on git and child processes.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEnd
{
    public const string Name = "parallel end-to-end";
}
