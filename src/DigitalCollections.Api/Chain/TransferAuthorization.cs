namespace DigitalCollections.Api.Chain;

/// <summary>The owner-signed EIP-712 message that authorises a relayed transfer, in the API's types.</summary>
public sealed record TransferAuthorization
{
    public string From { get; init; } = "";
    public string To { get; init; } = "";
    public long TokenId { get; init; }

    /// <summary>The token's transfer nonce the owner signed over (the contract's transferNonce).</summary>
    public long Nonce { get; init; }

    /// <summary>Unix seconds.</summary>
    public long Deadline { get; init; }
}
