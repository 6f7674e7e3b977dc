namespace DigitalCollections.Api.Chain;

/// <summary>The creator-signed EIP-712 message that authorises a mint, in the API's types.</summary>
public sealed record MintAuthorization
{
    public string Creator { get; init; } = "";
    public string To { get; init; } = "";

    /// <summary>The SHA-256 of the work's bytes, 0x hex.</summary>
    public string ContentHash { get; init; } = "";

    public int RoyaltyBps { get; init; }

    /// <summary>Unix seconds.</summary>
    public long Deadline { get; init; }
}
