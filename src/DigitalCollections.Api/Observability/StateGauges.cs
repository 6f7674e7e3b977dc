using System.Diagnostics.Metrics;
using DigitalCollections.Api.Indexing;
using DigitalCollections.Api.Transactions;

namespace DigitalCollections.Api.Observability;

/// <summary>
/// Gauges of live state, read when a collector asks (nothing is kept for them): each lane's queued writes, the
/// transactions sent and not yet confirmed, and how many blocks the index is behind the head.
/// </summary>
public sealed class StateGauges
{
    public StateGauges(IMeterFactory meters, TransactionPipeline pipeline, ConfirmationTracker tracker, IndexStatus index)
    {
        var meter = meters.Create(Telemetry.Name);
        meter.CreateObservableGauge("dc.lane.depth", () => pipeline.Lanes.Select(lane =>
                new Measurement<int>(lane.Outstanding, new KeyValuePair<string, object?>("relayer", lane.Address.ToLowerInvariant()))),
            "{write}", "Writes handed to a relayer lane and not yet sent.");
        meter.CreateObservableGauge("dc.transactions.in_flight", () => tracker.PendingCount, "{transaction}",
            "Transactions sent (or signed) and not yet confirmed: what the confirmation tracker watches.");
        meter.CreateObservableGauge("dc.index.lag", () => index.LagBlocks, "{block}",
            "Blocks between the chain's head and the index's checkpoint.");
    }
}
