using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Storage;

namespace DigitalCollections.Api.Accounts;

/// <summary>Custodial accounts: their keys, sealed with the master key, and the signer that uses them.</summary>
public static class AccountsFeature
{
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton(sp => new CustodialKeyVault(CustodialKeyVault.LoadMasterKey(
            configuration["Custody:MasterKey"], sp.GetRequiredService<DataDirectory>().Path, sp.GetRequiredService<Deployment>().ChainId)));
        builder.Services.AddScoped<CustodialSigner>();
        return builder;
    }

    /// <summary>POST /accounts, GET /accounts/{address}/works and POST /accounts/{address}/keys, under <paramref name="api"/> (the /api/v1 group).</summary>
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder api)
    {
        api.MapCreateAccount();
        api.MapListAccountWorks();
        api.MapRotateAccountKey();
        return api;
    }
}
