using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Transactions;

/// <summary>
/// The write path: a pool of relayer lanes sharing one confirmation tracker. <see cref="SubmitAsync"/>
/// returns once the write is in the outbox; its outcome arrives on the returned task. On start it first
/// reconciles what a previous process left in the outbox with the chain, once the chain is the deployment's.
/// When the chain is found reset, every write not yet confirmed fails with chain-reset and new ones get 503.
/// </summary>
public sealed class TransactionPipeline : BackgroundService
{
    private readonly IChainReader _chain;
    private readonly Deployment _deployment;
    private readonly ChainIdentityGuard _guard;
    private readonly ConfirmationTracker _tracker;
    private readonly TransactionFinalizer _finalizer;
    private readonly TransactionWaiters _waiters;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<TransactionPipeline> _logger;
    private readonly IReadOnlyList<RelayerLane> _lanes;
    private readonly IDistributedLease _leases;
    private readonly List<ILeaseHandle> _laneLeases = [];
    private volatile IReadOnlyList<RelayerLane> _activeLanes = [];
    private readonly TaskCompletionSource _reconciled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DateTimeOffset _startedAt;
    private readonly int _confirmationDepth;
    private int _roundRobin;

    public TransactionPipeline(
        IChainReader chain,
        IRelayer relayer,
        ITransactionSender sender,
        Deployment deployment,
        ChainIdentityGuard guard,
        FeeCache fees,
        ConfirmationTracker tracker,
        TransactionFinalizer finalizer,
        TransactionWaiters waiters,
        IServiceScopeFactory scopes,
        IDistributedLease leases,
        IOptions<ChainOptions> options,
        TimeProvider clock,
        ILoggerFactory loggers)
    {
        _leases = leases;
        _chain = chain;
        _deployment = deployment;
        _guard = guard;
        _tracker = tracker;
        _finalizer = finalizer;
        _waiters = waiters;
        _scopes = scopes;
        _clock = clock;
        _logger = loggers.CreateLogger<TransactionPipeline>();
        _startedAt = clock.GetUtcNow();
        _confirmationDepth = options.Value.ConfirmationDepth;
        var laneLogger = loggers.CreateLogger<RelayerLane>();
        _lanes = relayer.RelayerAddresses
            .Select(a => new RelayerLane(a, chain, relayer, sender, guard, fees, tracker, finalizer, scopes, options, clock, laneLogger))
            .ToList();
    }

    public IReadOnlyList<RelayerLane> Lanes => _lanes;

    /// <summary>Completes when the outbox left by a previous process has been reconciled with the chain.</summary>
    public Task Reconciled => _reconciled.Task;

    /// <summary>
    /// Records the write in the outbox (signed, with lane and nonce) and queues it for sending. Throws, with
    /// nothing recorded, when the chain cannot be asked for a nonce.
    /// </summary>
    public async Task<SubmittedTransaction> SubmitAsync(string kind, string callData, long gasLimit, object request,
        string? contentHash, long? tokenId, CancellationToken ct)
    {
        var row = new ChainTransaction
        {
            Id = Guid.CreateVersion7(),
            DeploymentKey = _deployment.Key,
            Kind = kind,
            State = TransactionStates.Queued,
            RequestJson = System.Text.Json.JsonSerializer.Serialize(request, request.GetType(), ChainTransaction.JsonOptions),
            CallData = callData,
            ContentHash = contentHash,
            TokenId = tokenId,
            GasLimit = gasLimit,
            CreatedAt = _clock.GetUtcNow(),
        };
        if (_guard.Last is { Match: ChainMatch.Reset } reset) throw reset.ToException(); // until an operator redeploys
        if (!Reconciled.IsCompleted)
        {
            // New nonces come after what a previous process left owed, so writes wait for reconciliation.
            try
            {
                await Reconciled.WaitAsync(TimeSpan.FromSeconds(10), ct);
            }
            catch (TimeoutException)
            {
                throw new ChainUnavailableException("The outbox is still being reconciled with the chain; try again shortly.");
            }
        }
        var completion = _waiters.Register(row.Id);
        try
        {
            await PickLane().EnqueueAsync(row).WaitAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            _waiters.Forget(row.Id); // not recorded: there will be no outcome
            throw;
        }
        return new SubmittedTransaction(row.Id, completion);
    }

