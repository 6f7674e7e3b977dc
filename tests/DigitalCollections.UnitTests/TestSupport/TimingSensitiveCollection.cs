namespace DigitalCollections.UnitTests.TestSupport;

/// <summary>
/// Tests that measure what a background loop achieves in wall-clock time (a checkpointer ticking every 100 ms
/// against a writer) run alone, after the parallel ones: beside the image and hashing tests, which keep both
/// cores busy, the loop's ticks stretched and one such test failed on CI although the code under test was right.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "Timing-sensitive (runs alone)";
}
