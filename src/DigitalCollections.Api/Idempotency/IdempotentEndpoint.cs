namespace DigitalCollections.Api.Idempotency;

/// <summary>Endpoint metadata: this route honours the Idempotency-Key header.</summary>
public sealed record IdempotentEndpoint;
