namespace DigitalCollections.Api.Observability;

/// <summary>
/// Traces (<c>Tracing</c> section): off unless <see cref="Enabled"/>. On, spans of requests, the write path
/// and outgoing HTTP calls are exported over OTLP to the collector the standard variables name
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>; http://localhost:4317, gRPC, by default).
/// Metrics go there too when <see cref="ExportMetrics"/> is set.
/// </summary>
public sealed class TracingOptions
{
    public const string SectionName = "Tracing";

    public bool Enabled { get; set; }

    /// <summary>Also push the metrics over OTLP (besides, or instead of, the scrape endpoint).</summary>
    public bool ExportMetrics { get; set; }
}
