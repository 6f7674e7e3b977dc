using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Chain;

public enum ChainMatch { Ours, Unreachable, WrongChain, ContractMissing, Reset }

/// <summary>What the node's chain is to the deployment, and why.</summary>
public sealed record ChainIdentity(ChainMatch Match, string Reason, ChainStatus? Status)
{
    public bool IsOurs => Match == ChainMatch.Ours;

    /// <summary>The exception a request or a lane meets when the chain is not ours: a 503 either way.</summary>
    public Exception ToException() => Match switch
    {
        ChainMatch.Unreachable => new ChainUnavailableException(Reason),
        ChainMatch.WrongChain => new ChainIdentityException(ChainIdentityException.WrongChain, Reason),
        _ => new ChainIdentityException(ChainIdentityException.ChainReset, Reason),
    };

    /// <summary>The node's facts judged against the deployment (chain id, genesis when known, contract code).</summary>
    public static ChainIdentity Judge(Deployment deployment, string? expectedGenesis, ChainStatus status)
    {
        if (status.ChainId != deployment.ChainId)
            return new(ChainMatch.WrongChain, $"The node serves chain {status.ChainId}, the deployment is on chain {deployment.ChainId}.", status);
        // A restarted Hardhat node keeps chain id and deploy address: only the genesis hash tells it apart.
        if (expectedGenesis is not null && !string.Equals(expectedGenesis, status.GenesisHash, StringComparison.OrdinalIgnoreCase))
            return new(ChainMatch.Reset, $"The chain was reset: its genesis block is {status.GenesisHash}, the deployment was made on {expectedGenesis}. Redeploy.", status);
        if (!status.ContractCodePresent)
            return new(ChainMatch.ContractMissing, $"No contract code at {deployment.ContractAddress} on the node's chain: deploy it (scripts/start.sh does).", status);
        return new(ChainMatch.Ours, "Chain reachable, chain id and deployment match.", status);
    }
}

/// <summary>
/// Whether the node's chain is the deployment's: its chain id, its genesis block and our contract's code, in
/// one JSON-RPC batch. Lanes ask before every batch they sign and send, write and chain-read requests before
/// they start, readiness on every probe. An answer is reused for <see cref="Fresh"/> (400 sends a second
/// cost one look, not 400); a send error or the index's reset detection drops it at once. A reset (another
/// genesis) is final for this process: the outbox has been failed, and writes wait for a redeploy.
/// A deployment whose record names no genesis is held to the first one seen, recorded in the database.
/// </summary>
public sealed class ChainIdentityGuard(IChainReader chain, Deployment deployment, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ChainIdentityGuard> logger)
{
    /// <summary>How long an answer is reused. A node restarted behind the same URL takes seconds to come up.</summary>
    internal static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _checking = new(1, 1);
    private readonly TaskCompletionSource<string> _reset = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Checked? _last;
    private volatile string? _genesis = deployment.GenesisHash;
    private bool _genesisLoaded = deployment.GenesisHash is not null;

    /// <summary>The genesis the deployment is held to: its record's, or the one recorded at the first start; null before that.</summary>
    public string? ExpectedGenesis => _genesis;

    /// <summary>The last answer, without asking the chain (null before the first look).</summary>
    public ChainIdentity? Last => _last?.Identity;

    /// <summary>Completes, with the reason, once the chain has been found reset.</summary>
    public Task<string> ResetDetected => _reset.Task;

    /// <summary>Forget the last answer: the next caller asks the chain.</summary>
    public void Invalidate()
    {
        var last = _last;
        if (last is not null && last.Identity.Match != ChainMatch.Reset) _last = last with { At = DateTimeOffset.MinValue };
    }

    /// <summary>The identity, reusing an answer younger than <see cref="Fresh"/>.</summary>
    public async Task<ChainIdentity> CheckAsync(CancellationToken ct)
    {
        if (Usable(_last) is { } known) return known;
        await _checking.WaitAsync(ct);
        try
        {
            return Usable(_last) ?? await LookAsync(ct);
        }
        finally
        {
            _checking.Release();
        }
    }

    /// <summary>A fresh look at the chain (readiness).</summary>
    public async Task<ChainIdentity> RefreshAsync(CancellationToken ct)
    {
        await _checking.WaitAsync(ct);
        try
        {
            return _last is { Identity.Match: ChainMatch.Reset } reset ? reset.Identity : await LookAsync(ct);
        }
        finally
        {
            _checking.Release();
        }
    }

    /// <summary>Throws the 503 (chain unavailable, wrong chain, chain reset) unless the chain is the deployment's.</summary>
    public async Task EnsureOursAsync(CancellationToken ct)
    {
        var identity = await CheckAsync(ct);
        if (!identity.IsOurs) throw identity.ToException();
    }

    private ChainIdentity? Usable(Checked? last) =>
        last is null ? null
        : last.Identity.Match == ChainMatch.Reset || clock.GetUtcNow() - last.At < Fresh ? last.Identity
        : null;

    private async Task<ChainIdentity> LookAsync(CancellationToken ct)
    {
        ChainIdentity identity;
        try
        {
            var status = await chain.GetStatusAsync(ct);
            if (!_genesisLoaded) await LoadRecordedGenesisAsync(ct);
            identity = ChainIdentity.Judge(deployment, _genesis, status);
            if (identity.IsOurs && _genesis is null) await RecordGenesisAsync(status.GenesisHash, ct);
        }
        catch (ChainUnavailableException e)
        {
            identity = new ChainIdentity(ChainMatch.Unreachable, $"The chain at the configured RPC URL is unreachable: {e.Message}", null);
        }
        var previous = _last?.Identity.Match;
        _last = new Checked(identity, clock.GetUtcNow());
        if (previous != identity.Match && identity.Match is not ChainMatch.Ours and not ChainMatch.Unreachable)
            logger.LogError("The node's chain is not the deployment's; nothing is signed or sent: {Reason}", identity.Reason);
        if (identity.Match == ChainMatch.Reset) _reset.TrySetResult(identity.Reason);
        return identity;
    }

    private async Task LoadRecordedGenesisAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var key = deployment.Key;
        _genesis = (await db.RecordedGeneses.AsNoTracking().SingleOrDefaultAsync(g => g.DeploymentKey == key, ct))?.GenesisHash;
        _genesisLoaded = true;
    }

    /// <summary>The first genesis this deployment is seen on (its record names none): held to from now on.</summary>
    private async Task RecordGenesisAsync(string genesis, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.RecordedGeneses.Add(new RecordedGenesis { DeploymentKey = deployment.Key, GenesisHash = genesis, RecordedAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
            _genesis = genesis;
            logger.LogInformation("The deployment names no genesis block; recorded this chain's, {Genesis}, and holds the node to it", genesis);
        }
        catch (DbUpdateException)
        {
            // Another instance sharing the database recorded it first: hold to that one.
            _genesisLoaded = false;
            await LoadRecordedGenesisAsync(ct);
        }
    }

    private sealed record Checked(ChainIdentity Identity, DateTimeOffset At);
}
