namespace DigitalCollections.Api.Chain;

/// <summary>Everything the API asks of the chain. The only implementation speaks Nethereum.</summary>
public interface IChainGateway
{
    Deployment Deployment { get; }

    /// <summary>The relayer account that pays gas and holds MINTER_ROLE.</summary>
    string RelayerAddress { get; }

    Task<SigningDomain> GetSigningDomainAsync(CancellationToken ct);

    Task<ChainStatus> GetStatusAsync(CancellationToken ct);

    Task<bool> HasCodeAsync(string address, CancellationToken ct);

    /// <summary>The token registered for a content hash, or 0.</summary>
    Task<long> TokenOfContentAsync(string contentHash, CancellationToken ct);

    /// <summary>The chain's facts about a token, or null when it does not exist.</summary>
    Task<OnChainWork?> GetWorkAsync(long tokenId, CancellationToken ct);

    /// <summary>Checks the mint by estimating its gas (a revert is thrown, nothing is spent), then relays it.</summary>
    Task<MintReceipt> MintAsync(MintAuthorization authorization, string signature, CancellationToken ct);

    /// <summary>Checks the transfer by estimating its gas, then relays it.</summary>
    Task<WriteReceipt> TransferAsync(TransferAuthorization authorization, string signature, CancellationToken ct);

    /// <summary>The token's Transfer events, oldest first, with their blocks' timestamps.</summary>
    Task<IReadOnlyList<OwnershipEvent>> GetOwnershipEventsAsync(long tokenId, CancellationToken ct);
}

public sealed record ChainStatus(long ChainId, long BlockNumber, string GenesisHash, bool ContractCodePresent);

public sealed record OnChainWork(
    long TokenId,
    string Creator,
    string Owner,
    string ContentHash,
    DateTimeOffset RegisteredAt,
    int RoyaltyBps,
    long TransferNonce,
    string TokenUri);

public record WriteReceipt(string TransactionHash, long BlockNumber);

public sealed record MintReceipt(long TokenId, string TransactionHash, long BlockNumber, DateTimeOffset RegisteredAt)
    : WriteReceipt(TransactionHash, BlockNumber);

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
