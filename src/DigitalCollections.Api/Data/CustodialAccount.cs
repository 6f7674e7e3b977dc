namespace DigitalCollections.Api.Data;

public sealed class CustodialAccount
{
    public required string Address { get; set; }
    public required string Name { get; set; }
    /// <summary>Public part of the API key, to find the row without scanning hashes.</summary>
    public required string KeyId { get; set; }
    /// <summary>SHA-256 of the API key's secret part; the key itself is never stored.</summary>
    public required byte[] ApiKeyHash { get; set; }
    /// <summary>The account's private key under AES-256-GCM with the master key (nonce ‖ ciphertext ‖ tag).</summary>
    public required byte[] EncryptedPrivateKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
