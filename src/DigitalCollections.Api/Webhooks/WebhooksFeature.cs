namespace DigitalCollections.Api.Webhooks;

/// <summary>
/// Signed webhooks (docs/webhooks.md): endpoints registered with an admin key (scope webhooks), deliveries stored
/// with the state change that causes them (<see cref="WebhookOutbox"/>), sent by the lease holder
/// (<see cref="WebhookDispatcher"/>).
/// </summary>
public static class WebhooksFeature
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(WebhookOptions.SectionName);
        services.Configure<WebhookOptions>(section);
        var options = section.Get<WebhookOptions>() ?? new WebhookOptions();
        services.AddSingleton<WebhookAddressPolicy>();
        services.AddSingleton<WebhookSecrets>(); // signing secrets sealed under the master key
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(Math.Max(1, options.TimeoutSeconds)))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // a redirect could lead anywhere, past the address check
                ConnectCallback = sp.GetRequiredService<WebhookAddressPolicy>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddHostedService<WebhookDispatcher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder api)
    {
        api.MapManageWebhooks();
        api.MapWebhookDeliveries();
        return api;
    }
}
