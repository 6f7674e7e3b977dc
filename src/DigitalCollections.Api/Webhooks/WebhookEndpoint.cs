namespace DigitalCollections.Api.Webhooks;

/// <summary>A receiver an operator registered: where events of the listed types are delivered, signed with its secret.</summary>
public sealed class WebhookEndpoint
{
    public Guid Id { get; set; }
    public required string Url { get; set; }
    /// <summary>The subscribed event types, comma-separated with a comma at each end (",work.registered,chain.reset,") so one LIKE finds a type.</summary>
    public required string EventTypes { get; set; }
    public string? Description { get; set; }
    /// <summary>
    /// The Standard Webhooks signing secret (whsec_ + base64) in plain: only on rows written before secrets were
    /// sealed, until the next start seals them (<see cref="WebhookSecrets.SealPlainSecrets"/>); null otherwise.
    /// </summary>
    public string? Secret { get; set; }
    /// <summary>The signing secret sealed under the master key (<see cref="WebhookSecrets"/>); shown in plain once, at creation.</summary>
    public byte[]? EncryptedSecret { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public IReadOnlyList<string> Types => EventTypes.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static string JoinTypes(IEnumerable<string> types) => "," + string.Join(',', types.Distinct()) + ",";
}
