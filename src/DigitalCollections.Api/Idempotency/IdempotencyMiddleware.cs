using System.Security.Cryptography;
using System.Text;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Idempotency;

/// <summary>
/// Idempotency-Key on the write routes: the first request with a key runs and its response is stored;
/// the same key with the same request answers that response byte for byte and runs nothing; the same key
/// with a different request is 422; a key whose first request is still running is 409.
/// A request that fails with an exception releases its key, so a retry runs again.
/// Applies to endpoints marked with <see cref="IdempotencyEndpointExtensions.Idempotent"/>.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    private const int MaxKeyLength = 200;

    public async Task InvokeAsync(HttpContext context, AppDbContext db, IOptions<StorageOptions> storage,
        IOptions<IdempotencyOptions> idempotency, TimeProvider clock)
    {
        var key = context.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key) || context.GetEndpoint()?.Metadata.GetMetadata<IdempotentEndpoint>() is null)
        {
            await next(context);
            return;
        }
        if (key.Length > MaxKeyLength || key.Any(c => c < 0x21 || c > 0x7e))
            throw ApiProblemException.BadRequest("idempotencyKey", $"'{Header}' must be 1 to {MaxKeyLength} visible ASCII characters.");

        var scope = Scope(context.Request);
        var fingerprint = await FingerprintAsync(context.Request, storage.Value.MaxUploadBytes, context.RequestAborted);
        Task<IdempotencyRecord?> Find() =>
            db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, CancellationToken.None);

        var now = clock.GetUtcNow();
        if (await Find() is { } existing)
        {
            if (existing.ExpiresAtUnix >= now.ToUnixTimeSeconds() || !existing.Completed)
            {
                await AnswerFromRecordAsync(context, existing, fingerprint);
                return;
            }
            // Past its retention and not yet swept: the key is free again.
            await db.IdempotencyRecords.Where(r => r.Scope == scope && r.Key == key).ExecuteDeleteAsync(CancellationToken.None);
        }

        var record = new IdempotencyRecord
        {
            Scope = scope, Key = key, RequestHash = fingerprint, CreatedAt = now,
            ExpiresAtUnix = now.AddHours(idempotency.Value.RetentionHours).ToUnixTimeSeconds(),
        };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(context.RequestAborted);
        }
        catch (DbUpdateException)
        {
            // Another request took the key between our read and insert.
            db.ChangeTracker.Clear();
            await AnswerFromRecordAsync(context, (await Find())!, fingerprint);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            context.Response.Body = original;
            db.IdempotencyRecords.Remove(record);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        context.Response.Body = original;

        record.Completed = true;
        record.StatusCode = context.Response.StatusCode;
        record.ContentType = context.Response.ContentType;
        record.Location = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
        record.Body = buffer.ToArray();
        await db.SaveChangesAsync(CancellationToken.None); // the work is done: keep its answer even if the client left
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task AnswerFromRecordAsync(HttpContext context, IdempotencyRecord record, string fingerprint)
    {
        if (record.RequestHash != fingerprint)
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused",
                "The Idempotency-Key was used for a different request.",
                "Each Idempotency-Key stands for one request; send a new key for a new request.", "idempotencyKey");
        if (!record.Completed)
            throw new ApiProblemException(StatusCodes.Status409Conflict, "idempotency-key-in-flight",
                "A request with this Idempotency-Key is still running.",
                "Retry after it has finished; its answer will then be repeated.", "idempotencyKey");

        context.Response.StatusCode = record.StatusCode;
        if (record.ContentType is not null) context.Response.ContentType = record.ContentType;
        if (record.Location is not null) context.Response.Headers.Location = record.Location;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.Body is { Length: > 0 }) await context.Response.Body.WriteAsync(record.Body, context.RequestAborted);
    }

    /// <summary>Route plus caller (a hash of the Authorization header, never the key itself).</summary>
    private static string Scope(HttpRequest request)
    {
        var caller = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString())));
        return $"{request.Method} {request.Path.Value?.TrimEnd('/')} {caller}";
    }

    /// <summary>
    /// What makes two requests the same: for multipart, every field and each file's bytes (not the random
    /// boundary a client picks per attempt); otherwise the body's bytes.
    /// </summary>
    private static async Task<string> FingerprintAsync(HttpRequest request, long maxUploadBytes, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (request.HasFormContentType)
        {
            var form = await FormReader.ReadAsync(request, maxUploadBytes, ct);
            foreach (var field in form.OrderBy(f => f.Key, StringComparer.Ordinal))
                hash.AppendData(Encoding.UTF8.GetBytes($"{field.Key}={field.Value}\n"));
            foreach (var file in form.Files.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"file:{file.Name}:{file.FileName}:{file.ContentType}\n"));
                await using var stream = file.OpenReadStream();
                hash.AppendData(Encoding.UTF8.GetBytes(await ContentStore.HashAsync(stream, ct)));
            }
        }
        else
        {
            request.EnableBuffering();
            hash.AppendData(Encoding.UTF8.GetBytes($"{request.ContentType}\n{await ContentStore.HashAsync(request.Body, ct)}"));
            request.Body.Position = 0;
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
