namespace DigitalCollections.Api.Admin;

/// <summary>
/// Admin keys with scopes (docs/admin-keys.md): the authenticator behind <see cref="AdminEndpointExtensions.RequireScope{TBuilder}"/>,
/// the key store (command line, first start, routes) and the key management routes.
/// </summary>
public static class AdminFeature
{
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<AdminOptions>(builder.Configuration.GetSection(AdminOptions.SectionName));
        builder.Services.AddScoped<AdminAuthenticator>();
        builder.Services.AddScoped<AdminKeyStore>();
        builder.Services.AddScoped<OnBehalfOfAccounts>();
        return builder;
    }

    /// <summary>/admin/keys under <paramref name="api"/> (the /api/v1 group).</summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder api)
    {
        api.MapManageAdminKeys();
        return api;
    }
}
