namespace DigitalCollections.Api.RateLimiting;

public sealed class RateLimitPolicyOptions
{
    /// <summary>Requests a client may send in one minute (a fixed window); the next ones get 429 until it ends.</summary>
    public int PermitsPerMinute { get; set; }

    /// <summary>Writes only: the ceiling for all keyed writes from one address together.</summary>
    public int AddressPermitsPerMinute { get; set; }
}
