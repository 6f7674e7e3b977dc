using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace DigitalCollections.Api.Transactions;

/// <summary>
/// The write path: a pool of relayer lanes sharing one confirmation tracker. <see cref="SubmitAsync"/>
/// returns once the write is in the outbox; its outcome arrives on the returned task. On start it first
/// reconciles what a previous process left in the outbox with the chain, once the chain is the deployment's.
/// When the chain is found reset, every write not yet confirmed fails with chain-reset and new ones get 503.
/// </summary>
public sealed class TransactionPipeline : BackgroundService
{
    private readonly Deployment _deployment;
    private readonly ChainIdentityGuard _guard;
    private readonly ConfirmationTracker _tracker;
    private readonly TransactionFinalizer _finalizer;
    private readonly TransactionWaiters _waiters;
    private readonly TimeProvider _clock;
    private readonly ILogger<TransactionPipeline> _logger;
    private readonly IReadOnlyList<RelayerLane> _lanes;
    private readonly IDistributedLease _leases;
    private readonly List<ILeaseHandle> _laneLeases = [];
    private volatile IReadOnlyList<RelayerLane> _activeLanes = [];
    private readonly TaskCompletionSource _reconciled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly OutboxReconciler _reconciler;
    private readonly ResiliencePipeline _reconcileRetry;
    private readonly ResiliencePipeline _stepRetry;
    private int _roundRobin;
    private readonly int _maxBatchSize;

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
        ResiliencePipelineProvider<string> resilience,
        TimeProvider clock,
        ILoggerFactory loggers)
    {
        _reconcileRetry = resilience.GetPipeline(ChainResilience.Reconcile);
        _stepRetry = resilience.GetPipeline(ChainResilience.Step);
        _leases = leases;
        _maxBatchSize = Math.Max(1, options.Value.MaxBatchSize);
        _deployment = deployment;
        _guard = guard;
        _tracker = tracker;
        _finalizer = finalizer;
        _waiters = waiters;
        _clock = clock;
        _logger = loggers.CreateLogger<TransactionPipeline>();
        _reconciler = new OutboxReconciler(chain, deployment, tracker, finalizer, scopes, leases, clock.GetUtcNow(),
            options.Value.ConfirmationDepth, _logger);
        var laneLogger = loggers.CreateLogger<RelayerLane>();
        _lanes = relayer.RelayerAddresses
            .Select(a => new RelayerLane(a, chain, relayer, sender, guard, fees, tracker, finalizer, scopes, options, clock, laneLogger))
            .ToList();
    }

    public IReadOnlyList<RelayerLane> Lanes => _lanes;

    /// <summary>Completes when the outbox left by a previous process has been reconciled with the chain.</summary>
    public Task Reconciled => _reconciled.Task;

    /// <summary>The relayers whose lanes run in this instance (the others are held by other instances).</summary>
    public IReadOnlyList<string> ActiveRelayers => _activeLanes.Select(l => l.Address).ToList();

    /// <summary>
    /// Records the write in the outbox (signed, with lane and nonce) and queues it for sending. Throws, with
    /// nothing recorded, when the chain cannot be asked for a nonce. <paramref name="relayer"/> names the lane
    /// that must send it (a call only one relayer's role allows); otherwise the pool picks one. An upload's bytes
    /// kept in the database (<paramref name="content"/>) are written in the same commit as the row.
    /// </summary>
    public async Task<SubmittedTransaction> SubmitAsync(string kind, string callData, long gasLimit, object request,
        string? contentHash, long? tokenId, CancellationToken ct, string? relayer = null, Storage.StoredContent? content = null)
    {
        using var recording = Observability.WriteTraces.StartRecord(kind);
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
            TraceParent = Observability.WriteTraces.Current(),
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
            await (relayer is null ? PickLane() : LaneOf(relayer)).EnqueueAsync(row, content).WaitAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            _waiters.Forget(row.Id); // not recorded: there will be no outcome
            throw;
        }
        return new SubmittedTransaction(row.Id, completion);
    }

    private RelayerLane LaneOf(string relayer) =>
        _activeLanes.FirstOrDefault(l => Formats.SameAddress(l.Address, relayer))
        ?? throw new ChainUnavailableException($"The lane of relayer {relayer} runs in another API instance (it holds that relayer's lease); send this there or try again.");

    private RelayerLane PickLane()
    {
        var lanes = _activeLanes;
        if (lanes.Count == 0)
            throw new ChainUnavailableException("This API instance holds no relayer lane (other instances hold every relayer's lease).");
        var start = (int)((uint)Interlocked.Increment(ref _roundRobin) % (uint)lanes.Count);
        // Batching: the busiest lane with room for a batch behind its transaction in flight, so batches grow
        // large (fewer transactions, blocks and commits per work) rather than every lane sending small ones.
        // A lane with nothing outstanding counts as busy with nothing: an idle pool still answers at once.
        if (_maxBatchSize > 1)
        {
            RelayerLane? filling = null;
            for (var i = 0; i < lanes.Count; i++)
            {
                var lane = lanes[(start + i) % lanes.Count];
                if (lane.Outstanding <= _maxBatchSize && (filling is null || lane.Outstanding > filling.Outstanding)) filling = lane;
            }
            if (filling is not null) return filling;
        }
        // Least outstanding work first; ties rotate so idle lanes share the load.
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
        await _reconcileRetry.RetryAsync(async ct =>
        {
            if (_laneLeases.Count == 0) await AcquireLanesAsync(ct);
            // Nothing of the outbox is re-sent, and no receipt believed, before the chain is the deployment's.
            var identity = await _guard.RefreshAsync(ct);
            if (identity.Match == ChainMatch.Reset)
            {
                await FailOpenWritesAsync(identity.Reason);
                _reconciled.TrySetResult();
                return;
            }
            if (!identity.IsOurs) throw identity.ToException();
            await _reconciler.ReconcileAsync(_lanes, _activeLanes, PickLane, ct);
            _reconciled.TrySetResult();
        }, e => _logger.LogWarning("Outbox reconciliation waits for the chain: {Message}", e.Message), stop);

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
        await _stepRetry.RetryAsync(_ => new ValueTask(FailOpenWritesAsync(reason)),
            e => _logger.LogError(e, "Failing the writes open at the chain reset failed; retrying"), stop);
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
}
