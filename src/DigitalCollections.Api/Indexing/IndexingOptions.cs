namespace DigitalCollections.Api.Indexing;

/// <summary>Section "Indexing".</summary>
public sealed class IndexingOptions
{
    public const string SectionName = "Indexing";

    public int PollIntervalMilliseconds { get; set; } = 200;

    /// <summary>Blocks per eth_getLogs range while catching up.</summary>
    public int MaxBlocksPerRange { get; set; } = 2000;

    /// <summary>How long a read waits for the index to include this instance's own latest confirmed write.</summary>
    public double ReadYourWritesWaitSeconds { get; set; } = 5;
}
