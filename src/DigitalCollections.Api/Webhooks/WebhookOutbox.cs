using System.Text.Json;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Transactions;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Webhooks;

/// <summary>
/// Adds the deliveries of an event to the statements of the database transaction that makes the state change,
/// so the event is stored exactly when the change is: one row per subscribed endpoint, keyed by
/// (endpoint, event key) with ON CONFLICT DO NOTHING, so a replay (a restart's reconciliation, a second reset
/// check) adds nothing. A write's event is inserted only if its outbox row really is in the reported state
/// after the transaction's own updates (another finalizer may have ended it otherwise).
/// </summary>
internal static class WebhookOutbox
{
    /// <summary>The events of ended outbox rows (confirmed registration → work.registered; failed → transaction.failed).</summary>
    public static async Task AddEndedAsync(AppDbContext db, StatementBatch batch, IReadOnlyList<ChainTransaction> rows, DateTimeOffset now)
    {
        var endpoints = await EndpointsAsync(db);
        if (endpoints.Count == 0) return;
        var t = StoreNames.Table<ChainTransaction>(db);
        foreach (var row in rows)
        {
            var type = EventTypeOf(row);
            if (type is null) continue;
            var payload = Payload(type, row.CompletedAt ?? now, WriteData(row));
            foreach (var endpoint in endpoints.Where(e => e.EventTypes.Contains("," + type + ",", StringComparison.Ordinal)))
            {
                if (batch.IsFull) await batch.ExecuteAsync(db, CancellationToken.None);
                Insert(db, batch, endpoint.Id, $"{type}:{row.Id}", type, payload, now,
                    $"EXISTS (SELECT 1 FROM {t.Name} WHERE {t.Col(nameof(ChainTransaction.Id))} = {batch.Value(row.Id)} "
                    + $"AND {t.Col(nameof(ChainTransaction.State))} = {batch.Value(row.State)})");
            }
        }
    }

    /// <summary>The chain was found reset: one chain.reset per deployment and endpoint, however often it is seen.</summary>
    public static async Task AddChainResetAsync(AppDbContext db, StatementBatch batch, Chain.Deployment deployment, string reason, DateTimeOffset now)
    {
        var endpoints = await EndpointsAsync(db);
        var type = WebhookEventTypes.ChainReset;
        var payload = Payload(type, now, new Dictionary<string, object?>
        {
            ["chainId"] = deployment.ChainId, ["contractAddress"] = deployment.ContractAddress, ["reason"] = reason,
        });
        foreach (var endpoint in endpoints.Where(e => e.EventTypes.Contains("," + type + ",", StringComparison.Ordinal)))
            Insert(db, batch, endpoint.Id, $"{type}:{deployment.Key}", type, payload, now, "1 = 1");
    }

    internal static string? EventTypeOf(ChainTransaction row) => row.State switch
    {
        TransactionStates.Confirmed when TransactionKinds.Registers(row.Kind) => WebhookEventTypes.WorkRegistered,
        TransactionStates.Confirmed when row.Kind == TransactionKinds.MetadataChange => WebhookEventTypes.WorkMetadataChanged,
        // A confirmed transfer's work.transferred comes from the index, like every other Transfer (IndexedTransferEvents).
        TransactionStates.Failed => WebhookEventTypes.TransactionFailed,
        _ => null,
    };

    internal static Task<List<WebhookEndpoint>> EndpointsAsync(AppDbContext db) =>
        db.WebhookEndpoints.AsNoTracking().ToListAsync(CancellationToken.None);

    private static Dictionary<string, object?> WriteData(ChainTransaction row)
    {
        var data = new Dictionary<string, object?>
        {
            ["transactionId"] = row.Id, ["kind"] = row.Kind, ["state"] = row.State, ["tokenId"] = row.TokenId,
            ["transactionHash"] = row.TransactionHash, ["blockNumber"] = row.BlockNumber, ["blockHash"] = row.BlockHash,
        };
        if (TransactionKinds.Registers(row.Kind)) data["contentHash"] = row.ContentHash;
        if (row.Kind == TransactionKinds.MetadataChange && row.State == TransactionStates.Confirmed)
        {
            var change = row.Request<Metadata.MetadataChangeRequest>();
            (data["version"], data["title"], data["description"], data["changedBy"]) = (change.Version, change.Title, change.Description, change.ChangedBy);
        }
        if (row.State == TransactionStates.Failed)
            data["failure"] = new Dictionary<string, object?> { ["code"] = row.FailureCode, ["reason"] = row.FailureReason };
        return data;
    }

    /// <summary>The Standard Webhooks body: type, timestamp and data.</summary>
    internal static string Payload(string type, DateTimeOffset at, object data) =>
        JsonSerializer.Serialize(new Dictionary<string, object?> { ["type"] = type, ["timestamp"] = at.ToUniversalTime(), ["data"] = data }, ChainTransaction.JsonOptions);

    private static void Insert(AppDbContext db, StatementBatch batch, Guid endpointId, string eventKey, string type, string payload,
        DateTimeOffset now, string condition) =>
        Insert(db, batch, Guid.CreateVersion7(), endpointId, eventKey, type, payload, now, condition);

    /// <summary>One delivery row unless (endpoint, event key) has one; <paramref name="condition"/> is SQL that must hold.</summary>
    internal static void Insert(AppDbContext db, StatementBatch batch, Guid id, Guid endpointId, string eventKey, string type, string payload,
        DateTimeOffset now, string condition)
    {
        var d = StoreNames.Table<WebhookDelivery>(db);
        string[] columns =
        [
            nameof(WebhookDelivery.Id), nameof(WebhookDelivery.EndpointId), nameof(WebhookDelivery.EventKey), nameof(WebhookDelivery.EventType),
            nameof(WebhookDelivery.Payload), nameof(WebhookDelivery.State), nameof(WebhookDelivery.Attempts),
            nameof(WebhookDelivery.NextAttemptAtMs), nameof(WebhookDelivery.CreatedAt),
        ];
        var values = new[]
        {
            batch.Value(id), batch.Value(endpointId), batch.Value(eventKey), batch.Value(type), batch.Value(payload),
            batch.Value(WebhookDeliveryStates.Pending), batch.Value(0), batch.Value(now.ToUnixTimeMilliseconds()), batch.Value(now),
        };
        // SQLite needs the WHERE to read ON CONFLICT as the upsert clause (its documented parsing ambiguity).
        batch.Sql($"INSERT INTO {d.Name} ({string.Join(", ", columns.Select(d.Col))}) SELECT {string.Join(", ", values)} WHERE {condition} "
            + $"ON CONFLICT ({d.Col(nameof(WebhookDelivery.EndpointId))}, {d.Col(nameof(WebhookDelivery.EventKey))}) DO NOTHING;\n");
    }
}
