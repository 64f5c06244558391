using Gsd.Tests.Parallel;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(Gsd.Tests.Support.LongestFirst))]

namespace Gsd.Tests.Support;

/// <summary>
/// Starts the serial parallel end-to-end collection first: it is the suite's longest chain, and the other collections
/// fill the remaining threads beside it instead of leaving it to run alone at the end.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        testCollections.OrderBy(c => c.TestCollectionDisplayName == EndToEnd.Name ? 0 : 1).ToList();
}
