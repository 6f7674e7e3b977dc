using DigitalCollections.Api.Data;

namespace DigitalCollections.Api.Admin;

/// <summary>
/// <c>dotnet DigitalCollections.Api.dll admin-key create --scopes webhooks,operator [--name ops]</c>,
/// <c>admin-key revoke &lt;keyId&gt;</c>, <c>admin-key list</c>: run against the configured database (same settings
/// as the API; other arguments such as <c>--Storage:ConnectionString=…</c> pass through), then exit. A created key
/// is printed once on standard output.
/// </summary>
public sealed class AdminCli
{
    public const string Command = "admin-key";
    private const string Usage = "usage: admin-key create --scopes <scope,…|all> [--name <label>] | admin-key revoke <keyId> | admin-key list";

    private readonly string _verb;
    private readonly string? _scopes;
    private readonly string? _name;
    private readonly string? _keyId;

    private AdminCli(string verb, string? scopes, string? name, string? keyId, string[] hostArgs)
    {
        (_verb, _scopes, _name, _keyId, HostArgs) = (verb, scopes, name, keyId, hostArgs);
    }

    /// <summary>The arguments left for the host's configuration.</summary>
    public string[] HostArgs { get; }

    /// <summary>The command in <paramref name="args"/>, or null when the API is to run as a server.</summary>
    public static AdminCli? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != Command) return null;
        var verb = args.Length > 1 ? args[1] : "";
        string? scopes = null, name = null, keyId = null;
        var rest = new List<string>();
        for (var i = 2; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--scopes" when i + 1 < args.Length: scopes = args[++i]; break;
                case "--name" when i + 1 < args.Length: name = args[++i]; break;
                default:
                    if (verb == "revoke" && keyId is null && !args[i].StartsWith('-')) keyId = args[i];
                    else rest.Add(args[i]);
                    break;
            }
        }
        return new AdminCli(verb, scopes, name, keyId, rest.ToArray());
    }

    /// <summary>Runs the command on the built app's database; the process exit code.</summary>
    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, TextWriter error, ILogger logger)
    {
        using var scope = services.CreateScope();
        DatabaseSchema.Migrate(scope.ServiceProvider.GetRequiredService<AppDbContext>(), logger);
        var store = scope.ServiceProvider.GetRequiredService<AdminKeyStore>();
        switch (_verb)
        {
            case "create":
                var scopes = AdminScopes.Parse(_scopes, out var why);
                if (scopes is null)
                {
                    await error.WriteLineAsync($"--scopes: {why}{Environment.NewLine}{Usage}");
                    return 2;
                }
                var name = string.IsNullOrWhiteSpace(_name) ? "command line" : _name.Trim();
                if (name.Length > 100)
                {
                    await error.WriteLineAsync("--name: at most 100 characters.");
                    return 2;
                }
                var key = await store.CreateAsync(name, scopes, "cli", CancellationToken.None);
                await output.WriteLineAsync($"Created admin key {key.KeyId} ({key.Name}) with scopes {string.Join(",", key.Scopes)}.");
                await output.WriteLineAsync("The key is shown once; only its hash is stored:");
                await output.WriteLineAsync(key.ApiKey);
                return 0;
            case "revoke":
                if (_keyId is null)
                {
                    await error.WriteLineAsync(Usage);
                    return 2;
                }
                var revoked = await store.RevokeAsync(_keyId, "cli", CancellationToken.None);
                if (revoked is null)
                {
                    await error.WriteLineAsync($"No admin key {_keyId}.");
                    return 1;
                }
                await output.WriteLineAsync($"Admin key {revoked.KeyId} ({revoked.Name}) is revoked (since {revoked.RevokedAt:u}).");
                return 0;
            case "list":
                foreach (var k in await store.ListAsync(CancellationToken.None))
                    await output.WriteLineAsync($"{k.KeyId}  {k.Scopes,-40}  {(k.RevokedAt is null ? "active " : "revoked")}  {k.CreatedAt:u}  {k.Name}");
                return 0;
            default:
                await error.WriteLineAsync(Usage);
                return 2;
        }
    }
}
