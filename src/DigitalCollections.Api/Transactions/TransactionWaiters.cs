using System.Collections.Concurrent;

namespace DigitalCollections.Api.Transactions;

/// <summary>Requests waiting for their transaction's outcome, by outbox id.</summary>
public sealed class TransactionWaiters
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<TransactionOutcome>> _waiters = new();

    public Task<TransactionOutcome> Register(Guid id) =>
        _waiters.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Forget(Guid id) => _waiters.TryRemove(id, out _);

    public void Complete(TransactionOutcome outcome)
    {
        if (_waiters.TryRemove(outcome.Transaction.Id, out var waiter)) waiter.TrySetResult(outcome);
    }
}
