using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Similarity;

/// <summary>
/// Keeps the <see cref="SimilarityIndex"/> in step with the works table: at start it backfills codes of works
/// registered before codes were kept, then loads every work of this deployment, then follows new rows by their
/// generated key (<see cref="WorkRowCursor"/>: also the ids committed out of order). Polling the store (rather than hearing of local registrations) is what lets every instance
/// sharing a PostgreSQL database see the others' works; a registration also catches up before it compares
/// (<see cref="CatchUpAsync"/>), so a work confirmed a moment ago anywhere is already compared with.
/// When this process is the store's only writer of work rows (<paramref name="soleWriter"/>: SQLite, one instance),
/// a registration reads only if a work was committed since the last read (<see cref="NoteWorksCommitted"/>, told
/// by the finalizer before it answers anyone): the read per registration was about a tenth of its CPU.
/// </summary>
public sealed class SimilarityIndexRefresher(
    SimilarityIndex index,
    IServiceScopeFactory scopes,
    Deployment deployment,
    IOptions<SimilarityOptions> options,
    TimeProvider clock,
    ILogger<SimilarityIndexRefresher> log,
    bool soleWriter = false) : BackgroundService
{
    private const int PageSize = 10_000;

    // A work row's insert and commit are one short transaction (the finalizer's); an id still missing after this
    // long belongs to an insert that rolled back or to another deployment.
    private static readonly TimeSpan GapLifetime = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _gate = new(1, 1); // one read of the table at a time
    private readonly Lock _sync = new();
    private Task? _queued; // the read callers join: queued behind the gate, not reading yet
    private readonly HashSet<long> _indexed = [];
    private readonly WorkRowCursor _cursor = new(clock, GapLifetime);
    private long _committed; // works commits noted by this process
    private long _readThrough = -1; // _committed as it was when the last completed read began; -1: none yet

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ReadAsync(stoppingToken);
            using (var scope = scopes.CreateScope())
            {
                var backfill = scope.ServiceProvider.GetRequiredService<SimilarityBackfill>();
                var backfilled = await backfill.RunAsync(stoppingToken);
                if (backfilled > 0) await RescanAsync(stoppingToken);
                // Image rows indexed above without variants (older than them) get them added as they are computed.
                await backfill.FillVariantsAsync((tokenId, variants) => index.Add(tokenId, SimilarityCodeKind.ImageVariant, variants), stoppingToken);
            }
            log.LogInformation("Similarity index holds {Works} works ({Codes} codes)", _indexed.Count, index.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Loading the similarity index failed; it is retried while polling");
        }

        var interval = TimeSpan.FromSeconds(Math.Max(0.1, options.Value.RefreshSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
                await ReadAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
            catch (Exception e)
            {
                log.LogWarning(e, "Refreshing the similarity index failed; retrying");
            }
        }
    }

    /// <summary>
    /// Adds every work row committed before this call. As the sole writer, nothing to read unless a commit was
    /// noted since the last read began.
    /// </summary>
    public Task CatchUpAsync(CancellationToken ct) =>
        soleWriter && Volatile.Read(ref _readThrough) == Volatile.Read(ref _committed) ? Task.CompletedTask : ReadAsync(ct);

    /// <summary>
    /// Work rows were committed by this process (the finalizer, right after its commit and before anyone hears of
    /// the outcome): the next <see cref="CatchUpAsync"/> reads them.
    /// </summary>
    public void NoteWorksCommitted() => Interlocked.Increment(ref _committed);

    /// <summary>
    /// Reads every work row committed before this call. Callers at the same moment share one read: each registration
    /// catches up before it compares, and 64 of them in flight would otherwise queue 64 reads of the same few rows
    /// one after another. A caller joins the read that has not started yet (it will see everything committed before
    /// the caller came), never one already reading.
    /// </summary>
    private Task ReadAsync(CancellationToken ct)
    {
        Task<Task>? start = null;
        Task queued;
        lock (_sync)
        {
            if (_queued is null)
            {
                start = new Task<Task>(ReadQueuedAsync);
                _queued = start.Unwrap();
            }
            queued = _queued;
        }
        start?.RunSynchronously(TaskScheduler.Default);
        return queued.WaitAsync(ct);
    }

    private async Task ReadQueuedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            lock (_sync) _queued = null; // from now on a newcomer queues the next read
            var through = Volatile.Read(ref _committed); // commits noted after this may not be seen by this read
            await ReadNewRowsAsync(CancellationToken.None);
            Volatile.Write(ref _readThrough, through);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Adds every work row committed since the last read (under the gate).</summary>
    private async Task ReadNewRowsAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        while (true)
        {
            var after = _cursor.After;
            var gaps = _cursor.Gaps.ToList();
            var rows = await db.Works.AsNoTracking()
                .Where(w => w.DeploymentKey == deployment.Key && (w.Id > after || gaps.Contains(w.Id)))
                .OrderBy(w => w.Id).Take(PageSize)
                .Select(w => new { w.Id, w.TokenId, w.SimilarityKind, w.SimilarityBits, w.SimilarityRegions, w.SimilarityVariants })
                .ToListAsync(ct);
            _cursor.Observe(rows.Select(r => r.Id));
            foreach (var row in rows)
            {
                // A row without codes yet (older than them) is added once the backfill has written them.
                if (row.SimilarityKind is not { } kind || row.SimilarityBits is not { } bits || !_indexed.Add(row.TokenId)) continue;
                index.Add(row.TokenId, (SimilarityCodeKind)kind, unchecked((ulong)bits));
                var regions = WorkCodes.UnpackCodes(row.SimilarityRegions);
                if (regions.Length > 0) index.Add(row.TokenId, SimilarityCodeKind.ImageRegion, regions);
                var variants = WorkCodes.UnpackCodes(row.SimilarityVariants);
                if (variants.Length > 0) index.Add(row.TokenId, SimilarityCodeKind.ImageVariant, variants);
            }
            if (rows.Count < PageSize) return;
        }
    }

    /// <summary>Reads the table from the start again (rows already indexed are skipped): after the backfill wrote old rows.</summary>
    private async Task RescanAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        _cursor.Reset();
        _gate.Release();
        await ReadAsync(ct);
    }
}
