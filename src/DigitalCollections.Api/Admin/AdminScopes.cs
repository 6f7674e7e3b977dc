namespace DigitalCollections.Api.Admin;

/// <summary>
/// What an admin key may do, one scope per kind of privileged route (docs/admin-keys.md has the table).
/// A key holds a set of them; custodial account keys hold none.
/// </summary>
public static class AdminScopes
{
    /// <summary>Register, change and remove webhook endpoints; read and re-send their deliveries.</summary>
    public const string Webhooks = "webhooks";

    /// <summary>Create custodial accounts where creation is restricted (Accounts:CreationRequiresAdminKey).</summary>
    public const string AccountsCreate = "accounts:create";

    /// <summary>Register a work for a named custodial account (form field onBehalfOf).</summary>
    public const string WorksCreate = "works:create";

    /// <summary>Pause and unpause the contract (and freeze, where the contract allows it).</summary>
    public const string Operator = "operator";

    /// <summary>Read the audit trail and whether its hash chain verifies.</summary>
    public const string Audit = "audit";

    /// <summary>Create and revoke admin keys; a key may grant only scopes it holds itself.</summary>
    public const string Keys = "keys";

    public static readonly IReadOnlyList<string> All = [Webhooks, AccountsCreate, WorksCreate, Operator, Audit, Keys];

    /// <summary>
    /// A comma-separated list as a sorted set of known scopes; "all" (alone) stands for every scope.
    /// Null with <paramref name="error"/> for an empty list or an unknown scope.
    /// </summary>
    public static IReadOnlyList<string>? Parse(string? list, out string error)
    {
        error = "";
        var items = (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).Distinct().ToList();
        if (items is ["all"]) return All.Order(StringComparer.Ordinal).ToList();
        if (items.Count == 0)
        {
            error = $"Name at least one scope: {string.Join(", ", All)} (or 'all').";
            return null;
        }
        var unknown = items.Where(s => !All.Contains(s)).ToList();
        if (unknown.Count > 0)
        {
            error = $"Unknown scope(s) {string.Join(", ", unknown)}; the scopes are {string.Join(", ", All)}.";
            return null;
        }
        return items.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The stored form: sorted, comma-separated.</summary>
    public static string Join(IEnumerable<string> scopes) => string.Join(',', scopes.Order(StringComparer.Ordinal));

    public static IReadOnlyList<string> Split(string stored) =>
        stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
