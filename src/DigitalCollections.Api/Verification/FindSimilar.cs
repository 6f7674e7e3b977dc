using System.Buffers.Binary;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Iscc;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Similarity;
using FluentValidation;
using Mediator;

namespace DigitalCollections.Api.Verification;

/// <summary>
/// Registered works that resemble a file, asked by its ISCC code alone (an ISCC-CODE or unit codes): a client
/// that computed the code itself, as the verify page does, never uploads the file.
/// </summary>
public sealed record FindSimilarQuery(string? Iscc) : IRequest<SimilarWorksAnswer>, IUsesDeploymentChain;

/// <summary>The code asked about and the registered works it resembles, best first.</summary>
public sealed record SimilarWorksAnswer(string Iscc, IReadOnlyList<SimilarWork> Similar);

public sealed class FindSimilarValidator : Validator<FindSimilarQuery>
{
    public FindSimilarValidator()
    {
        RuleFor(q => q.Iscc).NotEmpty().WithName("iscc").WithMessage("'iscc' is required: an ISCC-CODE or unit codes (ISCC:…).");
        RuleFor(q => q.Iscc).Custom((text, context) =>
        {
            if (string.IsNullOrEmpty(text)) return;
            if (!IsccCode.TryDecompose(text, out var units, out var error))
                context.AddFailure("iscc", $"'iscc' is not an ISCC code: {error}.");
            else if (!FindSimilarHandler.Codes(units).Any())
                context.AddFailure("iscc", "'iscc' holds no Content-Code (image or text) and no Data-Code of 64 bits or more, so nothing can be compared.");
        });
    }
}

public sealed class FindSimilarHandler(SimilarWorks similarWorks) : IRequestHandler<FindSimilarQuery, SimilarWorksAnswer>
{
    public async ValueTask<SimilarWorksAnswer> Handle(FindSimilarQuery query, CancellationToken ct)
    {
        IsccCode.TryDecompose(query.Iscc, out var units, out _);
        var similar = await similarWorks.FindAsync(new SimilarityQuery(Codes(units).ToList()), ct);
        return new SimilarWorksAnswer(query.Iscc!, similar);
    }

    /// <summary>The comparable units of a code: image and text Content-Codes and the Data-Code, by their first 64 bits.</summary>
    internal static IEnumerable<(SimilarityCodeKind Kind, ulong[] Codes)> Codes(IReadOnlyList<IsccUnit> units)
    {
        foreach (var unit in units)
        {
            if (unit.Version != 0 || unit.Body.Length < 8) continue;
            SimilarityCodeKind? kind = unit.MainType switch
            {
                MainType.Content when unit.SubType == (int)ContentSubType.Image => SimilarityCodeKind.Image,
                MainType.Content when unit.SubType == (int)ContentSubType.Text => SimilarityCodeKind.Text,
                MainType.Data => SimilarityCodeKind.Data,
                _ => null,
            };
            if (kind is { } k) yield return (k, [BinaryPrimitives.ReadUInt64BigEndian(unit.Body)]);
        }
    }
}

public static class FindSimilarEndpoint
{
    public static void MapFindSimilar(this IEndpointRouteBuilder api) =>
        api.MapGet("/verifications/similar", async (string? iscc, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new FindSimilarQuery(iscc), ct)))
            .WithName("FindSimilar")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Verification")
            .WithSummary("Registered works that resemble a file, by its ISCC code (the file is never sent)")
            .Produces<SimilarWorksAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
