using DigitalCollections.Api.Common;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace DigitalCollections.Api.Admin;

/// <summary>Guards routes with admin scopes.</summary>
/// <example><code>
/// api.MapPost("/webhooks", handler).RequireScope(AdminScopes.Webhooks);
/// // in the handler: var caller = context.AdminCaller(); await audit.AppendAsync(caller.Actor, …);
/// </code></example>
public static class AdminEndpointExtensions
{
    private static readonly object CallerKey = new();

    /// <summary>
    /// Only an admin key holding <paramref name="scope"/> gets past (401/403 problem details naming the scope
    /// otherwise, before the handler runs); the route's OpenAPI operation declares the requirement and both answers.
    /// Works on a single route or a group.
    /// </summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        if (!AdminScopes.All.Contains(scope)) throw new ArgumentException($"Unknown admin scope '{scope}'.", nameof(scope));
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var authenticator = http.RequestServices.GetRequiredService<AdminAuthenticator>();
            http.Items[CallerKey] = await authenticator.AuthenticateAsync(http.Request.BearerToken(), scope, http.RequestAborted);
            return await next(context);
        });
        builder.WithMetadata(new RequiredScope(scope));
        foreach (var status in (int[])[StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden])
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
        return builder;
    }

    /// <summary>The admin key that passed <see cref="RequireScope{TBuilder}"/> on this request.</summary>
    public static AdminCaller AdminCaller(this HttpContext context) =>
        context.Items[CallerKey] as AdminCaller
        ?? throw new InvalidOperationException("This route has no RequireScope: no admin caller was authenticated.");

    /// <summary>Marks the admin caller for a route that authenticates by hand (a scope required only by configuration).</summary>
    internal static void SetAdminCaller(this HttpContext context, AdminCaller caller) => context.Items[CallerKey] = caller;
}
