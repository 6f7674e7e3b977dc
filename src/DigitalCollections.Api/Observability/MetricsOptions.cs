namespace DigitalCollections.Api.Observability;

/// <summary>
/// The Prometheus scrape endpoint (<c>Metrics</c> section). Off unless <see cref="Enabled"/>. Once on, it is
/// served at <see cref="Path"/> to loopback callers only, or, with <see cref="Port"/>, only on connections to
/// that local port (add it to <c>Urls</c>; keep that port off the public network) and to any caller there.
/// The API's own port never serves it then.
/// </summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    public bool Enabled { get; set; }

    public string Path { get; set; } = "/metrics";

    /// <summary>A local port that serves the scrape endpoint alone (e.g. 9464); unset: the API's port, to loopback callers.</summary>
    public int? Port { get; set; }
}