    private RelayerLane PickLane()
    {
        var lanes = _activeLanes;
        if (lanes.Count == 0)
            throw new ChainUnavailableException("This API instance holds no relayer lane (other instances hold every relayer's lease).");
        // Least outstanding work first; ties rotate so idle lanes share the load.
        var start = (int)((uint)Interlocked.Increment(ref _roundRobin) % (uint)lanes.Count);
        var best = lanes[start];
        for (var i = 1; i < lanes.Count; i++)
        {
            var lane = lanes[(start + i) % lanes.Count];
            if (lane.Outstanding < best.Outstanding) best = lane;
        }
        return best;
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (_laneLeases.Count == 0) await AcquireLanesAsync(stop);
                // Nothing of the outbox is re-sent, and no receipt believed, before the chain is the deployment's.
                var identity = await _guard.RefreshAsync(stop);
                if (identity.Match == ChainMatch.Reset)
                {
                    await FailOpenWritesAsync(identity.Reason);
                    _reconciled.TrySetResult();
                    break;
                }
                if (!identity.IsOurs) throw identity.ToException();
                await ReconcileAsync(stop);
                _reconciled.TrySetResult();
                break;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                _logger.LogWarning("Outbox reconciliation waits for the chain: {Message}", e.Message);
                await Task.Delay(delay, _clock, stop);
                delay = TimeSpan.FromSeconds(Math.Min(10, delay.TotalSeconds * 2));
            }
        }

        try
        {
            await Task.WhenAll(_activeLanes.Select(l => l.RunAsync(stop))
                .Append(_tracker.RunAsync(stop)).Append(RouteStalledAsync(stop)).Append(WatchForResetAsync(stop)));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down: whatever is queued or sent stays in the outbox for the next start.
        }
        finally
        {
            foreach (var lease in _laneLeases) await lease.DisposeAsync();
        }
    }

    /// <summary>A stalled transaction goes back to its relayer's lane (or, for a relayer not held here, to any lane).</summary>
    private async Task RouteStalledAsync(CancellationToken stop)
    {
        await foreach (var stalled in _tracker.Stalled.ReadAllAsync(stop))
        {
            var lanes = _activeLanes;
            if (lanes.Count == 0) continue;
            (lanes.FirstOrDefault(l => Formats.SameAddress(l.Address, stalled.Relayer)) ?? PickLane()).EnqueueStalled(stalled);
        }
    }

    /// <summary>Once the chain is found reset (by a lane, a request, readiness or the index), the open writes fail.</summary>
    private async Task WatchForResetAsync(CancellationToken stop)
    {
        var reason = await _guard.ResetDetected.WaitAsync(stop);
        while (true)
        {
            try
            {
                await FailOpenWritesAsync(reason);
                return;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                _logger.LogError(e, "Failing the writes open at the chain reset failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), _clock, stop);
            }
        }
    }

    private async Task FailOpenWritesAsync(string reason)
    {
        _tracker.ForgetAll(); // nothing pending can be mined on this chain any more
        var failed = await _finalizer.FailOpenAsync(ChainIdentityException.ChainReset, RelayerLane.WriteAbandoned(reason), CancellationToken.None);
        if (failed > 0)
            _logger.LogError("The chain was reset: {Failed} writes not confirmed before it failed with chain-reset; new writes answer 503 until a redeploy. {Reason}",
                failed, reason);
    }

    /// <summary>
    /// One sender per relayer account across every instance sharing the database: a lane runs only in the
    /// instance holding its lease (on SQLite, the only instance, always). Two senders would fight over nonces.
    /// </summary>
    private async Task AcquireLanesAsync(CancellationToken stop)
    {
        var active = new List<RelayerLane>();
        foreach (var lane in _lanes)
        {
            var lease = await _leases.TryAcquireAsync($"relayer:{_deployment.ChainId}:{lane.Address.ToLowerInvariant()}", stop);
            if (lease is null)
            {
                _logger.LogWarning("Relayer {Relayer} is held by another instance; this one does not send from it", lane.Address);
                continue;
            }
            _laneLeases.Add(lease);
            active.Add(lane);
        }
        _activeLanes = active;
    }

    /// <summary>
    /// A previous process may have died after recording or sending. For each unfinished row: mined →
    /// confirm or fail it from its receipt; known to the node → keep tracking; unknown → never reached the
    /// chain, so re-sign it on a lane. Nothing is sent twice: a hash the node knows is never re-signed,
    /// and the contract refuses a second mint of the same bytes and a reused transfer nonce anyway.
    /// </summary>
    private async Task ReconcileAsync(CancellationToken stop)
    {
        var head = await _chain.GetBlockNumberAsync(stop);
        _tracker.StartAfter(head);

        List<ChainTransaction> open;
        using (var scope = _scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // This instance reconciles the rows of the lanes it holds, and rows of relayers no instance has configured.
            var held = _activeLanes.Select(l => l.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var configured = _lanes.Select(l => l.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
            open = (await db.ChainTransactions.AsNoTracking()
                    .Where(t => t.DeploymentKey == _deployment.Key
                        && (t.State == TransactionStates.Queued || t.State == TransactionStates.Sent))
                    .ToListAsync(stop))
                .Where(t => t.Relayer is null || held.Contains(t.Relayer) || (!configured.Contains(t.Relayer) && held.Count > 0))
                .ToList();
            if (_leases is SingleInstanceLease)
            {
                // Idempotency keys whose request died with the previous process: release them so a retry runs.
                // Only safe with one instance: elsewhere another instance's request may still be running.
                // (Compared in memory: SQLite stores DateTimeOffset as text. In-flight keys are few.)
                var orphaned = (await db.IdempotencyRecords.Where(r => !r.Completed).ToListAsync(stop))
                    .Where(r => r.CreatedAt < _startedAt).ToList();
                db.IdempotencyRecords.RemoveRange(orphaned);
                await db.SaveChangesAsync(stop);
            }
        }
        if (open.Count == 0) return;

        var mined = new List<(Guid, MinedTransaction)>();
        var tracked = 0;
        var owed = new List<ChainTransaction>();
        foreach (var row in open.OrderBy(r => r.Relayer).ThenBy(r => r.Nonce))
        {
            var tx = row.TransactionHash is null ? null : await _chain.GetMinedTransactionAsync(row.TransactionHash, stop);
            if (tx is not null && tx.BlockNumber <= head - _confirmationDepth) mined.Add((row.Id, tx));
            else if (tx is not null)
            {
                _tracker.Expect(row); // mined, not yet deep enough
                tracked++;
            }
            else if (row.TransactionHash is not null && await _chain.IsKnownTransactionAsync(row.TransactionHash, stop))
            {
                _tracker.Expect(row);
                tracked++;
            }
            else owed.Add(row);
        }
        await _finalizer.ConfirmOrFailAsync(mined, stop);
        foreach (var row in owed)
        {
            var lane = _activeLanes.FirstOrDefault(l => Formats.SameAddress(l.Address, row.Relayer)) ?? PickLane();
            lane.EnqueueOwed(row);
        }
        _logger.LogInformation(
            "Reconciled the outbox: {Mined} mined, {Tracked} still pending on the node, {Owed} never reached the chain and re-queued",
            mined.Count, tracked, owed.Count);
    }
}
