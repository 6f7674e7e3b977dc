using System.Diagnostics;
using System.Text;

namespace DigitalCollections.Api.Webhooks;

/// <summary>One attempt of one delivery: the signed POST and what the receiver answered.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, WebhookSecrets secrets, TimeProvider clock)
{
    public const string HttpClientName = "webhooks";

    public sealed record Result(int? StatusCode, string? Error, TimeSpan Took)
    {
        public bool Delivered => StatusCode is >= 200 and < 300;
    }

    public async Task<Result> SendAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, CancellationToken ct)
    {
        var id = WebhookSignature.MessageId(delivery.Id);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(secrets.Open(endpoint), id, timestamp, delivery.Payload));
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return new((int)response.StatusCode, null, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            var message = e is TaskCanceledException ? "The receiver did not answer in time." : e.Message;
            return new(null, message.Length > 500 ? message[..500] : message, Stopwatch.GetElapsedTime(started));
        }
    }
}
