using System.Text.Json;

namespace DigitalCollections.Api.Transactions;

/// <summary>
/// The outbox: one row per write, recorded (signed, with its lane and nonce) before it is sent, so a crash
/// can always be reconciled from the chain. Several rows may share one transaction (a batch): each keeps its
/// own state and reason. State moves queued → sent → confirmed, or → failed with a reason.
/// </summary>
public sealed class ChainTransaction
{
    public Guid Id { get; set; }
    public required string DeploymentKey { get; set; }
    /// <summary><see cref="TransactionKinds"/>.</summary>
    public required string Kind { get; set; }
    /// <summary><see cref="TransactionStates"/>.</summary>
    public required string State { get; set; }
    /// <summary>What was asked, as JSON (<see cref="MintRequest"/> or <see cref="TransferRequest"/>): enough to finish the write after a restart.</summary>
    public required string RequestJson { get; set; }
    /// <summary>The contract call (0x hex); the signed transaction below wraps it.</summary>
    public required string CallData { get; set; }
    /// <summary>Mints: the content being registered (finds an in-flight mint of the same bytes).</summary>
    public string? ContentHash { get; set; }
    /// <summary>Transfers: the token; mints: the token once confirmed.</summary>
    public long? TokenId { get; set; }
    public long GasLimit { get; set; }

    /// <summary>The relayer (lane) that signed it.</summary>
    public string? Relayer { get; set; }
    public long? Nonce { get; set; }
    public string? GasPrice { get; set; }
    /// <summary>The raw signed transaction (0x hex). Public data once sent; holds no key.</summary>
    public string? SignedTransaction { get; set; }
    public string? TransactionHash { get; set; }
    public int SendAttempts { get; set; }
    /// <summary>
    /// Its position in the batch transaction (mintWorks/transferWithAuthorizations) it went out in; null when it
    /// went out alone, as the single function. The rows of one batch share relayer, nonce and hash; only the
    /// first (index 0) keeps the signed transaction.
    /// </summary>
    public int? BatchIndex { get; set; }
    /// <summary>How many writes that batch transaction carries; null when it went out alone.</summary>
    public int? BatchSize { get; set; }

    public long? BlockNumber { get; set; }
    public string? BlockHash { get; set; }
    public string? FailureCode { get; set; }
    public string? FailureReason { get; set; }

    /// <summary>
    /// The trace context (W3C traceparent) of the request that recorded it, so the lane's send and the
    /// confirmation join that trace (Observability/WriteTraces.cs); null when nobody was tracing.
    /// </summary>
    public string? TraceParent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    public bool IsFinal => State is TransactionStates.Confirmed or TransactionStates.Failed;

    public T Request<T>() => JsonSerializer.Deserialize<T>(RequestJson, JsonOptions)!;

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
