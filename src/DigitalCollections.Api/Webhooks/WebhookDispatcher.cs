using System.Diagnostics;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Webhooks;

/// <summary>
/// Sends due deliveries, from one instance at a time: the holder of the "webhooks" lease (on SQLite the only
/// instance). Each attempt and the delivery's new state are stored together; a failed attempt schedules the next
/// in the row (<see cref="WebhookDelivery.NextAttemptAtMs"/>), first after Webhooks:FirstRetryDelaySeconds and
/// doubling up to Webhooks:MaxRetryDelaySeconds, so the schedule outlives restarts and a change of leader; one
/// failing after its retry window (Webhooks:RetryForHours) is marked failed. A crash between an answer and its
/// record sends that delivery again, with the same webhook-id: receivers de-duplicate by it.
/// </summary>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopes,
    IDistributedLease leases,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string LeaseName = "webhooks";
    private const int Batch = 20;

    protected override Task ExecuteAsync(CancellationToken stop)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(10, options.Value.PollIntervalMilliseconds));
        return LeaseHolderLoop.RunAsync(leases, LeaseName, clock, logger, async leading =>
        {
            while (!leading.IsCancellationRequested)
            {
                if (await SendDueAsync(leading) < Batch) await Task.Delay(interval, clock, leading);
            }
        }, stop);
    }

    /// <summary>One round: the due deliveries, oldest due first, each tried once. Returns how many it tried.</summary>
    internal async Task<int> SendDueAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var due = await db.WebhookDeliveries
            .Where(d => d.State == WebhookDeliveryStates.Pending && d.NextAttemptAtMs <= nowMs)
            .OrderBy(d => d.NextAttemptAtMs).Take(Batch).ToListAsync(ct);
        if (due.Count == 0) return 0;
        var endpointIds = due.Select(d => d.EndpointId).Distinct().ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        foreach (var delivery in due)
        {
            if (!endpoints.TryGetValue(delivery.EndpointId, out var endpoint))
            {
                db.WebhookDeliveries.Remove(delivery); // its endpoint was deleted meanwhile
                continue;
            }
            using var span = Telemetry.Source.StartActivity("webhook.deliver", ActivityKind.Producer);
            span?.SetTag("dc.webhook.event", delivery.EventType);
            var result = await sender.SendAsync(endpoint, delivery, ct);
            var outcome = Record(db, delivery, result);
            if (outcome != WebhookDeliveryStates.Delivered) span?.SetStatus(ActivityStatusCode.Error, result.Error ?? result.StatusCode?.ToString());
            Telemetry.WebhookAttempted(outcome == WebhookDeliveryStates.Pending ? "retrying" : outcome);
            await db.SaveChangesAsync(CancellationToken.None); // the attempt and the delivery's state, together
        }
        return due.Count;
    }

    /// <summary>The attempt, and the delivery's next state: delivered, pending with its next time, or failed.</summary>
    private string Record(AppDbContext db, WebhookDelivery delivery, WebhookSender.Result result)
    {
        var now = clock.GetUtcNow();
        delivery.Attempts++;
        delivery.LastStatusCode = result.StatusCode;
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            DeliveryId = delivery.Id, Number = delivery.Attempts, At = now, StatusCode = result.StatusCode,
            Error = result.Error ?? (result.Delivered ? null : $"The receiver answered HTTP {result.StatusCode}."),
            DurationMs = (int)Math.Min(int.MaxValue, result.Took.TotalMilliseconds),
        });
        if (result.Delivered)
        {
            delivery.State = WebhookDeliveryStates.Delivered;
            delivery.DeliveredAt = now;
            return delivery.State;
        }
        var retryUntil = delivery.RetryUntilMs ?? (delivery.CreatedAt + TimeSpan.FromHours(options.Value.RetryForHours)).ToUnixTimeMilliseconds();
        if (now.ToUnixTimeMilliseconds() >= retryUntil)
        {
            delivery.State = WebhookDeliveryStates.Failed;
            logger.LogWarning("Webhook delivery {Delivery} ({Event}) failed after {Attempts} attempts", delivery.Id, delivery.EventType, delivery.Attempts);
            return delivery.State;
        }
        delivery.NextAttemptAtMs = (now + RetryDelay(delivery.Attempts, options.Value)).ToUnixTimeMilliseconds();
        return delivery.State;
    }

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt: the first delay, doubling, capped.</summary>
    internal static TimeSpan RetryDelay(int attempts, WebhookOptions options)
    {
        var seconds = options.FirstRetryDelaySeconds * Math.Pow(2, Math.Min(30, Math.Max(0, attempts - 1)));
        return TimeSpan.FromSeconds(Math.Min(options.MaxRetryDelaySeconds, seconds));
    }
}
