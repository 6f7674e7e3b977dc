using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DigitalCollections.Api.Observability;

/// <summary>
/// The API's own instruments and trace source, by the one name the OpenTelemetry SDK listens to
/// (<see cref="Name"/>). Static, as the runtime's own are: recording on an instrument nobody listens to costs a
/// check, so the write path records unconditionally and only an enabled <c>Metrics:Enabled</c> or
/// <c>Tracing:Enabled</c> collects it. Gauges of live state (lane depth, in flight, index lag) are
/// <see cref="StateGauges"/>, which reads the services that own that state.
/// </summary>
public static class Telemetry
{
    public const string Name = "DigitalCollections.Api";

    public static readonly ActivitySource Source = new(Name);
    internal static readonly Meter Meter = new(Name);

    /// <summary>Writes reaching a state: queued (recorded in the outbox), sent, confirmed, failed.</summary>
    private static readonly Counter<long> Writes = Meter.CreateCounter<long>("dc.writes", "{write}",
        "Writes reaching a state: queued (recorded in the outbox), sent, confirmed or failed.");

    private static readonly Counter<long> NonceResyncs = Meter.CreateCounter<long>("dc.lane.nonce_resyncs", "{resync}",
        "Times a lane re-read its relayer's nonce from the node after a refused or unanswered send.");

    private static readonly Histogram<double> SendDuration = Meter.CreateHistogram("dc.lane.send.duration", "s",
        "How long the node took to take a signed transaction (eth_sendRawTransaction), by outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Histogram<double> ConfirmationDuration = Meter.CreateHistogram("dc.confirmation.duration", "s",
        "From a transaction's signing to its confirmation (mined and as deep as Chain:ConfirmationDepth).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Histogram<double> RpcDuration = Meter.CreateHistogram("dc.rpc.duration", "s",
        "One JSON-RPC request to the node, by method (a batch as 'batch') and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>("dc.webhook.deliveries", "{attempt}",
        "Webhook delivery attempts by outcome: delivered, retrying (will be tried again) or failed (given up).");

    /// <summary>Seconds from 1 ms to 2 min: the node answers in milliseconds, a confirmation takes blocks.</summary>
    private static double[] LatencyBuckets => [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    public static void WritesReached(string state, int count)
    {
        if (count > 0) Writes.Add(count, new KeyValuePair<string, object?>("state", state));
    }

    public static void NonceResynced(string relayer) => NonceResyncs.Add(1, new KeyValuePair<string, object?>("relayer", relayer.ToLowerInvariant()));

    public static void Sent(TimeSpan took, bool accepted) =>
        SendDuration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("outcome", accepted ? "accepted" : "refused"));

    public static void Confirmed(TimeSpan sinceSigned) => ConfirmationDuration.Record(Math.Max(0, sinceSigned.TotalSeconds));

    public static void RpcCalled(string method, TimeSpan took, bool answered) =>
        RpcDuration.Record(took.TotalSeconds, new("method", method), new("outcome", answered ? "answered" : "unavailable"));

    public static void WebhookAttempted(string outcome) => WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
