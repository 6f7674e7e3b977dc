namespace DigitalCollections.Api.Admin;

/// <summary>The admin key a request authenticated with: what the audit trail names, never its secret.</summary>
public sealed record AdminCaller(string KeyId, string Name, IReadOnlyList<string> Scopes)
{
    /// <summary>How the audit trail names this caller.</summary>
    public string Actor => ActorOf(KeyId);

    public bool Has(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);

    public static string ActorOf(string keyId) => $"admin-key:{keyId}";
}
