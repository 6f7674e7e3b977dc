namespace DigitalCollections.UnitTests.TestSupport;

/// <summary>A clock that always says the same time.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
