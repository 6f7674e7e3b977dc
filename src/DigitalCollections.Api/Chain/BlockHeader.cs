namespace DigitalCollections.Api.Chain;

public sealed record BlockHeader(long Number, string Hash, string ParentHash, long TimestampUnix);
