namespace DigitalCollections.Api.Chain;

/// <summary>An item a batch call left out: its position and the selector (0x, 4 bytes) of the error the single call reverts with.</summary>
public sealed record BatchSkip(int Index, string Reason);

/// <summary>A registration a transaction's logs name: the token and the content it was minted for.</summary>
public sealed record RegisteredToken(long TokenId, string ContentHash);

/// <summary>
/// What a batch transaction's logs tell of its items: the registrations, the Transfer logs, and the items it
/// skipped. <see cref="Skips"/> is null when the logs came from a filter that leaves skip events out (the
/// index's feed): then only a receipt can name a skipped item.
/// </summary>
public sealed record BatchLogs(IReadOnlyList<RegisteredToken> Registered, int Transfers, IReadOnlyList<BatchSkip>? Skips);
