using DigitalCollections.Api.Common;
using DigitalCollections.Api.RateLimiting;
using FluentValidation;
using Mediator;

namespace DigitalCollections.Api.Verification;

/// <summary>Is this content hash registered, by whom, and who owns it now?</summary>
public sealed record VerifyByHashQuery(string ContentHash) : IRequest<VerificationResult>, Common.IUsesDeploymentChain;

public sealed class VerifyByHashValidator : Validator<VerifyByHashQuery>
{
    public VerifyByHashValidator() => RuleFor(q => q.ContentHash).MustBeContentHash().WithName("contentHash");
}

public sealed class VerifyByHashHandler(VerificationLookup lookup) : IRequestHandler<VerifyByHashQuery, VerificationResult>
{
    public async ValueTask<VerificationResult> Handle(VerifyByHashQuery query, CancellationToken ct) =>
        await lookup.VerifyAsync(query.ContentHash, ct);
}

public static class VerifyByHashEndpoint
{
    public static void MapVerifyByHash(this IEndpointRouteBuilder api) =>
        api.MapGet("/verifications/{contentHash}", async (string contentHash, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new VerifyByHashQuery(contentHash), ct)))
            .WithName("VerifyByHash")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Verification")
            .WithSummary("Check a SHA-256 content hash against the chain")
            .Produces<VerificationResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
