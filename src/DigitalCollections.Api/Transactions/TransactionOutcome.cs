using DigitalCollections.Api.Chain;

namespace DigitalCollections.Api.Transactions;

/// <summary>How a write ended: the final outbox row and, for a revert, the contract's decoded error.</summary>
public sealed record TransactionOutcome(ChainTransaction Transaction, ContractError? Revert, DateTimeOffset? BlockTime);
