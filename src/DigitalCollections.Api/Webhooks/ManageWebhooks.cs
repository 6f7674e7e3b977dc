using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Audit;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Webhooks;

/// <summary>JSON body of POST /api/v1/webhooks.</summary>
/// <param name="Url">Where events are POSTed (https and public, unless Webhooks:AllowPrivateAddresses).</param>
/// <param name="EventTypes">work.registered, work.transferred, transaction.failed, chain.reset (at least one).</param>
/// <param name="Description">A label for people, at most 500 characters.</param>
public sealed record CreateWebhookBody(string? Url, IReadOnlyList<string>? EventTypes, string? Description);

/// <summary>A registered endpoint, without its secret.</summary>
public sealed record WebhookView(Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, DateTimeOffset CreatedAt)
{
    public static WebhookView Of(WebhookEndpoint e) => new(e.Id, e.Url, e.Types, e.Description, e.CreatedAt);
}

/// <summary>The endpoint just registered, with its signing secret: shown this once (Standard Webhooks, whsec_ + base64).</summary>
public sealed record CreatedWebhook(Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, DateTimeOffset CreatedAt, string Secret);

/// <summary>POST, GET /api/v1/webhooks, GET and DELETE /api/v1/webhooks/{id}: scope webhooks.</summary>
public static class ManageWebhooksEndpoints
{
    public static void MapManageWebhooks(this IEndpointRouteBuilder api)
    {
        api.MapPost("/webhooks", async (CreateWebhookBody? body, HttpContext context, AppDbContext db, IAuditTrail audit,
                WebhookAddressPolicy policy, WebhookSecrets secrets, TimeProvider clock, CancellationToken ct) =>
            {
                if (policy.Refusal(body?.Url) is { } refusal) throw ApiProblemException.BadRequest("url", refusal);
                var types = body!.EventTypes ?? [];
                if (types.Count == 0 || types.Any(t => !WebhookEventTypes.All.Contains(t)))
                    throw ApiProblemException.BadRequest("eventTypes", $"'eventTypes' must list one or more of {string.Join(", ", WebhookEventTypes.All)}.");
                if (body.Description is { Length: > 500 }) throw ApiProblemException.BadRequest("description", "'description' is at most 500 characters.");
                var secret = WebhookSignature.NewSecret(); // shown once, in this answer; stored sealed
                var id = Guid.CreateVersion7();
                var endpoint = new WebhookEndpoint
                {
                    Id = id, Url = body.Url!, EventTypes = WebhookEndpoint.JoinTypes(types), Description = body.Description,
                    EncryptedSecret = secrets.Seal(id, secret), CreatedAt = clock.GetUtcNow(),
                };
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    db.WebhookEndpoints.Add(endpoint);
                    await audit.AppendAsync(context.AdminCaller().Actor, AuditActions.WebhookCreated,
                        new { endpoint.Id, endpoint.Url, EventTypes = endpoint.Types }, ct);
                    await tx.CommitAsync(ct);
                }
                return Results.Created($"/api/v1/webhooks/{endpoint.Id}",
                    new CreatedWebhook(endpoint.Id, endpoint.Url, endpoint.Types, endpoint.Description, endpoint.CreatedAt, secret));
            })
            .WithName("CreateWebhook")
            .RateLimited(RateLimitPolicies.Writes)
            .RequireScope(AdminScopes.Webhooks)
            .WithTags("Webhooks")
            .WithSummary("Register a webhook endpoint for some event types; the signing secret in the answer is shown once")
            .Accepts<CreateWebhookBody>("application/json")
            .Produces<CreatedWebhook>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        api.MapGet("/webhooks", async (AppDbContext db, CancellationToken ct) =>
                Results.Ok((await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct)).Select(WebhookView.Of).ToList()))
            .WithName("ListWebhooks")
            .RateLimited(RateLimitPolicies.Reads)
            .RequireScope(AdminScopes.Webhooks)
            .WithTags("Webhooks")
            .WithSummary("Every registered webhook endpoint (never a secret)")
            .Produces<List<WebhookView>>();

        api.MapGet("/webhooks/{id}", async (string id, AppDbContext db, CancellationToken ct) =>
                Results.Ok(WebhookView.Of(await FindAsync(db, id, ct))))
            .WithName("GetWebhook")
            .RateLimited(RateLimitPolicies.Reads)
            .RequireScope(AdminScopes.Webhooks)
            .WithTags("Webhooks")
            .WithSummary("One webhook endpoint (never its secret)")
            .Produces<WebhookView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/webhooks/{id}", async (string id, HttpContext context, AppDbContext db, IAuditTrail audit, CancellationToken ct) =>
            {
                var endpoint = await FindAsync(db, id, ct);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var deliveries = db.WebhookDeliveries.Where(d => d.EndpointId == endpoint.Id).Select(d => d.Id);
                await db.WebhookAttempts.Where(a => deliveries.Contains(a.DeliveryId)).ExecuteDeleteAsync(ct);
                await db.WebhookDeliveries.Where(d => d.EndpointId == endpoint.Id).ExecuteDeleteAsync(ct);
                await db.WebhookEndpoints.Where(e => e.Id == endpoint.Id).ExecuteDeleteAsync(ct);
                await audit.AppendAsync(context.AdminCaller().Actor, AuditActions.WebhookDeleted, new { endpoint.Id, endpoint.Url }, ct);
                await tx.CommitAsync(ct);
                return Results.NoContent();
            })
            .WithName("DeleteWebhook")
            .RateLimited(RateLimitPolicies.Writes)
            .RequireScope(AdminScopes.Webhooks)
            .WithTags("Webhooks")
            .WithSummary("Delete a webhook endpoint with its deliveries: nothing more is sent to it")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static async Task<WebhookEndpoint> FindAsync(AppDbContext db, string id, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid)) throw ApiProblemException.BadRequest("id", "'id' must be a webhook id (a UUID).");
        return await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == guid, ct)
            ?? throw ApiProblemException.NotFound("webhook", "id", $"There is no webhook {guid}.");
    }
}
