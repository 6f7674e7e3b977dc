using System.Globalization;
using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Idempotency;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Transactions;
using DigitalCollections.Api.Works;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Metadata;

/// <summary>Announce a creator-signed change of a work's title and description, or sign it for the creator's custodial account.</summary>
public sealed record ChangeMetadataCommand(
    string TokenId,
    string? Title,
    string? Description,
    long? Deadline,
    string? Signature,
    long? Nonce,
    string? ApiKey,
    bool RespondAsync = false) : IRequest<WriteOutcome<MetadataChangeResult>>, Common.IRefusedWhilePaused, IHasDeadline
{
    long? IHasDeadline.ClientDeadline => ApiKey is null ? Deadline : null;
}

/// <summary>JSON body of POST /api/v1/works/{tokenId}/metadata.</summary>
/// <param name="Title">The new title, 1 to 200 characters after trimming (as at registration).</param>
/// <param name="Description">The new description, up to 5,000 characters; absent or null for none.</param>
/// <param name="Deadline">Creator-signed: the MetadataChange's deadline, Unix seconds.</param>
/// <param name="Signature">Creator-signed: the creator's EIP-712 MetadataChange signature (metadataHash as docs/design.md defines it).</param>
/// <param name="Nonce">Creator-signed: the contract's metadataNonce(tokenId) that was signed (the length of the work's metadataHistory when every change went through this service); a replayed or outdated one is 409.</param>
public sealed record ChangeMetadataBody(string? Title, string? Description, long? Deadline, string? Signature, long? Nonce);

/// <summary>A confirmed change: the work's new title and description, as the history shows it.</summary>
public sealed record MetadataChangeResult(
    long TokenId,
    long FirstTokenId,
    int Version,
    string Title,
    string? Description,
    string ChangedBy,
    string MetadataHash,
    string TransactionHash,
    long BlockNumber);

public sealed class ChangeMetadataValidator : Validator<ChangeMetadataCommand>
{
    public ChangeMetadataValidator(TimeProvider clock)
    {
        RuleFor(c => c.TokenId).MustBeTokenId().WithName("tokenId");
        RuleFor(c => c.Title).NotEmpty().WithName("title").WithMessage("'title' is required.")
            .Must(t => t!.Trim().Length is >= 1 and <= 200).WithName("title").WithMessage("'title' must be 1 to 200 characters.");
        RuleFor(c => c.Description).MaximumLength(5000).WithName("description");
        RuleFor(c => c.Title).Must(MetadataHash.IsWellFormed).WithName("title").WithMessage("'title' must be valid Unicode (no lone surrogates).");
        RuleFor(c => c.Description).Must(MetadataHash.IsWellFormed).WithName("description").WithMessage("'description' must be valid Unicode (no lone surrogates).");
        RuleFor(c => c.Nonce).GreaterThanOrEqualTo(0).WithName("nonce");
        When(c => c.ApiKey is null, () =>
        {
            RuleFor(c => c.Deadline).NotNull().WithName("deadline")
                .WithMessage("'deadline' (Unix seconds) is required for a creator-signed change.")
                .MustBeFutureDeadline(clock);
            RuleFor(c => c.Nonce).NotNull().WithName("nonce")
                .WithMessage("'nonce' (the work's metadataNonce that was signed) is required for a creator-signed change.");
            RuleFor(c => c.Signature).NotEmpty().WithName("signature")
                .WithMessage("'signature' (the creator's EIP-712 MetadataChange signature) is required (or send the creator's custodial API key).")
                .MustBeSignature();
        });
        When(c => c.ApiKey is not null, () =>
            RuleFor(c => c.Signature).Null().WithName("signature")
                .WithMessage("Send either the creator's signature or an API key, not both."));
    }
}

