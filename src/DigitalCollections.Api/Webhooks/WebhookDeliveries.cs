using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Webhooks;

/// <param name="Number">1 for the first attempt.</param>
/// <param name="At">When it was made.</param>
/// <param name="StatusCode">The receiver's HTTP status; null when it did not answer (see <paramref name="Error"/>).</param>
/// <param name="Error">Why it did not count as delivered; null when it did.</param>
/// <param name="DurationMs">How long the receiver took.</param>
public sealed record WebhookAttemptView(int Number, DateTimeOffset At, int? StatusCode, string? Error, int DurationMs);

/// <param name="Id">The delivery id; the webhook-id header is "msg_" + it without dashes (<paramref name="WebhookId"/>).</param>
/// <param name="WebhookId">The webhook-id header of every attempt.</param>
/// <param name="EventType">work.registered, work.transferred, transaction.failed or chain.reset.</param>
/// <param name="State">pending (to be tried at <paramref name="NextAttemptAt"/>), delivered or failed.</param>
/// <param name="AttemptCount">Attempts made so far.</param>
/// <param name="NextAttemptAt">When the next attempt is due; null unless pending.</param>
/// <param name="CreatedAt">When the event happened (the delivery was stored with it).</param>
/// <param name="DeliveredAt">When a receiver answered 2xx; null until then.</param>
/// <param name="Attempts">Every attempt, first first.</param>
public sealed record WebhookDeliveryView(Guid Id, string WebhookId, string EventType, string State, int AttemptCount,
    DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, IReadOnlyList<WebhookAttemptView> Attempts);

/// <summary>GET /api/v1/webhooks/{id}/deliveries and POST …/deliveries/{deliveryId}/resend: scope webhooks.</summary>
public static class WebhookDeliveriesEndpoints
{
    private const int Newest = 100;

    public static void MapWebhookDeliveries(this IEndpointRouteBuilder api)
    {
        api.MapGet("/webhooks/{id}/deliveries", async (string id, AppDbContext db, CancellationToken ct) =>
            {
                var endpoint = await ManageWebhooksEndpoints.FindAsync(db, id, ct);
                var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpoint.Id)
                    .OrderByDescending(d => d.Id).Take(Newest).ToListAsync(ct);
                var ids = deliveries.Select(d => d.Id).ToList();
                var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
                    .ToLookup(a => a.DeliveryId);
                return Results.Ok(deliveries.Select(d => View(d, attempts[d.Id])).ToList());
            })
            .WithName("ListWebhookDeliveries")
            .RateLimited(RateLimitPolicies.Reads)
            .RequireScope(AdminScopes.Webhooks)
            .WithTags("Webhooks")
            .WithSummary("The endpoint's newest 100 deliveries, newest first, each with its attempts and their status codes")
            .Produces<List<WebhookDeliveryView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/webhooks/{id}/deliveries/{deliveryId}/resend", async (string id, string deliveryId, AppDbContext db,
                IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct) =>
            {
                var endpoint = await ManageWebhooksEndpoints.FindAsync(db, id, ct);
                if (!Guid.TryParse(deliveryId, out var guid)) throw ApiProblemException.BadRequest("deliveryId", "'deliveryId' must be a delivery id (a UUID).");
                var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == guid && d.EndpointId == endpoint.Id, ct)
                    ?? throw ApiProblemException.NotFound("webhook-delivery", "deliveryId", $"Webhook {endpoint.Id} has no delivery {guid}.");
                // The same delivery (same webhook-id: a receiver that has it already can tell), due now, with a new retry window.
                var now = clock.GetUtcNow();
                delivery.State = WebhookDeliveryStates.Pending;
                delivery.NextAttemptAtMs = now.ToUnixTimeMilliseconds();
                delivery.RetryUntilMs = (now + TimeSpan.FromHours(options.Value.RetryForHours)).ToUnixTimeMilliseconds();
                await db.SaveChangesAsync(ct);
                return Results.Accepted($"/api/v1/webhooks/{endpoint.Id}/deliveries", View(delivery, []));
            })
            .WithName("ResendWebhookDelivery")
            .RateLimited(RateLimitPolicies.Writes)
            .RequireScope(AdminScopes.Webhooks)
            .WithTags("Webhooks")
            .WithSummary("Send a delivery again now (same webhook-id), whatever its state; retried as a new one if it fails")
            .Produces<WebhookDeliveryView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static WebhookDeliveryView View(WebhookDelivery d, IEnumerable<WebhookAttempt> attempts) => new(
        d.Id, WebhookSignature.MessageId(d.Id), d.EventType, d.State, d.Attempts,
        d.State == WebhookDeliveryStates.Pending ? DateTimeOffset.FromUnixTimeMilliseconds(d.NextAttemptAtMs) : null,
        d.CreatedAt, d.DeliveredAt,
        attempts.OrderBy(a => a.Number).Select(a => new WebhookAttemptView(a.Number, a.At, a.StatusCode, a.Error, a.DurationMs)).ToList());
}
