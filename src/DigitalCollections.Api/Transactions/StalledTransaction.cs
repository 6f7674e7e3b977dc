namespace DigitalCollections.Api.Transactions;

/// <summary>A sent transaction its lane must see to: <paramref name="Hash"/> is the one that stalled.</summary>
public sealed record StalledTransaction(Guid Id, string Hash, string? Relayer, StallKind Kind);
