namespace DigitalCollections.Api.Admin;

/// <summary>
/// An admin key: <c>dca_&lt;keyId&gt;_&lt;secret&gt;</c>, shown once when made; only the secret's SHA-256 is kept.
/// A revoked key stays (its id is what the audit trail names) but authenticates no more.
/// </summary>
public sealed class AdminKey
{
    /// <summary>Public part of the key (16 hex digits): finds the row, and names the key in the audit trail.</summary>
    public required string KeyId { get; set; }

    /// <summary>A label for people (who or what holds the key).</summary>
    public required string Name { get; set; }

    /// <summary><see cref="AdminScopes"/>, sorted and comma-separated.</summary>
    public required string Scopes { get; set; }

    /// <summary>SHA-256 of the secret part.</summary>
    public required byte[] SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who made it: an admin key (<c>admin-key:&lt;id&gt;</c>), the command line (<c>cli</c>) or the first start (<c>first-start</c>).</summary>
    public required string CreatedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
