namespace DigitalCollections.Api.Accounts;

/// <summary>
/// The master key's check value, kept beside the custodial accounts it sealed: a start with another key is
/// refused before it could seal new accounts that the old ones' key cannot open, or the other way round.
/// </summary>
public sealed class CustodyKeyCheck
{
    /// <summary>Which key: <see cref="MasterKeyName"/>.</summary>
    public required string Name { get; set; }

    /// <summary><see cref="CustodialKeyVault.CheckValue"/>: an HMAC of a fixed label under the key, which tells nothing of the key.</summary>
    public required byte[] CheckValue { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public const string MasterKeyName = "custody-master-key";
}
