using DigitalCollections.Api.Chain;
using DigitalCollections.Api.RateLimiting;
using Mediator;

namespace DigitalCollections.Api.ChainInfo;

/// <summary>What a client needs to sign: the chain, the contract, the EIP-712 domain and types.</summary>
public sealed record GetChainInfoQuery : IRequest<ChainInfoResult>;

public sealed record ChainInfoResult(
    long ChainId,
    string ContractAddress,
    string Relayer,
    long BlockNumber,
    SigningDomain Eip712Domain,
    IReadOnlyDictionary<string, IReadOnlyList<TypeMember>> Eip712Types,
    IReadOnlyList<string> Relayers,
    IndexInfo Index,
    ChainClockInfo Clock);

/// <param name="State">starting, following, chainUnavailable or chainReset.</param>
/// <param name="BlockNumber">The last block the index has read (its checkpoint).</param>
/// <param name="LagBlocks">How many blocks the node is ahead of the index.</param>
/// <param name="Feed">websocket: the index follows the node's pushes (eth_subscribe); polling: it asks every poll interval.</param>
/// <param name="BlockHash">The hash of that block; null before the first.</param>
/// <param name="Reason">Why the index is not following, when it is not; else null.</param>
public sealed record IndexInfo(string State, long BlockNumber, string? BlockHash, long LagBlocks, string? Reason, string Feed);

public sealed record TypeMember(string Name, string Type);

public sealed class GetChainInfoHandler(IChainReader chain, IContractReader contract, IRelayer relayer, Deployment deployment, Indexing.IndexStatus index, ChainClock clock) : IRequestHandler<GetChainInfoQuery, ChainInfoResult>
{
    // The spec's type strings, as members, ready for eth_signTypedData_v4.
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<TypeMember>> Types = new Dictionary<string, IReadOnlyList<TypeMember>>
    {
        ["MintAuthorization"] =
        [
            new("creator", "address"), new("to", "address"), new("contentHash", "bytes32"),
            new("royaltyBps", "uint96"), new("deadline", "uint256"),
        ],
        ["TransferAuthorization"] =
        [
            new("from", "address"), new("to", "address"), new("tokenId", "uint256"),
            new("nonce", "uint256"), new("deadline", "uint256"),
        ],
    };

    public async ValueTask<ChainInfoResult> Handle(GetChainInfoQuery query, CancellationToken ct)
    {
        var status = await chain.GetStatusAsync(ct);
        var domain = await contract.GetSigningDomainAsync(ct);
        return new ChainInfoResult(status.ChainId, ChainKeys.Checksum(deployment.ContractAddress), relayer.RelayerAddress,
            status.BlockNumber, domain, Types, relayer.RelayerAddresses, Describe(index, status.BlockNumber), await clock.ReadAsync(ct));
    }

    internal static IndexInfo Describe(Indexing.IndexStatus index, long head)
    {
        var state = index.State.ToString();
        return new IndexInfo(char.ToLowerInvariant(state[0]) + state[1..], index.CheckpointBlock, index.CheckpointHash,
            Math.Max(0, Math.Max(head, index.HeadBlock) - index.CheckpointBlock), index.Reason, index.FollowsPushes ? "websocket" : "polling");
    }
}

public static class GetChainInfoEndpoint
{
    public static void MapGetChainInfo(this IEndpointRouteBuilder api) =>
        api.MapGet("/chain", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new GetChainInfoQuery(), ct)))
            .WithName("GetChainInfo")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Chain")
            .WithSummary("Chain id, contract, relayer, block and the EIP-712 domain and types for signing")
            .Produces<ChainInfoResult>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
