using System.Net.Http.Headers;
using DigitalCollections.Api.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>Admin keys made the way the command line makes them, in an in-process API's database.</summary>
public static class AdminKeysForTests
{
    public static async Task<CreatedAdminKey> CreateAdminKeyAsync(this ApiFactory api, params string[] scopes)
    {
        using var scope = api.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AdminKeyStore>().CreateAsync("test", scopes, "cli", CancellationToken.None);
    }

    public static HttpRequestMessage WithKey(this HttpRequestMessage request, string? key)
    {
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    public static Task<HttpResponseMessage> SendWithKeyAsync(this HttpClient http, HttpMethod method, string path, string? key, HttpContent? content = null) =>
        http.SendAsync(new HttpRequestMessage(method, path) { Content = content }.WithKey(key));
}
