namespace DigitalCollections.Api.Idempotency;

/// <summary>Section "Idempotency".</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";
    public const int MinimumRetentionHours = 24;

    /// <summary>How long a key and its answer are kept; at least 24 hours.</summary>
    public int RetentionHours { get; set; } = MinimumRetentionHours;

    public int SweepIntervalMinutes { get; set; } = 60;
}
