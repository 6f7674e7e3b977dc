using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Transactions;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Works;

/// <summary>
/// Mints the rest of every edition larger than one transaction: after its first chunk (the registration) is
/// confirmed, one edition-chunk write at a time through the outbox, each "the next count" of the same
/// signed authorisation, until editionMinted reaches the size.
/// </summary>
/// <remarks>
/// The state lives on the chain and in the outbox, not in this process: each round reads editionMinted and plans
/// the next chunk only when no chunk of that edition is open (queued or sent), so a restart resumes where the
/// chain stands and a chunk the reconciler re-sends is never planned a second time. The contract mints numbers in
/// order and refuses past the size (EditionExhausted); recipients are signed for their first number, so a stale
/// chunk cannot land elsewhere. A failed chunk (say its deadline passed) stops the edition where it stands. One
/// instance at a time plans chunks (the lease <see cref="LeaseName"/>): two planners could each see no open chunk
/// and send the same numbers, and the loser's EditionExhausted would read as a failed chunk.
/// </remarks>
public sealed class EditionContinuation(
    IServiceScopeFactory scopes,
    TransactionPipeline pipeline,
    IContractReader chain,
    IRelayer relayer,
    Deployment deployment,
    IDistributedLease leases,
    TimeProvider clock,
    ILogger<EditionContinuation> logger) : BackgroundService
{
    public const string LeaseName = "edition-chunks";
    private static readonly TimeSpan Round = TimeSpan.FromMilliseconds(500);
    private readonly HashSet<long> _finished = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await pipeline.Reconciled.WaitAsync(stoppingToken);
        // A failed round plans again from the chain: nothing was sent that the outbox does not know of.
        await LeaseHolderLoop.RunAsync(leases, LeaseName, clock, logger, async leading =>
        {
            while (!leading.IsCancellationRequested)
            {
                await ContinueAsync(leading);
                await Task.Delay(Round, clock, leading);
            }
        }, stoppingToken);
    }

    private async Task ContinueAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var key = deployment.Key;
        // Ids first, each round; the signed call data only of editions not yet seen finished.
        var confirmed = await db.ChainTransactions.AsNoTracking()
            .Where(t => t.DeploymentKey == key && t.Kind == TransactionKinds.Edition && t.State == TransactionStates.Confirmed && t.TokenId != null)
            .Select(t => t.TokenId!.Value)
            .ToListAsync(ct);
        var tokens = confirmed.Where(id => !_finished.Contains(id)).ToList();
        if (tokens.Count == 0) return;
        var pending = await db.ChainTransactions.AsNoTracking()
            .Where(t => t.DeploymentKey == key && t.Kind == TransactionKinds.Edition && t.State == TransactionStates.Confirmed
                && tokens.Contains(t.TokenId!.Value))
            .Select(t => new { TokenId = t.TokenId!.Value, t.CallData, t.RequestJson })
            .ToListAsync(ct);
        var chunks = await db.ChainTransactions.AsNoTracking()
            .Where(t => t.DeploymentKey == key && t.Kind == TransactionKinds.EditionContinuation && tokens.Contains(t.TokenId!.Value))
            .Select(t => new { TokenId = t.TokenId!.Value, t.State, t.CreatedAt })
            .ToListAsync(ct);
        foreach (var edition in pending)
        {
            var own = chunks.Where(c => c.TokenId == edition.TokenId).OrderBy(c => c.CreatedAt).ToList();
            if (own.Any(c => c.State is TransactionStates.Queued or TransactionStates.Sent)) continue;
            if (own.LastOrDefault()?.State == TransactionStates.Failed)
            {
                logger.LogWarning("Edition {TokenId}: its last chunk failed; the edition stays as minted so far", edition.TokenId);
                _finished.Add(edition.TokenId);
                continue;
            }
            var circulation = await chain.GetCirculationAsync(edition.TokenId, ct);
            if (circulation is null || circulation.Minted >= circulation.Size)
            {
                _finished.Add(edition.TokenId);
                continue;
            }
            await SendNextAsync(scope.ServiceProvider, edition.TokenId, edition.CallData,
                System.Text.Json.JsonSerializer.Deserialize<MintRequest>(edition.RequestJson, ChainTransaction.JsonOptions)!, circulation.Minted, ct);
        }
    }

    private async Task SendNextAsync(IServiceProvider services, long firstTokenId, string firstCallData, MintRequest request, int minted, CancellationToken ct)
    {
        var (edition, signature) = EditionEncoding.ReadAuthorization(firstCallData);
        var count = Math.Min(edition.EditionSize - minted, EditionChunks.PerTransaction(edition.Transferable, request.Recipients is not null));
        string callData;
        if (request.Recipients is { } all)
        {
            // Only custodial registrations name recipients: the creator's key signs each chunk's owners.
            var account = await services.GetRequiredService<AppDbContext>().Accounts.AsNoTracking()
                .SingleAsync(a => a.Address == edition.Creator, ct);
            var custody = services.GetRequiredService<CustodialSigner>();
            var chunk = all.Skip(minted).Take(count).ToList();
            var domain = await chain.GetSigningDomainAsync(ct);
            callData = EditionEncoding.MintEditionToCallData(edition, signature, chunk,
                custody.Sign(account, EditionEncoding.Digest(new EditionRecipients(edition.ContentHash, minted + 1, chunk), domain)));
        }
        else
        {
            callData = EditionEncoding.MintEditionCallData(edition, signature, count);
        }
        var gasLimit = EditionChunks.GasLimit(await chain.EstimateGasAsync(relayer.RelayerAddress, callData, ct));
        var submitted = await pipeline.SubmitAsync(TransactionKinds.EditionContinuation, callData, gasLimit,
            new EditionContinuationRequest(firstTokenId, minted + 1, count, edition.EditionSize), null, firstTokenId, ct);
        _ = submitted.Completion; // no one waits: the next round reads the outcome from the outbox
        logger.LogInformation("Edition {TokenId}: numbers {From}-{To} of {Size} queued as {Id}",
            firstTokenId, minted + 1, minted + count, edition.EditionSize, submitted.Id);
    }
}
