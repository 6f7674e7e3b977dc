using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Webhooks;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.IntegrationTests.Webhooks;

/// <summary>
/// Signing secrets are stored sealed with the custody master key: a new endpoint's row holds no plain secret, a
/// row left in plain is sealed at the next start and still signs, and a wrong master key refuses to start.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class WebhookSecretSealingTests(PipelineFixture fixture)
{
    private static readonly Dictionary<string, string> FastRetries = new()
    {
        ["Webhooks:FirstRetryDelaySeconds"] = "0.2", ["Webhooks:MaxRetryDelaySeconds"] = "0.5", ["Webhooks:PollIntervalMilliseconds"] = "50",
    };

    [Fact]
    public async Task Secrets_are_sealed_at_rest_a_plain_row_is_sealed_at_start_and_both_still_sign()
    {
        var data = fixture.NewDataDirectory();
        await using var receiver = new WebhookReceiver(failFirst: 0);
        receiver.Start();
        string newSecret;
        Guid newId;
        await using (var first = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data, FastRetries))
        {
            var http = first.CreateClient();
            var key = (await first.CreateAdminKeyAsync(AdminScopes.Webhooks)).ApiKey;
            var created = await http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/webhooks", key,
                JsonContent.Create(new { url = receiver.Url, eventTypes = new[] { "work.registered" } }));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = await created.Content.ReadFromJsonAsync<JsonElement>();
            newSecret = body.GetProperty("secret").GetString()!;
            newId = body.GetProperty("id").GetGuid();
        }

        // The new row: no plain secret, and its bytes nowhere in the sealed value.
        var plainSecret = WebhookSignature.NewSecret();
        var plainId = Guid.CreateVersion7();
        await using (var db = PipelineFixture.OpenDatabase(data))
        {
            var row = await db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == newId);
            Assert.Null(row.Secret);
            Assert.NotNull(row.EncryptedSecret);
            Assert.False(Contains(row.EncryptedSecret!, Encoding.UTF8.GetBytes(newSecret)));
            Assert.False(Contains(row.EncryptedSecret!, Convert.FromBase64String(newSecret["whsec_".Length..])));
            // A row as a database from before sealing holds it: the secret in plain.
            db.WebhookEndpoints.Add(new WebhookEndpoint
            {
                Id = plainId, Url = receiver.Url, EventTypes = WebhookEndpoint.JoinTypes(["work.registered"]), Secret = plainSecret,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        await using (var second = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data, FastRetries))
        {
            var client = new ApiClient(second.CreateClient());
            await using (var db = PipelineFixture.OpenDatabase(data))
            {
                var row = await db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == plainId);
                Assert.Null(row.Secret); // sealed at start
                Assert.NotNull(row.EncryptedSecret);
            }
            await client.MintedTokenIdAsync(await client.MintSelfSignedAsync(TestAccount.Carol, ApiClient.RandomFile(), "Sealed secrets"));
            var all = await receiver.WaitForAcknowledgedAsync(2, TimeSpan.FromSeconds(30));
            // One delivery per endpoint, each signed with its own secret.
            var signedWith = all.Select(r => new[] { newSecret, plainSecret }
                .Single(s => WebhookSignature.Sign(s, r.Id, long.Parse(r.Timestamp), r.Body) == r.Signature)).ToList();
            Assert.Equal(new[] { newSecret, plainSecret }.Order(StringComparer.Ordinal), signedWith.Order(StringComparer.Ordinal));
        }

        // Sealed secrets count for the master key check: another key cannot start on this data.
        var other = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var started = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data,
                new Dictionary<string, string> { ["Custody:MasterKey"] = other });
        });
        Assert.Contains("Custody:MasterKey", e.Message);
        Assert.Contains("webhook signing secrets", e.Message);
    }

    private static bool Contains(byte[] haystack, byte[] needle) =>
        haystack.AsSpan().IndexOf(needle) >= 0;
}
