namespace DigitalCollections.Api.Admin;

/// <summary>Endpoint metadata: the admin scope a route requires (<see cref="AdminEndpointExtensions.RequireScope{TBuilder}"/>).</summary>
public sealed record RequiredScope(string Scope);

/// <summary>Endpoint metadata: an admin key with this scope is one way to call the route (the route checks it itself).</summary>
public sealed record AcceptedScope(string Scope);

/// <summary>Endpoint metadata: a custodial account's API key may call the route for its own account.</summary>
public sealed record AccountKeyAccepted;

/// <summary>Endpoint metadata: the route may be called without any key (self-signed, or open by configuration).</summary>
public sealed record AnonymousAccepted;

/// <summary>How a route's callers authenticate, for the OpenAPI document (docs/admin-keys.md has the table).</summary>
public static class RouteSecurityExtensions
{
    public static TBuilder AcceptsScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AcceptedScope(scope));

    public static TBuilder AcceptsAccountKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccountKeyAccepted());

    public static TBuilder AcceptsAnonymous<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AnonymousAccepted());
}
