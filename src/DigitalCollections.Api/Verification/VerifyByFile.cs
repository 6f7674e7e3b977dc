using DigitalCollections.Api.Common;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Similarity;
using DigitalCollections.Api.Storage;
using Mediator;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Verification;

/// <summary>
/// Hash an uploaded file (nothing is stored) and check the hash against the chain; its ISCC codes find the
/// registered works it resembles (<c>similar</c>, best first, the exact match itself left out).
/// </summary>
public sealed record VerifyByFileQuery(string ContentHash, WorkCodes Codes) : IRequest<VerificationResult>, Common.IUsesDeploymentChain;

public sealed class VerifyByFileHandler(VerificationLookup lookup, SimilarWorks similarWorks) : IRequestHandler<VerifyByFileQuery, VerificationResult>
{
    public async ValueTask<VerificationResult> Handle(VerifyByFileQuery query, CancellationToken ct)
    {
        var result = await lookup.VerifyAsync(query.ContentHash, ct);
        var similar = await similarWorks.FindAsync(SimilarityQuery.Of(query.Codes), ct);
        return result with { Similar = similar.Where(w => w.TokenId != result.TokenId).ToList() };
    }
}

/// <summary>The multipart form of POST /api/v1/verifications.</summary>
public sealed class VerifyFileForm
{
    /// <summary>The file to check; it is hashed and discarded.</summary>
    public required IFormFile File { get; init; }
}

public static class VerifyByFileEndpoint
{
    public static void MapVerifyByFile(this IEndpointRouteBuilder api) =>
        api.MapPost("/verifications", Handle)
            .WithName("VerifyByFile")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Verification")
            .WithSummary("Hash a file and check it against the chain (the file is not stored)")
            .Accepts<VerifyFileForm>("multipart/form-data")
            .Produces<VerificationResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> Handle(HttpRequest request, IMediator mediator, IOptions<StorageOptions> storage,
        WorkCodeGenerator codes, CancellationToken ct)
    {
        var form = await FormReader.ReadAsync(request, storage.Value.MaxUploadBytes, ct);
        var file = form.Files.GetFile("file")
            ?? throw ApiProblemException.BadRequest("file", "'file' is required: send the file to check as a multipart file part.");
        if (file.Length > storage.Value.MaxUploadBytes) throw FormReader.TooLarge(storage.Value.MaxUploadBytes);
        // One read gives the SHA-256 and the ISCC codes.
        await using var stream = file.OpenReadStream();
        var (hash, workCodes) = await codes.GenerateAsync(stream, file.ContentType, file.FileName, null, null, ct);
        return Results.Ok(await mediator.Send(new VerifyByFileQuery(hash, workCodes), ct));
    }
}
