using Microsoft.EntityFrameworkCore;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Storage;
using FluentValidation;
using Mediator;

namespace DigitalCollections.Api.Works;

/// <summary>The registered file's bytes. The ETag is the content hash, so a client can check what it got.</summary>
public sealed record GetWorkContentQuery(string TokenId) : IRequest<WorkContent>;

public sealed record WorkContent(string ContentHash, string ContentType, string? FileName, Stream Bytes);

public sealed class GetWorkContentValidator : Validator<GetWorkContentQuery>
{
    public GetWorkContentValidator() => RuleFor(q => q.TokenId).MustBeTokenId().WithName("tokenId");
}

public sealed class GetWorkContentHandler(Deployment deployment, AppDbContext db, ContentStore store)
    : IRequestHandler<GetWorkContentQuery, WorkContent>
{
    public async ValueTask<WorkContent> Handle(GetWorkContentQuery query, CancellationToken ct)
    {
        var tokenId = long.Parse(query.TokenId);
        var record = await db.FindWorkAsync(deployment.Key, tokenId, ct);
        if (record is null)
        {
            // An edition's tokens share the file stored under its No. 1; the index knows which that is.
            var key = deployment.Key;
            var first = await db.IndexedTokens.AsNoTracking().Where(t => t.DeploymentKey == key && t.TokenId == tokenId)
                .Select(t => t.EditionFirstTokenId).SingleOrDefaultAsync(ct);
            if (first is { } f && f != tokenId) record = await db.FindWorkAsync(key, f, ct);
        }
        var bytes = record is null ? null : await store.OpenReadAsync(record.ContentHash, db, ct);
        if (record is null || bytes is null)
            throw ApiProblemException.NotFound("content", "tokenId", $"This service holds no file for token {tokenId}.");
        return new WorkContent(record.ContentHash, record.ContentType, record.FileName, bytes);
    }
}

public static class GetWorkContentEndpoint
{
    public static void MapGetWorkContent(this IEndpointRouteBuilder api) =>
        api.MapGet("/works/{tokenId}/content", async (string tokenId, HttpResponse response, IMediator mediator, CancellationToken ct) =>
            {
                var content = await mediator.Send(new GetWorkContentQuery(tokenId), ct);
                // Uploaded bytes are untrusted: never let a browser run them in our origin.
                response.Headers.XContentTypeOptions = "nosniff";
                response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox";
                // Media previews inline; anything else downloads.
                var inline = content.ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
                    || content.ContentType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)
                    || content.ContentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase);
                // Content-addressed bytes never change: the hash is a strong ETag (If-None-Match answers 304).
                // Cleaned on the way out too: the database may hold names stored by a version that kept them as sent.
                return Results.File(content.Bytes, content.ContentType, inline ? null : WorkFileName.Clean(content.FileName) ?? $"work-{tokenId}",
                    entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{content.ContentHash}\""),
                    enableRangeProcessing: true);
            })
            .WithName("GetWorkContent")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Works")
            .WithSummary("The work's file, with ETag = its content hash")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .Produces(StatusCodes.Status206PartialContent) // a Range request: the bytes asked for
            .Produces(StatusCodes.Status304NotModified)
            .Produces(StatusCodes.Status416RangeNotSatisfiable)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
