namespace DigitalCollections.Api.Chain;

/// <summary>The contract's view functions, and dry runs of a call (gas estimate, revert reason).</summary>
public interface IContractReader
{
    /// <summary>The contract's EIP-712 domain (EIP-5267), asked once.</summary>
    Task<SigningDomain> GetSigningDomainAsync(CancellationToken ct);

    /// <summary>The token registered for a content hash, or 0.</summary>
    Task<long> TokenOfContentAsync(string contentHash, CancellationToken ct);

    /// <summary>The chain's facts about a token, or null when it does not exist.</summary>
    Task<OnChainWork?> GetWorkAsync(long tokenId, CancellationToken ct);

    /// <summary>The token's edition and circulation rules as the contract applies them now, or null when it does not exist.</summary>
    Task<TokenCirculation?> GetCirculationAsync(long tokenId, CancellationToken ct);

    /// <summary>tokenURI(tokenId), built from a cached base URI (refetched after <see cref="ChainOptions.FeeCacheSeconds"/>).</summary>
    Task<string> GetTokenUriAsync(long tokenId, CancellationToken ct);

    /// <summary>
    /// Dry run: estimates the call's gas as <paramref name="from"/>. The estimate executes the contract, so a
    /// revert surfaces here as a decoded <see cref="ContractRevertedException"/> before anything is signed.
    /// </summary>
    Task<long> EstimateGasAsync(string from, string callData, CancellationToken ct);

    /// <summary>Replays a call at the latest state to learn why it reverts (null when it does not now).</summary>
    Task<ContractError?> ExplainRevertAsync(string from, string callData, CancellationToken ct);
}