public sealed class ChangeMetadataHandler(
    IContractReader contract,
    MetadataNonceReader nonces,
    IRelayer relayer,
    Deployment deployment,
    AppDbContext db,
    KeyedLocks locks,
    SignatureVerifier signatures,
    CustodialSigner custody,
    TransactionPipeline pipeline,
    TransactionAwaiter awaiter,
    ChainInfo.ChainClock chainClock,
    IOptions<ChainOptions> chainOptions) : IRequestHandler<ChangeMetadataCommand, WriteOutcome<MetadataChangeResult>>
{
    public async ValueTask<WriteOutcome<MetadataChangeResult>> Handle(ChangeMetadataCommand command, CancellationToken ct)
    {
        var tokenId = long.Parse(command.TokenId);
        var rules = await contract.GetCirculationAsync(tokenId, ct) ?? throw WorkProblems.NotFound(tokenId);
        var first = rules.FirstTokenId;
        var work = await contract.GetWorkAsync(first, ct) ?? throw WorkProblems.NotFound(tokenId);
        var title = command.Title!.Trim();
        var metadataHash = MetadataHash.Of(title, command.Description);

        SubmittedTransaction submitted;
        // One change of a work at a time: two with the same nonce would both pass the dry run, and the second revert on chain.
        using (await locks.AcquireAsync($"metadata:{deployment.Key}:{first}", ct))
        {
            if (await db.ChainTransactions.AsNoTracking().AnyAsync(t => t.DeploymentKey == deployment.Key
                    && t.Kind == TransactionKinds.MetadataChange && t.TokenId == first
                    && (t.State == TransactionStates.Queued || t.State == TransactionStates.Sent), ct))
                throw new ApiProblemException(409, "metadata-change-pending", "Another change of this work is on its way.",
                    $"A metadata change of work {first} is queued or sent; send this one once it is confirmed (GET /api/v1/works/{first}).", "tokenId");
            var nonce = await nonces.NonceAsync(first, ct) ?? throw WorkProblems.NotFound(tokenId);
            if (command.Nonce is { } signedNonce && signedNonce != nonce)
                throw ContractRevertProblems.StaleMetadataNonce(first.ToString(CultureInfo.InvariantCulture), nonce.ToString(CultureInfo.InvariantCulture), signedNonce.ToString(CultureInfo.InvariantCulture));

            var domain = await contract.GetSigningDomainAsync(ct);
            string creator, signature;
            MetadataChangeMessage change;
            if (command.ApiKey is not null)
            {
                var account = await custody.AuthenticateAsync(command.ApiKey, ct);
                creator = account.Address;
                EnsureCreator(creator, work, first, "authorization");
                // Counted from the chain's clock, which the contract judges the deadline by; it can run ahead of the wall clock.
                change = new MetadataChangeMessage(tokenId, metadataHash, nonce,
                    await chainClock.DeadlineBaseAsync(ct) + chainOptions.Value.CustodialAuthorizationLifetimeSeconds);
                signature = custody.Sign(account, MetadataChangeEncoding.Digest(change, domain));
            }
            else
            {
                creator = work.Creator;
                signature = command.Signature!;
                change = new MetadataChangeMessage(tokenId, metadataHash, nonce, command.Deadline!.Value);
                await signatures.EnsureSignedByAsync(MetadataChangeEncoding.Digest(change, domain), signature, creator, "creator", ct);
            }

            // The dry run checks what only the chain knows (nonce, deadline, a contract wallet's signature) and sizes the gas.
            var callData = MetadataChangeEncoding.AnnounceCallData(change, signature);
            var gas = await contract.EstimateGasAsync(relayer.RelayerAddress, callData, ct);
            var request = new MetadataChangeRequest(first, tokenId, checked((int)nonce + 1), title, command.Description,
                ChainKeys.Checksum(creator), signature, metadataHash, nonce, change.Deadline);
            submitted = await pipeline.SubmitAsync(TransactionKinds.MetadataChange, callData, FeeCache.GasLimitFor(gas), request, null, first, ct);
        }

        var outcome = await awaiter.WaitAsync(submitted, command.RespondAsync, ct);
        if (outcome is null) return new(null, await awaiter.ViewAsync(submitted.Id));
        var done = outcome.Transaction.Request<MetadataChangeRequest>();
        return new(new MetadataChangeResult(tokenId, first, done.Version, done.Title, done.Description, done.ChangedBy, done.MetadataHash,
            outcome.Transaction.TransactionHash!, outcome.Transaction.BlockNumber!.Value), null);
    }

    private static void EnsureCreator(string signer, OnChainWork work, long first, string field)
    {
        if (!Formats.SameAddress(signer, work.Creator))
            throw ApiProblemException.Forbidden("not-creator", field,
                $"{ChainKeys.Checksum(signer)} did not create work {first}; only its creator {work.Creator} can change its metadata.");
    }
}

public static class ChangeMetadataEndpoint
{
    public static void MapChangeMetadata(this IEndpointRouteBuilder api) =>
        api.MapPost("/works/{tokenId}/metadata",
                async (string tokenId, ChangeMetadataBody? body, HttpRequest request, IMediator mediator, CancellationToken ct) =>
                {
                    body ??= new ChangeMetadataBody(null, null, null, null, null);
                    var outcome = await mediator.Send(new ChangeMetadataCommand(tokenId, body.Title, body.Description, body.Deadline,
                        body.Signature, body.Nonce, request.BearerToken(), request.PrefersRespondAsync()), ct);
                    return outcome.ToResult(request.HttpContext, result => $"/api/v1/works/{result.FirstTokenId}");
                })
            .WithName("ChangeMetadata")
            .RateLimited(RateLimitPolicies.Writes)
            .Idempotent()
            .AcceptsAnonymous().AcceptsAccountKey() // creator-signed, or the creator's own account key
            .WithTags("Works")
            .WithSummary("Change a work's title and description: creator-signed (EIP-712 MetadataChange), or by the creator's custodial API key; announced on chain (ERC-4906)")
            .Accepts<ChangeMetadataBody>("application/json")
            .Produces<MetadataChangeResult>(StatusCodes.Status201Created)
            .Produces<TransactionView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
