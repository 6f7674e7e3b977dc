using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DigitalCollections.Api.ChainInfo;

/// <param name="Status">healthy, degraded (still 200: it serves, with a lagging index) or unhealthy (503).</param>
/// <param name="Checks">Each check with why it is not healthy; none for liveness.</param>
public sealed record HealthReportView(string Status, IReadOnlyList<HealthCheckView> Checks);

/// <param name="Name">chain or index.</param>
/// <param name="Status">healthy, degraded or unhealthy.</param>
/// <param name="Description">Why, for an operator.</param>
/// <param name="Data">The check's figures (the index: state, blockNumber, lagBlocks).</param>
public sealed record HealthCheckView(string Name, string Status, string? Description, IReadOnlyDictionary<string, object> Data);

/// <summary>
/// Liveness and readiness as JSON, so an operator sees why the service is not ready. Ordinary endpoints rather
/// than MapHealthChecks, so the OpenAPI document lists them with their shape; never cached, never rate limited.
/// </summary>
public static class GetHealthEndpoint
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        Map(app, "/health/live", "Liveness", "The process answers; checks nothing else", _ => false);
        Map(app, "/health/ready", "Readiness",
            "Ready: the chain answers with the right chain id and genesis, our contract is deployed, the index follows",
            check => check.Tags.Contains("ready"));
    }

    private static void Map(IEndpointRouteBuilder app, string path, string name, string summary, Func<HealthCheckRegistration, bool> predicate) =>
        app.MapGet(path, async (HealthCheckService health, HttpResponse response, CancellationToken ct) =>
            {
                var report = await health.CheckHealthAsync(predicate, ct);
                response.Headers.CacheControl = "no-store, no-cache";
                response.Headers.Pragma = "no-cache";
                response.Headers.Expires = "Thu, 01 Jan 1970 00:00:00 GMT";
                var view = new HealthReportView(Text(report.Status),
                    report.Entries.Select(e => new HealthCheckView(e.Key, Text(e.Value.Status), e.Value.Description, e.Value.Data)).ToList());
                return Results.Json(view, statusCode: report.Status == HealthStatus.Unhealthy
                    ? StatusCodes.Status503ServiceUnavailable
                    : StatusCodes.Status200OK);
            })
            .WithName(name)
            .WithTags("Health")
            .WithSummary(summary)
            .Produces<HealthReportView>()
            .Produces<HealthReportView>(StatusCodes.Status503ServiceUnavailable);

    private static string Text(HealthStatus status) => status.ToString().ToLowerInvariant();
}
