using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Transactions;

/// <summary>Waits for a submitted write within the configured time, and turns a failure into its problem.</summary>
public sealed class TransactionAwaiter(AppDbContext db, IOptions<ChainOptions> options)
{
    /// <summary>The successful outcome, or null when the caller asked not to wait or the wait ran out.</summary>
    public async Task<TransactionOutcome?> WaitAsync(SubmittedTransaction submitted, bool respondAsync, CancellationToken ct)
    {
        if (respondAsync) return null;
        TransactionOutcome outcome;
        try
        {
            outcome = await submitted.Completion.WaitAsync(TimeSpan.FromSeconds(options.Value.ConfirmationWaitSeconds), ct);
        }
        catch (TimeoutException)
        {
            return null;
        }
        return outcome.Transaction.State == TransactionStates.Confirmed ? outcome : throw ProblemFor(outcome);
    }

    public async Task<TransactionView> ViewAsync(Guid id) =>
        TransactionView.From(await db.ChainTransactions.AsNoTracking().SingleAsync(t => t.Id == id));

    private static ApiProblemException ProblemFor(TransactionOutcome outcome)
    {
        var row = outcome.Transaction;
        var transaction = new Dictionary<string, object?> { ["transactionId"] = row.Id, ["transactionHash"] = row.TransactionHash };
        if (outcome.Revert is { } revert)
        {
            var mapped = ContractRevertProblems.Map(revert);
            var extensions = new Dictionary<string, object?>(mapped.Extensions);
            foreach (var (k, v) in transaction) extensions[k] = v;
            return new ApiProblemException(mapped.Status, mapped.Slug, mapped.Title, mapped.Message, mapped.Field, extensions);
        }
        return row.FailureCode switch
        {
            "send-rejected" or "unfinalizable" =>
                new ApiProblemException(503, "relay-failed", "The chain would not take the transaction.", row.FailureReason ?? "", null, transaction),
            ProblemTypes.ChainReset or "no-registration" =>
                new ApiProblemException(503, ProblemTypes.ChainReset, "The chain was reset.", row.FailureReason ?? "", null, transaction),
            _ => new ApiProblemException(409, "transaction-reverted", "The transaction reverted.", row.FailureReason ?? "", null, transaction),
        };
    }
}
