namespace DigitalCollections.Api.RateLimiting;

/// <summary>
/// Section "RateLimits": how many requests one client may send a minute, per kind of request. The defaults are
/// far above what a person clicking through the pages sends and far below what a script can.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>false: no limits at all (benchmarks measure the service, not the limiter).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>POST /api/v1/accounts, per address: each account keeps an encrypted private key for good.</summary>
    public RateLimitPolicyOptions Accounts { get; set; } = new() { PermitsPerMinute = 5 };

    /// <summary>
    /// POST /api/v1/works and POST …/transfers, per client (its API key, else its address). Anyone can make up a
    /// key, so all the keyed writes from one address also share <see cref="RateLimitPolicyOptions.AddressPermitsPerMinute"/>.
    /// </summary>
    public RateLimitPolicyOptions Writes { get; set; } = new() { PermitsPerMinute = 30, AddressPermitsPerMinute = 300 };

    /// <summary>The other /api/v1 routes (reads and verification), per address: a page of works loads each one's file.</summary>
    public RateLimitPolicyOptions Reads { get; set; } = new() { PermitsPerMinute = 1200 };
}
