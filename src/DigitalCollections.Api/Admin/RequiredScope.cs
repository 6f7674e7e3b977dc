namespace DigitalCollections.Api.Admin;

/// <summary>Endpoint metadata: the admin scope a route requires (read by the OpenAPI document's security requirements).</summary>
public sealed record RequiredScope(string Scope);

/// <summary>
/// Endpoint metadata for a route a custodial account's API key may call for its own account (besides any admin
/// scope or self-signed alternative the route has).
/// </summary>
public sealed record AccountKeyAccepted(bool Required = false);

/// <summary>Endpoint metadata: the route may also be called without a key (self-signed, or open by configuration).</summary>
public sealed record AnonymousAccepted;
