using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Idempotency;

/// <summary>
/// Deletes answered Idempotency-Keys once their retention (≥ 24 h) has passed, and keys still "in flight"
/// an hour after they were taken: no request runs that long, so their process died (e.g. another instance).
/// </summary>
public sealed class IdempotencyKeySweeper(
    IServiceScopeFactory scopes,
    IOptions<IdempotencyOptions> options,
    TimeProvider clock,
    ILogger<IdempotencyKeySweeper> logger) : BackgroundService
{
    private const long AbandonedAfterSeconds = 3600;

    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        // ExpiresAtUnix = taken + retention, so "taken over an hour ago" is ExpiresAtUnix < now + retention - 1 h.
        var abandonedBefore = now + (long)options.Value.RetentionHours * 3600 - AbandonedAfterSeconds;
        return await db.IdempotencyRecords
            .Where(r => (r.Completed && r.ExpiresAtUnix < now) || (!r.Completed && r.ExpiresAtUnix < abandonedBefore))
            .ExecuteDeleteAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var interval = TimeSpan.FromMinutes(Math.Max(1, options.Value.SweepIntervalMinutes));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var swept = await SweepOnceAsync(stop);
                if (swept > 0) logger.LogInformation("Swept {Count} expired Idempotency-Keys", swept);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                logger.LogWarning(e, "Idempotency-Key sweep failed; next try in {Interval}", interval);
            }
            await Task.Delay(interval, clock, stop);
        }
    }
}
