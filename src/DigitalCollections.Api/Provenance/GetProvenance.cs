using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Works;
using FluentValidation;
using Mediator;

namespace DigitalCollections.Api.Provenance;

/// <summary>Every owner of a token since its mint, from the chain's Transfer events, oldest first.</summary>
public sealed record GetProvenanceQuery(string TokenId) : IRequest<ProvenanceResult>;

public sealed record ProvenanceResult(long TokenId, string ContentHash, string Creator, string CurrentOwner, IReadOnlyList<ProvenanceEvent> Events);

public sealed record ProvenanceEvent(
    string Kind,
    string From,
    string To,
    long BlockNumber,
    string BlockHash,
    DateTimeOffset Timestamp,
    string TransactionHash,
    long LogIndex);

public sealed class GetProvenanceValidator : Validator<GetProvenanceQuery>
{
    public GetProvenanceValidator() => RuleFor(q => q.TokenId).MustBeTokenId().WithName("tokenId");
}

public sealed class GetProvenanceHandler(IChainGateway chain) : IRequestHandler<GetProvenanceQuery, ProvenanceResult>
{
    public async ValueTask<ProvenanceResult> Handle(GetProvenanceQuery query, CancellationToken ct)
    {
        var tokenId = long.Parse(query.TokenId);
        var work = await chain.GetWorkAsync(tokenId, ct) ?? throw WorkProblems.NotFound(tokenId);
        var events = await chain.GetOwnershipEventsAsync(tokenId, ct);
        return new ProvenanceResult(tokenId, work.ContentHash, work.Creator, work.Owner,
            events.Select(e => new ProvenanceEvent(e.IsMint ? "mint" : "transfer", e.From, e.To, e.BlockNumber, e.BlockHash,
                e.Timestamp, e.TransactionHash, e.LogIndex)).ToList());
    }
}

public static class GetProvenanceEndpoint
{
    public static void MapGetProvenance(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/works/{tokenId}/provenance", async (string tokenId, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetProvenanceQuery(tokenId), ct)))
            .WithName("GetProvenance")
            .WithTags("Provenance")
            .WithSummary("The token's chain of owners since its mint, from the chain's events")
            .Produces<ProvenanceResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
