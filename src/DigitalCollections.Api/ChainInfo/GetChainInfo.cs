using DigitalCollections.Api.Chain;
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
    IReadOnlyDictionary<string, IReadOnlyList<TypeMember>> Eip712Types);

public sealed record TypeMember(string Name, string Type);

public sealed class GetChainInfoHandler(IChainGateway chain) : IRequestHandler<GetChainInfoQuery, ChainInfoResult>
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
        var domain = await chain.GetSigningDomainAsync(ct);
        return new ChainInfoResult(status.ChainId, ChainKeys.Checksum(chain.Deployment.ContractAddress), chain.RelayerAddress,
            status.BlockNumber, domain, Types);
    }
}

public static class GetChainInfoEndpoint
{
    public static void MapGetChainInfo(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/chain", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new GetChainInfoQuery(), ct)))
            .WithName("GetChainInfo")
            .WithTags("Chain")
            .WithSummary("Chain id, contract, relayer, block and the EIP-712 domain and types for signing")
            .Produces<ChainInfoResult>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
