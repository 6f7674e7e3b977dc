namespace DigitalCollections.Api.Chain;

public sealed record OwnershipEvent(
    string From,
    string To,
    long BlockNumber,
    string BlockHash,
    DateTimeOffset Timestamp,
    string TransactionHash,
    long LogIndex)
{
    public bool IsMint => Formats.IsZeroAddress(From);
}
