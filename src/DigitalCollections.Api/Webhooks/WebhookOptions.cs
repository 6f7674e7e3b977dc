namespace DigitalCollections.Api.Webhooks;

/// <summary>The <c>Webhooks</c> section: delivery timing and which receivers may be registered.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>How often the sender looks for due deliveries.</summary>
    public int PollIntervalMilliseconds { get; set; } = 500;

    /// <summary>The wait after a delivery's first failed attempt; it doubles after each further one, up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    public double FirstRetryDelaySeconds { get; set; } = 5;

    public double MaxRetryDelaySeconds { get; set; } = 3600;

    /// <summary>How long a delivery is retried before it is marked failed (at least this long; a re-send by hand starts it again).</summary>
    public double RetryForHours { get; set; } = 24;

    /// <summary>How long a receiver may take to answer one attempt.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Whether receivers on loopback, private, link-local or other non-public addresses are allowed. Unset: only
    /// on the development chain 31337. Checked when an endpoint is registered and again at every connection
    /// (the address the name resolves to then), so a name that later resolves inward is refused too.
    /// </summary>
    public bool? AllowPrivateAddresses { get; set; }
}
