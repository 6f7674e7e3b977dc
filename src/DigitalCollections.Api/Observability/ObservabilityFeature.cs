using System.Diagnostics;
using System.Net;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DigitalCollections.Api.Observability;

/// <summary>
/// Metrics and traces with the OpenTelemetry SDK: the API's own instruments (<see cref="Telemetry"/>,
/// <see cref="StateGauges"/>) with ASP.NET Core's request metrics and HttpClient's, scraped at /metrics
/// (<see cref="MetricsOptions"/>) and/or pushed over OTLP with the traces (<see cref="TracingOptions"/>).
/// With both off (the default) no SDK is registered and the instruments cost a check each.
/// </summary>
public static class ObservabilityFeature
{
    public const string ServiceName = "digitalcollections-api";

    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var metricsSection = builder.Configuration.GetSection(MetricsOptions.SectionName);
        var tracingSection = builder.Configuration.GetSection(TracingOptions.SectionName);
        services.Configure<MetricsOptions>(metricsSection);
        var metrics = metricsSection.Get<MetricsOptions>() ?? new MetricsOptions();
        var tracing = tracingSection.Get<TracingOptions>() ?? new TracingOptions();
        if (metrics.Port is <= 0 or > 65535) throw new InvalidOperationException($"Metrics:Port must be a TCP port (1-65535), not {metrics.Port}.");
        if (!metrics.Enabled && !tracing.Enabled && !tracing.ExportMetrics) return builder;

        var otel = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(ServiceName));
        if (metrics.Enabled || tracing.ExportMetrics)
        {
            services.AddSingleton<StateGauges>();
            otel.WithMetrics(m =>
            {
                m.AddMeter(Telemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (metrics.Enabled) m.AddPrometheusExporter();
                if (tracing.ExportMetrics) m.AddOtlpExporter();
            });
        }
        if (tracing.Enabled)
        {
            otel.WithTracing(t => t
                .AddSource(Telemetry.Name)
                // Probes and scrapes would be most of the spans and tell nothing.
                .AddAspNetCoreInstrumentation(o => o.Filter = c =>
                    !c.Request.Path.StartsWithSegments("/health") && !c.Request.Path.StartsWithSegments(metrics.Path))
                // Only calls made inside a span (a send, a delivery): the indexer's polling would be a root span per call.
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = _ => Activity.Current?.ParentId is not null)
                .AddOtlpExporter());
        }
        return builder;
    }

    /// <summary>The scrape endpoint, before rate limits and idempotency: only for whom <see cref="MetricsOptions"/> allows; 404 for anyone else.</summary>
    public static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value;
        if (app.Services.GetService<StateGauges>() is null || !metrics.Enabled) return app; // resolving it creates the gauges
        app.UseOpenTelemetryPrometheusScrapingEndpoint(c => c.Request.Path == metrics.Path && MayScrape(c.Connection, metrics.Port));
        return app;
    }

    /// <summary>With a port: connections to that port, from anywhere. Without: loopback callers only.</summary>
    internal static bool MayScrape(ConnectionInfo connection, int? port) =>
        port is { } p ? connection.LocalPort == p : connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
}
