using System.Diagnostics;
using DigitalCollections.Api.Transactions;

namespace DigitalCollections.Api.Observability;

/// <summary>
/// One trace per write, across the hops where no call stack carries it: the request records the row with its
/// trace context (W3C traceparent, <see cref="ChainTransaction.TraceParent"/>); the lane's send and the
/// tracker's confirmation start their spans from it. A batch transaction carries several writes: its span's
/// parent is its first row's, with a link to each other row's trace.
/// </summary>
public static class WriteTraces
{
    /// <summary>The span around recording a write in the outbox, a child of the request's; null when nobody traces.</summary>
    public static Activity? StartRecord(string kind) =>
        Telemetry.Source.StartActivity("outbox.record")?.SetTag("dc.write.kind", kind);

    /// <summary>The trace context to store on a new row: the current span's, or null when nobody traces.</summary>
    public static string? Current() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The span of one send of a transaction carrying <paramref name="rows"/> (its first row first).</summary>
    public static Activity? StartSend(IReadOnlyList<ChainTransaction> rows, string relayer, long? nonce)
    {
        if (!Telemetry.Source.HasListeners()) return null;
        var (parent, links) = ParentAndLinks(rows);
        var activity = Telemetry.Source.StartActivity("lane.send", ActivityKind.Producer, parent,
            [new("dc.relayer", relayer), new("dc.nonce", nonce), new("dc.batch.size", rows.Count)], links);
        activity?.SetTag("dc.transaction.hash", rows[0].TransactionHash);
        return activity;
    }

    /// <summary>
    /// A finished span from <paramref name="row"/>'s signing (or creation) to its end now, confirmed or failed,
    /// as a child of the trace the row was recorded in.
    /// </summary>
    public static void Ended(ChainTransaction row, DateTimeOffset now)
    {
        if (!Telemetry.Source.HasListeners() || !TryParse(row.TraceParent, out var parent)) return;
        using var activity = Telemetry.Source.StartActivity("transaction.confirm", ActivityKind.Consumer, parent,
            [new("dc.write.id", row.Id.ToString()), new("dc.write.state", row.State), new("dc.transaction.hash", row.TransactionHash),
             new("dc.block.number", row.BlockNumber)],
            startTime: row.SentAt ?? row.CreatedAt);
        if (activity is null) return;
        if (row.State == TransactionStates.Failed) activity.SetStatus(ActivityStatusCode.Error, row.FailureCode);
        activity.SetEndTime(now.UtcDateTime);
    }

    internal static (ActivityContext Parent, ActivityLink[]? Links) ParentAndLinks(IReadOnlyList<ChainTransaction> rows)
    {
        TryParse(rows[0].TraceParent, out var parent);
        List<ActivityLink>? links = null;
        for (var i = 1; i < rows.Count; i++)
            if (TryParse(rows[i].TraceParent, out var other) && other.TraceId != parent.TraceId) (links ??= []).Add(new ActivityLink(other));
        return (parent, links?.ToArray());
    }

    internal static bool TryParse(string? traceParent, out ActivityContext context)
    {
        context = default;
        return traceParent is not null && ActivityContext.TryParse(traceParent, null, out context);
    }
}
