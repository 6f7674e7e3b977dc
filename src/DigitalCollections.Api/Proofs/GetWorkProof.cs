using System.Numerics;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Works;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Proofs;

/// <summary>A work's proof bundle at a block (default: the latest confirmed one).</summary>
public sealed record GetWorkProofQuery(string TokenId, string? Block) : IRequest<WorkProofBundle>, IUsesDeploymentChain;

public sealed class GetWorkProofValidator : Validator<GetWorkProofQuery>
{
    public GetWorkProofValidator()
    {
        RuleFor(q => q.TokenId).MustBeTokenId().WithName("tokenId");
        RuleFor(q => q.Block)
            .Must(b => b is null || long.TryParse(b, System.Globalization.NumberStyles.None, null, out _))
            .WithMessage("'block' must be a block number (a whole number, 0 or more).").WithName("block");
    }
}

public sealed class GetWorkProofHandler(IStateProofReader proofs, Deployment deployment, IOptions<ChainOptions> options)
    : IRequestHandler<GetWorkProofQuery, WorkProofBundle>
{
    public const string MediaType = "application/vnd.digitalcollections.proof+json";
    public const string Format = "digitalcollections-work-proof/1";

    public async ValueTask<WorkProofBundle> Handle(GetWorkProofQuery query, CancellationToken ct)
    {
        var tokenId = long.Parse(query.TokenId);
        var tokenEntry = WorkStorageLayout.Entry(WorkStorageLayout.Token);
        var hashEntry = WorkStorageLayout.Entry(WorkStorageLayout.ContentHash);
        var registrationEntry = WorkStorageLayout.Entry(WorkStorageLayout.Registration);
        var tokenKey = WorkStorageLayout.TokenKey(tokenId);

        // A content hash never changes once written, so the latest word names the registration slot at any block.
        var (contentHash, head) = await proofs.ReadSlotAsync(WorkStorageLayout.SlotOf(hashEntry, tokenKey), ct);
        if (contentHash.All(b => b == 0)) throw WorkProblems.NotFound(tokenId);

        var block = query.Block is null ? Math.Max(0, head - options.Value.ConfirmationDepth) : long.Parse(query.Block);
        if (block > head) throw ApiProblemException.BadRequest("block", $"Block {block} is newer than the chain's head ({head}).");

        var keys = new (StorageEntry Entry, byte[] Key)[] { (tokenEntry, tokenKey), (hashEntry, tokenKey), (registrationEntry, contentHash) };
        var slots = keys.Select(k => WorkStorageLayout.SlotOf(k.Entry, k.Key)).ToList();
        var proof = await proofs.GetProofAsync(slots, block, ct)
            ?? throw ApiProblemException.BadRequest("block", $"The node has no block {block}.");
        var words = proof.Account.Storage.Select(s => ChainDecoder.BigQuantity(s.Value)).ToList();
        if (words[0].IsZero)
        {
            throw ApiProblemException.NotFound("work", "block",
                $"Token {tokenId} was not registered yet at block {block}; it exists at later blocks.");
        }

        var claims = new WorkProofClaims(
            Address(WorkStorageLayout.Field(tokenEntry, "owner", words[0])),
            Address(WorkStorageLayout.Field(registrationEntry, "creator", words[2])),
            Formats.ToHex(contentHash),
            (long)WorkStorageLayout.Field(tokenEntry, "registeredAt", words[0]),
            (int)WorkStorageLayout.Field(tokenEntry, "royaltyBps", words[0]),
            (long)WorkStorageLayout.Field(tokenEntry, "transferNonce", words[0]));
        var storage = keys.Select((k, i) => new ProofSlot(k.Entry.Name, k.Entry.Variable, k.Entry.BaseSlot, k.Entry.Key, k.Entry.KeyType,
            Formats.ToHex(k.Key), slots[i], proof.Account.Storage[i].Value, proof.Account.Storage[i].Proof, k.Entry.Fields)).ToList();
        var account = proof.Account;
        return new WorkProofBundle(Format, deployment.ChainId, ChainKeys.Checksum(deployment.ContractAddress), tokenId,
            new ProofBlock(proof.Block.Number, proof.Block.Hash, new OrderedDictionary<string, string>(proof.Block.Header)),
            new ProofAccount(ChainKeys.Checksum(account.Address), account.Nonce, account.Balance, account.StorageHash, account.CodeHash, account.Proof),
            storage, claims);
    }

    // "x40" pads to 40 digits and may lead with a sign digit "0" when bit 159 is set: the last 40 are the address.
    private static string Address(BigInteger value) => ChainKeys.Checksum("0x" + value.ToString("x40")[^40..]);
}

public static class GetWorkProofEndpoint
{
    public static void MapGetWorkProof(this IEndpointRouteBuilder api) =>
        api.MapGet("/works/{tokenId}/proof", async (string tokenId, string? block, IMediator mediator, CancellationToken ct) =>
                Results.Json(await mediator.Send(new GetWorkProofQuery(tokenId, block), ct), contentType: GetWorkProofHandler.MediaType))
            .WithName("GetWorkProof")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Proofs")
            .WithSummary("A self-contained proof of a work's on-chain facts, checkable against one block hash")
            .Produces<WorkProofBundle>(StatusCodes.Status200OK, GetWorkProofHandler.MediaType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
