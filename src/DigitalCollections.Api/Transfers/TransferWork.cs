using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Idempotency;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Transactions;
using DigitalCollections.Api.Works;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Transfers;

/// <summary>Relay a transfer the owner signed, or sign it for the owner's custodial account.</summary>
public sealed record TransferWorkCommand(
    string TokenId,
    string? From,
    string? To,
    long? Deadline,
    string? Signature,
    long? Nonce,
    string? ApiKey,
    bool RespondAsync = false) : IRequest<WriteOutcome<TransferResult>>, Common.IRefusedWhilePaused, IHasDeadline
{
    long? IHasDeadline.ClientDeadline => ApiKey is null ? Deadline : null;
}

/// <summary>JSON body of POST /api/v1/works/{tokenId}/transfers.</summary>
/// <param name="From">Owner-signed: the current owner, who signed.</param>
/// <param name="To">The new owner.</param>
/// <param name="Deadline">Owner-signed: the authorisation's deadline, Unix seconds.</param>
/// <param name="Signature">Owner-signed: EIP-712 TransferAuthorization signature.</param>
/// <param name="Nonce">Optional: the transfer nonce that was signed (default: the token's current one).</param>
public sealed record TransferWorkBody(string? From, string? To, long? Deadline, string? Signature, long? Nonce);

public sealed record TransferResult(long TokenId, string From, string To, string TransactionHash, long BlockNumber);

public sealed class TransferWorkValidator : Validator<TransferWorkCommand>
{
    public TransferWorkValidator(TimeProvider clock)
    {
        RuleFor(c => c.TokenId).MustBeTokenId().WithName("tokenId");
        RuleFor(c => c.To).NotEmpty().WithName("to").WithMessage("'to' is required.").MustBeAddress();
        RuleFor(c => c.To).Must(t => !Formats.IsZeroAddress(t)).When(c => Formats.IsAddress(c.To)).WithName("to")
            .WithMessage("'to' must not be the zero address.");
        RuleFor(c => c.Nonce).GreaterThanOrEqualTo(0).WithName("nonce");
        When(c => c.ApiKey is null, () =>
        {
            RuleFor(c => c.From).NotEmpty().WithName("from")
                .WithMessage("'from' is required for an owner-signed transfer (or send the owner's custodial API key).")
                .MustBeAddress();
            RuleFor(c => c.Deadline).NotNull().WithName("deadline")
                .WithMessage("'deadline' (Unix seconds) is required for an owner-signed transfer.")
                .MustBeFutureDeadline(clock);
            RuleFor(c => c.Signature).NotEmpty().WithName("signature")
                .WithMessage("'signature' (the owner's EIP-712 TransferAuthorization signature) is required.")
                .MustBeSignature();
        });
        When(c => c.ApiKey is not null, () =>
            RuleFor(c => c.Signature).Null().WithName("signature")
                .WithMessage("Send either the owner's signature or an API key, not both."));
    }
}

