using System.Security.Cryptography;
using System.Text;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Indexing;
using DigitalCollections.Api.Transactions;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Webhooks;

/// <summary>
/// work.transferred for every Transfer between holders the index sees (not mints, not burns), whoever sent it:
/// stored in the index's own transaction as it writes the transfer rows, so an event is stored exactly when
/// the index knows the transfer. The event is the transfer in its transaction (hash, token, from, to), not
/// in its block: a reorg that mines the same transaction again is the same event. Its delivery id is derived
/// from endpoint and event key, so the event keeps one webhook-id even when a rollback removed its row and
/// the re-mined block adds it again. A rollback removes the deliveries of the rolled-back transfers that no
/// attempt has reached yet; one already attempted stays and is finished (a receiver cannot be made to
/// unsee it; docs/webhooks.md says how to wait for finality).
/// </summary>
internal static class IndexedTransferEvents
{
    /// <summary>An endpoint hears of transfers from about when it was registered (not of history a fresh index reads).</summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromMinutes(1);

    public static async Task AddAsync(AppDbContext db, IReadOnlyList<IndexedTransfer> transfers, DateTimeOffset now, CancellationToken ct)
    {
        var moves = transfers.Where(IsBetweenHolders).ToList();
        if (moves.Count == 0) return;
        var type = WebhookEventTypes.WorkTransferred;
        var endpoints = (await WebhookOutbox.EndpointsAsync(db)).Where(e => e.EventTypes.Contains("," + type + ",", StringComparison.Ordinal)).ToList();
        if (endpoints.Count == 0) return;
        var ours = await OutboxIdsAsync(db, moves, ct);
        var batch = new StatementBatch();
        foreach (var move in moves)
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(move.TimestampUnix);
            var payload = WebhookOutbox.Payload(type, at, new Dictionary<string, object?>
            {
                ["kind"] = TransactionKinds.Transfer, ["state"] = TransactionStates.Confirmed, ["tokenId"] = move.TokenId,
                ["from"] = ChainKeys.Checksum(move.From), ["to"] = ChainKeys.Checksum(move.To),
                ["transactionHash"] = move.TransactionHash, ["blockNumber"] = move.BlockNumber, ["blockHash"] = move.BlockHash,
                ["logIndex"] = move.LogIndex,
                ["transactionId"] = ours.TryGetValue(move.TransactionHash.ToLowerInvariant(), out var id) ? id : null,
            });
            var key = EventKey(move);
            foreach (var endpoint in endpoints.Where(e => at >= e.CreatedAt - ClockSlack))
            {
                if (batch.IsFull) await batch.ExecuteAsync(db, CancellationToken.None);
                WebhookOutbox.Insert(db, batch, DeliveryId(endpoint.Id, key), endpoint.Id, key, type, payload, now, "1 = 1");
            }
        }
        await batch.ExecuteAsync(db, CancellationToken.None);
    }

    /// <summary>Before a rollback deletes the transfers after <paramref name="ancestor"/>: their deliveries no attempt reached go with them.</summary>
    public static async Task RetractAsync(AppDbContext db, string deploymentKey, long ancestor, CancellationToken ct)
    {
        var rolledBack = await db.IndexedTransfers.AsNoTracking()
            .Where(t => t.DeploymentKey == deploymentKey && t.BlockNumber > ancestor).ToListAsync(ct);
        var keys = rolledBack.Where(IsBetweenHolders).Select(EventKey).Distinct().ToList();
        foreach (var chunk in keys.Chunk(500))
        {
            var some = chunk.ToList();
            await db.WebhookDeliveries
                .Where(d => some.Contains(d.EventKey) && d.Attempts == 0 && d.State == WebhookDeliveryStates.Pending)
                .ExecuteDeleteAsync(ct);
        }
    }

    private static bool IsBetweenHolders(IndexedTransfer t) => !Formats.IsZeroAddress(t.From) && !Formats.IsZeroAddress(t.To);

    internal static string EventKey(IndexedTransfer t) =>
        $"{WebhookEventTypes.WorkTransferred}:{t.TransactionHash.ToLowerInvariant()}:{t.TokenId}:{t.From.ToLowerInvariant()}:{t.To.ToLowerInvariant()}";

    /// <summary>A UUID (version 8, RFC 9562) from SHA-256 of endpoint and event key: the same event, the same webhook-id.</summary>
    internal static Guid DeliveryId(Guid endpointId, string eventKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{endpointId:N}/{eventKey}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The outbox ids of the transfers this API sent, by transaction hash (lower case).</summary>
    private static async Task<Dictionary<string, Guid>> OutboxIdsAsync(AppDbContext db, List<IndexedTransfer> moves, CancellationToken ct)
    {
        var hashes = moves.Select(m => m.TransactionHash).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var variants = hashes.Concat(hashes.Select(h => h.ToLowerInvariant())).Distinct().ToList();
        var rows = await db.ChainTransactions.AsNoTracking()
            .Where(t => t.Kind == TransactionKinds.Transfer && t.TransactionHash != null && variants.Contains(t.TransactionHash))
            .Select(t => new { t.Id, t.TransactionHash, t.TokenId }).ToListAsync(ct);
        var ids = new Dictionary<string, Guid>();
        foreach (var row in rows) ids.TryAdd(row.TransactionHash!.ToLowerInvariant(), row.Id);
        return ids;
    }
}
