namespace DigitalCollections.Api.Audit;

/// <summary>The audit trail of privileged actions (docs/audit-trail.md): <see cref="IAuditTrail"/> and GET /audit.</summary>
public static class AuditFeature
{
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IAuditTrail, AuditTrail>();
        return builder;
    }

    /// <summary>/audit under <paramref name="api"/> (the /api/v1 group).</summary>
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder api)
    {
        api.MapListAudit();
        return api;
    }
}
