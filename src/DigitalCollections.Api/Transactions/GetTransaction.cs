using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.RateLimiting;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Transactions;

/// <summary>A write's state as the outbox knows it.</summary>
public sealed record GetTransactionQuery(string Id) : IRequest<TransactionView>;

/// <param name="Id">The transaction id, as in the 202 Location.</param>
/// <param name="Kind">mint, edition (its first chunk), edition-chunk (the rest of an edition larger than one transaction) or transfer; metadata-change; the operator's pause, unpause, freeze, unfreeze, minimum-hold.</param>
/// <param name="State">queued → sent → confirmed, or failed (see <paramref name="Failure"/>).</param>
/// <param name="Relayer">The relayer (lane) that signed it.</param>
/// <param name="Nonce">The relayer's nonce it was signed with.</param>
/// <param name="TransactionHash">The signed transaction's hash.</param>
/// <param name="BlockNumber">The block it was mined in.</param>
/// <param name="BlockHash">That block's hash.</param>
/// <param name="TokenId">Transfers, freeze, unfreeze: the token; mints: the token once confirmed.</param>
/// <param name="CreatedAt">When the write was accepted.</param>
/// <param name="SentAt">When it was sent to the chain.</param>
/// <param name="CompletedAt">When it was confirmed or failed.</param>
/// <param name="Failure">Why it failed; null unless failed.</param>
/// <param name="ResultLocation">Where the written resource is, once confirmed.</param>
/// <param name="Batch">
/// The batch transaction (mintWorks, transferWithAuthorizations) this write went out in, with its place in it;
/// null when it went out alone as the single call.
/// </param>
public sealed record TransactionView(
    Guid Id,
    string Kind,
    string State,
    string? Relayer,
    long? Nonce,
    string? TransactionHash,
    long? BlockNumber,
    string? BlockHash,
    long? TokenId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? CompletedAt,
    TransactionFailure? Failure,
    string? ResultLocation,
    TransactionBatch? Batch = null)
{
    public static string LocationOf(Guid id) => $"/api/v1/transactions/{id}";

    public static TransactionView From(ChainTransaction row) => new(
        row.Id, row.Kind, row.State, row.Relayer, row.Nonce, row.TransactionHash, row.BlockNumber, row.BlockHash,
        row.TokenId, row.CreatedAt, row.SentAt, row.CompletedAt,
        row.State == TransactionStates.Failed ? new TransactionFailure(row.FailureCode ?? "failed", row.FailureReason ?? "") : null,
        row.State != TransactionStates.Confirmed || row.TokenId is null ? null
            : TransactionKinds.Registers(row.Kind) || TransactionKinds.IsOperator(row.Kind) ? $"/api/v1/works/{row.TokenId}" : $"/api/v1/works/{row.TokenId}/provenance",
        row is { BatchSize: { } size, BatchIndex: { } index, TransactionHash: { } hash } ? new TransactionBatch(hash, size, index) : null);
}

/// <param name="TransactionHash">The batch transaction's hash (the same as the write's own).</param>
/// <param name="Size">How many writes it carries.</param>
/// <param name="Index">This write's position in it, from 0.</param>
public sealed record TransactionBatch(string TransactionHash, int Size, int Index);

/// <param name="Code">The contract's error name (e.g. WorkAlreadyRegistered), "reverted", "send-rejected", "chain-reset" (the chain was reset before it confirmed), "no-registration" or "unfinalizable".</param>
/// <param name="Reason">What went wrong, in words.</param>
public sealed record TransactionFailure(string Code, string Reason);

public sealed class GetTransactionValidator : Validator<GetTransactionQuery>
{
    public GetTransactionValidator() =>
        RuleFor(q => q.Id).Must(id => Guid.TryParse(id, out _)).WithName("id")
            .WithMessage("'id' must be a transaction id (a UUID) as returned in a 202 Location.");
}

public sealed class GetTransactionHandler(AppDbContext db, Deployment deployment) : IRequestHandler<GetTransactionQuery, TransactionView>
{
    public async ValueTask<TransactionView> Handle(GetTransactionQuery query, CancellationToken ct)
    {
        var id = Guid.Parse(query.Id);
        var row = await db.ChainTransactions.AsNoTracking()
            .SingleOrDefaultAsync(t => t.Id == id && t.DeploymentKey == deployment.Key, ct);
        return row is null
            ? throw ApiProblemException.NotFound("transaction", "id", $"No transaction {id} for this deployment.")
            : TransactionView.From(row);
    }
}

public static class GetTransactionEndpoint
{
    public static void MapGetTransaction(this IEndpointRouteBuilder api) =>
        api.MapGet("/transactions/{id}", async (string id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetTransactionQuery(id), ct)))
            .WithName("GetTransaction")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Transactions")
            .WithSummary("A write's state: queued, sent, confirmed or failed with the reason, and the batch it went out in")
            .Produces<TransactionView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
