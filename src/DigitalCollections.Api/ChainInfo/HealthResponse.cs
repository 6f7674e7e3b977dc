using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DigitalCollections.Api.ChainInfo;

/// <summary>Health answers as JSON, so an operator sees why the service is not ready.</summary>
public static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString().ToLowerInvariant(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        });
}
