namespace DigitalCollections.Api.Transactions;

/// <summary>A write the pipeline has recorded: its id at once, its outcome when final.</summary>
public sealed record SubmittedTransaction(Guid Id, Task<TransactionOutcome> Completion);
