namespace DigitalCollections.Api.Chain;

/// <summary>
/// What the identity guard learns in one round trip. <paramref name="Paused"/> is the contract's <c>paused()</c> at the
/// same block (null when the node gave no answer a contract would: no code, or an error), so a write the pause would
/// revert is refused before anything is signed.
/// </summary>
public sealed record ChainStatus(long ChainId, long BlockNumber, string GenesisHash, bool ContractCodePresent, bool? Paused = null);
