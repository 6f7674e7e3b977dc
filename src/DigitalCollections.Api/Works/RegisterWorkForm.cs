namespace DigitalCollections.Api.Works;

/// <summary>The multipart form of POST /api/v1/works, for the OpenAPI document.</summary>
public sealed class RegisterWorkForm
{
    /// <summary>The work's bytes.</summary>
    public required IFormFile File { get; init; }
    /// <summary>1–200 characters.</summary>
    public required string Title { get; init; }
    /// <summary>Up to 5000 characters.</summary>
    public string? Description { get; init; }
    /// <summary>0–1000 basis points (default 0).</summary>
    public int? RoyaltyBps { get; init; }
    /// <summary>Self-signed mint: the creator's address.</summary>
    public string? Creator { get; init; }
    /// <summary>Owner of the new token (default: the creator).</summary>
    public string? To { get; init; }
    /// <summary>Self-signed mint: the authorisation's deadline, Unix seconds.</summary>
    public long? Deadline { get; init; }
    /// <summary>Self-signed mint: the creator's EIP-712 MintAuthorization signature.</summary>
    public string? Signature { get; init; }
    /// <summary>true: register even though another creator's similar work is registered (the work is linked to it).</summary>
    public bool? AcknowledgeSimilar { get; init; }
    /// <summary>With an admin key holding scope works:create: the custodial account (address) the work is registered for.</summary>
    public string? OnBehalfOf { get; init; }
    /// <summary>Tokens of the work, numbered 1…editionSize (default 1, at most 10,000).</summary>
    public int? EditionSize { get; init; }
    /// <summary>Seconds a token must stay with an owner after it arrived before it can be passed on (default 0).</summary>
    public long? HoldSeconds { get; init; }
    /// <summary>false: the tokens can never be transferred (ERC-5192 locked). Default true.</summary>
    public bool? Transferable { get; init; }
    /// <summary>Custodial editions: the owners of numbers 1…N, one address each (repeated or comma-separated; default: all to 'to').</summary>
    public IReadOnlyList<string>? Recipients { get; init; }
}
