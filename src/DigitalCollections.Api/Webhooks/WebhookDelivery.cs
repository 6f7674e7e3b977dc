namespace DigitalCollections.Api.Webhooks;

/// <summary>
/// One event for one endpoint: written in the same database transaction as the state change it reports, at
/// most once per (<see cref="EndpointId"/>, <see cref="EventKey"/>), and sent until the receiver answers 2xx
/// or its retry window passes. Its <see cref="Id"/> is the webhook-id every attempt carries, so a
/// receiver that got it twice (an answer lost, a re-send by hand) can tell.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }
    public Guid EndpointId { get; set; }
    /// <summary>What happened, once: e.g. "work.registered:{outbox id}", "chain.reset:{deployment}".</summary>
    public required string EventKey { get; set; }
    public required string EventType { get; set; }
    /// <summary>The body every attempt sends, fixed when the event happened (the signature covers it).</summary>
    public required string Payload { get; set; }
    /// <summary><see cref="WebhookDeliveryStates"/>.</summary>
    public required string State { get; set; }
    public int Attempts { get; set; }
    /// <summary>Unix milliseconds (comparable on SQLite as well): when the next attempt is due.</summary>
    public long NextAttemptAtMs { get; set; }
    /// <summary>
    /// Unix milliseconds: a failed attempt after this marks the delivery failed. Null: <see cref="CreatedAt"/> plus
    /// Webhooks:RetryForHours; a re-send by hand sets it anew.
    /// </summary>
    public long? RetryUntilMs { get; set; }
    public int? LastStatusCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}

public static class WebhookDeliveryStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
