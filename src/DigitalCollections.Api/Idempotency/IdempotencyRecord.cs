namespace DigitalCollections.Api.Idempotency;

/// <summary>One Idempotency-Key as first used: the request's fingerprint and, once done, the exact response.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>Who used the key on which route: keys of different callers and routes never meet.</summary>
    public required string Scope { get; set; }
    public required string Key { get; set; }
    public required string RequestHash { get; set; }
    public bool Completed { get; set; }
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[]? Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Unix seconds after which the key may be swept (a number, so every store can compare it).</summary>
    public long ExpiresAtUnix { get; set; }
}
