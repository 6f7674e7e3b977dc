using DigitalCollections.Api.Chain;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Admin;

/// <summary>
/// A database without any admin key gets one with every scope at start (when <see cref="AdminOptions.FirstStartKey"/>
/// allows), shown on standard output this once: the log never carries it, and the store keeps only its hash.
/// </summary>
public static class FirstStartAdminKey
{
    public static async Task EnsureAsync(IServiceProvider services, TextWriter console, ILogger logger, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<AdminOptions>>().Value;
        if (!options.MakesFirstStartKey(services.GetRequiredService<Deployment>().ChainId)) return;
        using var scope = services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<AdminKeyStore>();
        if (await store.AnyAsync(ct)) return;
        var key = await store.CreateAsync("first start", AdminScopes.All, "first-start", ct);
        logger.LogWarning("No admin key existed: made admin key {KeyId} with every scope; it is on standard output, shown once", key.KeyId);
        await console.WriteLineAsync(
            $"Admin key (every scope; shown once, only its hash is stored): {key.ApiKey}{Environment.NewLine}" +
            $"Revoke it with: admin-key revoke {key.KeyId}");
        await console.FlushAsync(ct);
    }
}