public sealed class TransferWorkHandler(
    IContractReader contract,
    IRelayer relayer,
    SignatureVerifier signatures,
    CustodialSigner custody,
    TransactionPipeline pipeline,
    TransactionAwaiter awaiter,
    ChainInfo.ChainClock chainClock,
    IOptions<ChainOptions> chainOptions) : IRequestHandler<TransferWorkCommand, WriteOutcome<TransferResult>>
{
    public async ValueTask<WriteOutcome<TransferResult>> Handle(TransferWorkCommand command, CancellationToken ct)
    {
        var tokenId = long.Parse(command.TokenId);
        var to = command.To!;
        var work = await contract.GetWorkAsync(tokenId, ct) ?? throw WorkProblems.NotFound(tokenId);
        if (command.Nonce is { } signedNonce && signedNonce != work.TransferNonce)
            throw new ApiProblemException(409, "stale-authorization", "The authorisation was already used or is out of date.",
                $"Token {tokenId} expects transfer nonce {work.TransferNonce}, the request carries {signedNonce}.", "nonce");

        await CirculationCheck.EnsureTransferableAsync(contract, chainClock, tokenId, ct);

        var domain = await contract.GetSigningDomainAsync(ct);
        string from, signature;
        TransferAuthorization authorization;
        if (command.ApiKey is not null)
        {
            var account = await custody.AuthenticateAsync(command.ApiKey, ct);
            from = account.Address;
            EnsureOwner(from, work, "authorization");
            // Counted from the chain's clock, which the contract judges the deadline by; it can run ahead of the wall clock.
            authorization = Authorization(from, to, tokenId, work.TransferNonce,
                await chainClock.DeadlineBaseAsync(ct) + chainOptions.Value.CustodialAuthorizationLifetimeSeconds);
            signature = custody.Sign(account, authorization, domain);
        }
        else
        {
            from = command.From!;
            EnsureOwner(from, work, "from");
            signature = command.Signature!;
            authorization = Authorization(from, to, tokenId, work.TransferNonce, command.Deadline!.Value);
            await signatures.EnsureSignedByAsync(AuthorizationSigning.Digest(authorization, domain), signature, from, "owner", ct);
        }

        // The dry run checks what only the chain knows (owner, nonce, a contract wallet's signature) and sizes the gas.
        var callData = AuthorizationEncoding.TransferCallData(authorization, signature);
        var gas = await contract.EstimateGasAsync(relayer.RelayerAddress, callData, ct);
        var request = new TransferRequest(tokenId, ChainKeys.Checksum(from), ChainKeys.Checksum(to), work.TransferNonce);
        var submitted = await pipeline.SubmitAsync(TransactionKinds.Transfer, callData, FeeCache.GasLimitFor(gas), request, null, tokenId, ct);

        var outcome = await awaiter.WaitAsync(submitted, command.RespondAsync, ct);
        if (outcome is null) return new(null, await awaiter.ViewAsync(submitted.Id));
        return new(new TransferResult(tokenId, ChainKeys.Checksum(from), ChainKeys.Checksum(to),
            outcome.Transaction.TransactionHash!, outcome.Transaction.BlockNumber!.Value), null);
    }

    private static void EnsureOwner(string from, OnChainWork work, string field)
    {
        if (!Formats.SameAddress(from, work.Owner))
            throw ApiProblemException.Forbidden("not-owner", field,
                $"{ChainKeys.Checksum(from)} does not own token {work.TokenId}; only its owner can transfer it.");
    }

    private static TransferAuthorization Authorization(string from, string to, long tokenId, long nonce, long deadline) => new()
    {
        From = from,
        To = to,
        TokenId = tokenId,
        Nonce = nonce,
        Deadline = deadline,
    };
}

public static class TransferWorkEndpoint
{
    public static void MapTransferWork(this IEndpointRouteBuilder api) =>
        api.MapPost("/works/{tokenId}/transfers",
                async (string tokenId, TransferWorkBody? body, HttpRequest request, IMediator mediator, CancellationToken ct) =>
                {
                    body ??= new TransferWorkBody(null, null, null, null, null);
                    var outcome = await mediator.Send(new TransferWorkCommand(tokenId, body.From, body.To, body.Deadline,
                        body.Signature, body.Nonce, request.BearerToken(), request.PrefersRespondAsync()), ct);
                    return outcome.ToResult(request.HttpContext, result => $"/api/v1/works/{result.TokenId}/provenance");
                })
            .WithName("TransferWork")
            .RateLimited(RateLimitPolicies.Writes)
            .Idempotent()
            .AcceptsAnonymous().AcceptsAccountKey() // self-signed, or the owner's own account key
            .WithTags("Transfers")
            .WithSummary("Transfer a work: owner-signed, or by the owner's custodial API key")
            .Accepts<TransferWorkBody>("application/json")
            .Produces<TransferResult>(StatusCodes.Status201Created)
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
