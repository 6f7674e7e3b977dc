using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Similarity;
using FluentValidation;
using Mediator;

namespace DigitalCollections.Api.Works;

/// <summary>ERC-721 metadata JSON: the target of the contract's tokenURI.</summary>
public sealed record GetMetadataQuery(string TokenId, string WorkUrl) : IRequest<TokenMetadata>, Common.IUsesDeploymentChain;

public sealed record TokenMetadata(string Name, string Description, string Image, string ExternalUrl, MetadataProperties Properties);

public sealed record MetadataProperties(
    long TokenId,
    string ContentHash,
    string Creator,
    DateTimeOffset RegisteredAt,
    int RoyaltyBps,
    string? ContentType,
    long? Size,
    IsccView? Iscc);

public sealed class GetMetadataValidator : Validator<GetMetadataQuery>
{
    public GetMetadataValidator() => RuleFor(q => q.TokenId).MustBeTokenId().WithName("tokenId");
}

public sealed class GetMetadataHandler(IContractReader chain, Deployment deployment, AppDbContext db) : IRequestHandler<GetMetadataQuery, TokenMetadata>
{
    public async ValueTask<TokenMetadata> Handle(GetMetadataQuery query, CancellationToken ct)
    {
        var tokenId = long.Parse(query.TokenId);
        var work = await chain.GetWorkAsync(tokenId, ct) ?? throw WorkProblems.NotFound(tokenId);
        var record = await db.FindWorkAsync(deployment.Key, tokenId, ct);
        return new TokenMetadata(
            record?.Title ?? $"Work #{tokenId}",
            record?.Description ?? "",
            query.WorkUrl + "/content",
            query.WorkUrl,
            new MetadataProperties(tokenId, work.ContentHash, work.Creator, work.RegisteredAt, work.RoyaltyBps,
                record?.ContentType, record?.SizeBytes, record.Iscc()));
    }
}

public static class GetMetadataEndpoint
{
    public static void MapGetMetadata(this IEndpointRouteBuilder api) =>
        api.MapGet("/metadata/{tokenId}", async (string tokenId, HttpRequest request, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetMetadataQuery(tokenId, request.AbsoluteUrl($"/api/v1/works/{tokenId}")), ct)))
            .WithName("GetMetadata")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Works")
            .WithSummary("ERC-721 metadata JSON (the tokenURI target)")
            .Produces<TokenMetadata>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
