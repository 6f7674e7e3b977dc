using System.Text.Json.Serialization;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Similarity;
using FluentValidation;
using Mediator;

namespace DigitalCollections.Api.Works;

/// <summary>ERC-721 metadata JSON: the target of the contract's tokenURI.</summary>
public sealed record GetMetadataQuery(string TokenId, string WorkUrl, string PageUrl) : IRequest<TokenMetadata>, Common.IUsesDeploymentChain;

/// <summary>
/// The ERC-721 metadata JSON schema (name, description, image) with the marketplace conventions wallets read:
/// <c>image</c> only when the work is an image (no preview is made of other files, so none is claimed),
/// <c>animation_url</c> for audio and video, <c>external_url</c> the work's page, and <c>attributes</c>.
/// </summary>
public sealed record TokenMetadata(
    string Name,
    string Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Image,
    [property: JsonPropertyName("animation_url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AnimationUrl,
    [property: JsonPropertyName("external_url")] string ExternalUrl,
    IReadOnlyList<MetadataAttribute> Attributes,
    MetadataProperties Properties,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Metadata.MetadataChangeView>? MetadataHistory = null);

/// <summary>One trait: <c>display_type</c> "number" with <c>max_value</c> shows "37 of 100"; "date" takes Unix seconds.</summary>
public sealed record MetadataAttribute(
    [property: JsonPropertyName("trait_type")] string TraitType,
    object Value,
    [property: JsonPropertyName("display_type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DisplayType = null,
    [property: JsonPropertyName("max_value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? MaxValue = null);

public sealed record MetadataProperties(
    long TokenId,
    string ContentHash,
    string Creator,
    DateTimeOffset RegisteredAt,
    int RoyaltyBps,
    string? ContentType,
    long? Size,
    IsccView? Iscc,
    int EditionNumber = 1,
    int EditionSize = 1,
    long FirstTokenId = 0);

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
        var rules = await chain.GetCirculationAsync(tokenId, ct) ?? throw WorkProblems.NotFound(tokenId);
        var record = await db.FindWorkAsync(deployment.Key, rules.FirstTokenId, ct);
        var history = await Metadata.MetadataHistory.OfAsync(db, deployment.Key, rules.FirstTokenId, ct);
        var latest = history.Count > 0 ? history[^1] : null;
        var title = latest?.Title ?? record?.Title ?? $"Work #{rules.FirstTokenId}";
        var type = record?.ContentType ?? "";
        var content = query.WorkUrl + "/content";
        var iscc = record.Iscc();
        return new TokenMetadata(
            rules.Size > 1 ? $"{title} No. {rules.Number} of {rules.Size}" : title,
            (latest is null ? record?.Description : latest.Description) ?? "",
            IsType(type, "image/") ? content : null,
            IsType(type, "audio/") || IsType(type, "video/") ? content : null,
            query.PageUrl,
            Attributes(work, rules, iscc),
            new MetadataProperties(tokenId, work.ContentHash, work.Creator, work.RegisteredAt, work.RoyaltyBps,
                record?.ContentType, record?.SizeBytes, iscc, rules.Number, rules.Size, rules.FirstTokenId),
            history.Count > 0 ? history : null);
    }

    private static bool IsType(string contentType, string prefix) => contentType.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    internal static List<MetadataAttribute> Attributes(OnChainWork work, TokenCirculation rules, IsccView? iscc)
    {
        var attributes = new List<MetadataAttribute>
        {
            new("Edition", rules.Number, "number", rules.Size),
            new("Edition size", rules.Size, "number"),
            new("Hold (seconds)", rules.HoldSeconds, "number"),
            new("Transferable", rules.Transferable ? "yes" : "no"),
            new("Creator", work.Creator),
            new("Content hash", work.ContentHash),
            new("Registered", work.RegisteredAt.ToUnixTimeSeconds(), "date"),
        };
        if (iscc is not null) attributes.Add(new("ISCC", iscc.Code));
        return attributes;
    }
}

public static class GetMetadataEndpoint
{
    public static void MapGetMetadata(this IEndpointRouteBuilder api) =>
        api.MapGet("/metadata/{tokenId}", async (string tokenId, HttpRequest request, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetMetadataQuery(tokenId, request.AbsoluteUrl($"/api/v1/works/{tokenId}"), request.AbsoluteUrl($"/works/{tokenId}")), ct)))
            .WithName("GetMetadata")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Works")
            .WithSummary("ERC-721 metadata JSON (the tokenURI target)")
            .Produces<TokenMetadata>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
