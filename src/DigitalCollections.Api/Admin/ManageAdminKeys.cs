using DigitalCollections.Api.Common;
using DigitalCollections.Api.RateLimiting;

namespace DigitalCollections.Api.Admin;

/// <summary>JSON body of POST /api/v1/admin/keys.</summary>
/// <param name="Name">A label for people: who or what holds the key (1–100 characters).</param>
/// <param name="Scopes">The scopes to grant; only ones the calling key holds itself.</param>
public sealed record CreateAdminKeyBody(string? Name, IReadOnlyList<string>? Scopes);

/// <summary>An admin key as listed: never its secret.</summary>
public sealed record AdminKeyView(string KeyId, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? RevokedAt)
{
    public static AdminKeyView Of(AdminKey k) => new(k.KeyId, k.Name, AdminScopes.Split(k.Scopes), k.CreatedAt, k.CreatedBy, k.RevokedAt);
}

/// <summary>POST, GET /api/v1/admin/keys and DELETE /api/v1/admin/keys/{keyId}: scope keys.</summary>
public static class ManageAdminKeysEndpoints
{
    public static void MapManageAdminKeys(this IEndpointRouteBuilder api)
    {
        api.MapPost("/admin/keys", async (CreateAdminKeyBody? body, HttpContext context, AdminKeyStore store, CancellationToken ct) =>
            {
                var caller = context.AdminCaller();
                var name = body?.Name?.Trim();
                if (string.IsNullOrEmpty(name) || name.Length > 100)
                    throw ApiProblemException.BadRequest("name", "'name' is required: 1 to 100 characters.");
                var scopes = AdminScopes.Parse(string.Join(',', body!.Scopes ?? []), out var why)
                    ?? throw ApiProblemException.BadRequest("scopes", $"'scopes': {why}");
                var beyond = scopes.Where(s => !caller.Has(s)).ToList();
                if (beyond.Count > 0)
                    throw ApiProblemException.Forbidden("scope-not-held", "scopes",
                        $"A key can grant only scopes it holds; admin key {caller.KeyId} does not hold {string.Join(", ", beyond)}.");
                var key = await store.CreateAsync(name, scopes, caller.Actor, ct);
                return Results.Created($"/api/v1/admin/keys/{key.KeyId}", key);
            })
            .WithName("CreateAdminKey")
            .RateLimited(RateLimitPolicies.Writes)
            .RequireScope(AdminScopes.Keys)
            .WithTags("Admin")
            .WithSummary("Create an admin key with some of the calling key's scopes; the key in the answer is shown once")
            .Accepts<CreateAdminKeyBody>("application/json")
            .Produces<CreatedAdminKey>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        api.MapGet("/admin/keys", async (AdminKeyStore store, CancellationToken ct) =>
                Results.Ok((await store.ListAsync(ct)).Select(AdminKeyView.Of).ToList()))
            .WithName("ListAdminKeys")
            .RateLimited(RateLimitPolicies.Reads)
            .RequireScope(AdminScopes.Keys)
            .WithTags("Admin")
            .WithSummary("Every admin key, revoked ones too (never a secret)")
            .Produces<List<AdminKeyView>>();

        api.MapDelete("/admin/keys/{keyId}", async (string keyId, HttpContext context, AdminKeyStore store, CancellationToken ct) =>
            {
                var revoked = await store.RevokeAsync(keyId, context.AdminCaller().Actor, ct)
                    ?? throw ApiProblemException.NotFound("admin-key", "keyId", $"There is no admin key {keyId}.");
                return Results.Ok(AdminKeyView.Of(revoked));
            })
            .WithName("RevokeAdminKey")
            .RateLimited(RateLimitPolicies.Writes)
            .RequireScope(AdminScopes.Keys)
            .WithTags("Admin")
            .WithSummary("Revoke an admin key: it answers 401 from now on (revoking twice changes nothing)")
            .Produces<AdminKeyView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
