namespace DigitalCollections.Api.RateLimiting;

/// <summary>The named limits an endpoint opts into with <see cref="RateLimits.RateLimited"/>.</summary>
public static class RateLimitPolicies
{
    public const string Accounts = "accounts";
    public const string Writes = "writes";
    public const string Reads = "reads";
}
