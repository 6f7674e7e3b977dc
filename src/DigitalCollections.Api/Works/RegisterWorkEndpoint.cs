using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Idempotency;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Storage;
using DigitalCollections.Api.Transactions;
using Mediator;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Works;

public static class RegisterWorkEndpoint
{
    public static void MapRegisterWork(this IEndpointRouteBuilder api) =>
        api.MapPost("/works", Handle)
            .WithName("RegisterWork")
            .RateLimited(RateLimitPolicies.Writes)
            .Idempotent()
            .AcceptsAnonymous().AcceptsAccountKey().AcceptsScope(AdminScopes.WorksCreate) // self-signed, own account, or onBehalfOf
            .WithTags("Works")
            .WithSummary("Register a file as a work and mint its token")
            .Accepts<RegisterWorkForm>("multipart/form-data")
            .Produces<RegisteredWork>(StatusCodes.Status201Created)
            .Produces<TransactionView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound) // onBehalfOf names no custodial account
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>The part's declared media type when it is a well-formed type/subtype, else null (served as octet-stream).</summary>
    private static string? MediaType(string? declared) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(declared, out var parsed) && parsed.MediaType.HasValue
            && !parsed.MatchesAllTypes && !parsed.MatchesAllSubTypes
            ? parsed.ToString()
            : null;

    /// <summary>'recipients': repeated fields or one comma-separated field; null when not sent.</summary>
    private static string[]? Recipients(IFormCollection form) =>
        form.TryGetValue("recipients", out var values)
            ? values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray()
            : null;

    private static async Task<IResult> Handle(HttpRequest request, IMediator mediator, ContentStore store,
        IOptions<StorageOptions> storage, CancellationToken ct)
    {
        var form = await FormReader.ReadAsync(request, storage.Value.MaxUploadBytes, ct);
        var file = form.Files.GetFile("file");
        if (file is not null && file.Length > storage.Value.MaxUploadBytes) throw FormReader.TooLarge(storage.Value.MaxUploadBytes);

        StagedContent? staged = null;
        try
        {
            if (file is not null)
            {
                await using var upload = file.OpenReadStream();
                staged = await store.StageAsync(upload, ct);
            }
            var command = new RegisterWorkCommand(
                staged,
                MediaType(file?.ContentType),
                WorkFileName.Clean(file?.FileName),
                FormReader.Text(form, "title"),
                FormReader.Text(form, "description"),
                FormReader.Integer(form, "royaltyBps") ?? 0,
                FormReader.Text(form, "creator"),
                FormReader.Text(form, "to"),
                FormReader.Long(form, "deadline"),
                FormReader.Text(form, "signature"),
                request.BearerToken(),
                request.PrefersRespondAsync(),
                FormReader.Boolean(form, "acknowledgeSimilar") ?? false,
                FormReader.Text(form, OnBehalfOfAccounts.Field),
                FormReader.Integer(form, "editionSize") ?? 1,
                FormReader.Long(form, "holdSeconds") ?? 0,
                FormReader.Boolean(form, "transferable") ?? true,
                Recipients(form));
            var outcome = await mediator.Send(command, ct);
            return outcome.ToResult(request.HttpContext, work => $"/api/v1/works/{work.TokenId}");
        }
        finally
        {
            staged?.Dispose(); // a committed file was moved away; anything left in staging goes
        }
    }
}
