namespace DigitalCollections.Api.Chain;

public sealed record ChainStatus(long ChainId, long BlockNumber, string GenesisHash, bool ContractCodePresent);
