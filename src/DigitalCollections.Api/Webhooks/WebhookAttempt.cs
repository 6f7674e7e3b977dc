namespace DigitalCollections.Api.Webhooks;

/// <summary>One try of a delivery: the receiver's status code, or why there was none.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }
    public Guid DeliveryId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset At { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public int DurationMs { get; set; }
}
