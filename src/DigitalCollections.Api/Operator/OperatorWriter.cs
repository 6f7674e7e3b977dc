using DigitalCollections.Api.Audit;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Transactions;

namespace DigitalCollections.Api.Operator;

/// <summary>What an operator action sends, and how the audit trail records it.</summary>
/// <param name="Kind">The outbox kind (<see cref="TransactionKinds"/>): never batched.</param>
/// <param name="Role">The contract role the sending relayer must hold.</param>
/// <param name="CallData">The contract call, 0x hex.</param>
/// <param name="TokenId">The token acted on, if any.</param>
/// <param name="Request">Kept as the outbox row's request JSON.</param>
/// <param name="Actor">The audit trail's name for the caller.</param>
/// <param name="AuditAction">The audit trail's action (<see cref="Audit.AuditActions"/>).</param>
/// <param name="RespondAsync">Answer at once with the queued transaction instead of waiting for it.</param>
public sealed record OperatorCall(
    string Kind,
    OperatorRole Role,
    string CallData,
    long? TokenId,
    object Request,
    string Actor,
    string AuditAction,
    bool RespondAsync);

/// <summary>The outbox row's request of an operator action: what was asked, and by whom (an admin key's id, never its secret).</summary>
public sealed record OperatorRequest(string Action, string Actor, long? TokenId = null, long? ReasonCode = null, long? HoldSeconds = null);

/// <summary>
/// Sends an operator call as every write goes: dry run from the relayer holding the role (a revert is its
/// problem, nothing sent), one outbox row on that relayer's lane (alone, never batched), then waits like other
/// writes. The audit row is appended once the row is recorded and names its transaction id, so an action
/// that fails on chain is still in the trail as asked, its outcome at GET /api/v1/transactions/{id}.
/// </summary>
public sealed class OperatorWriter(
    OperatorRelayers relayers,
    IContractReader contract,
    TransactionPipeline pipeline,
    TransactionAwaiter awaiter,
    IAuditTrail audit)
{
    public async Task<TransactionView> SendAsync(OperatorCall call, CancellationToken ct)
    {
        var relayer = await relayers.HolderAsync(call.Role, ct);
        var gas = await contract.EstimateGasAsync(relayer, call.CallData, ct);
        var submitted = await pipeline.SubmitAsync(call.Kind, call.CallData, FeeCache.GasLimitFor(gas), call.Request, null, call.TokenId, ct, relayer);
        await audit.AppendAsync(call.Actor, call.AuditAction, new Dictionary<string, object?>
        {
            ["transactionId"] = submitted.Id, ["relayer"] = relayer, ["request"] = call.Request,
        }, CancellationToken.None);
        var outcome = await awaiter.WaitAsync(submitted, call.RespondAsync, ct);
        return outcome is null ? await awaiter.ViewAsync(submitted.Id) : TransactionView.From(outcome.Transaction);
    }
}
