using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitalCollections.UnitTests.Chain;

/// <summary>The chain identity guard: chain id, genesis and contract code, judged and reused for a moment.</summary>
public sealed class ChainIdentityGuardTests : IAsyncDisposable
{
    private const string Contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static readonly string Genesis = "0x" + new string('a', 64);
    private static readonly string OtherGenesis = "0x" + new string('b', 64);
    private static readonly Deployment WithGenesis = new(31337, Contract, 1, Genesis, [Deployment.HardhatDevelopmentKey]);
    private static readonly Deployment WithoutGenesis = WithGenesis with { GenesisHash = null };

    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private readonly List<OutboxServices> _databases = [];

    private (ChainIdentityGuard Guard, StatusNode Node) Guard(Deployment deployment, ChainStatus status)
    {
        var node = new StatusNode(status);
        var database = new OutboxServices(node, deployment);
        _databases.Add(database);
        return (new ChainIdentityGuard(node, deployment, database.Services.GetRequiredService<IServiceScopeFactory>(), _clock,
            NullLogger<ChainIdentityGuard>.Instance), node);
    }

    private static ChainStatus Status(long chainId = 31337, string? genesis = null, bool code = true) => new(chainId, 50, genesis ?? Genesis, code);

    [Fact]
    public void The_deployments_chain_is_ours_and_each_difference_has_its_verdict()
    {
        Assert.Equal(ChainMatch.Ours, ChainIdentity.Judge(WithGenesis, Genesis, Status()).Match);
        Assert.Equal(ChainMatch.WrongChain, ChainIdentity.Judge(WithGenesis, Genesis, Status(chainId: 1)).Match);
        Assert.Equal(ChainMatch.Reset, ChainIdentity.Judge(WithGenesis, Genesis, Status(genesis: OtherGenesis)).Match);
        Assert.Equal(ChainMatch.ContractMissing, ChainIdentity.Judge(WithGenesis, Genesis, Status(code: false)).Match);
        // Genesis unknown: chain id and code decide.
        Assert.Equal(ChainMatch.Ours, ChainIdentity.Judge(WithoutGenesis, null, Status(genesis: OtherGenesis)).Match);
    }

    [Fact]
    public void Each_verdict_that_is_not_ours_is_a_503_exception_never_a_500()
    {
        Assert.IsType<ChainUnavailableException>(new ChainIdentity(ChainMatch.Unreachable, "away", null).ToException());
        Assert.Equal(ChainIdentityException.WrongChain,
            Assert.IsType<ChainIdentityException>(ChainIdentity.Judge(WithGenesis, Genesis, Status(chainId: 1)).ToException()).Slug);
        foreach (var status in new[] { Status(genesis: OtherGenesis), Status(code: false) })
        {
            var e = Assert.IsType<ChainIdentityException>(ChainIdentity.Judge(WithGenesis, Genesis, status).ToException());
            Assert.Equal(ChainIdentityException.ChainReset, e.Slug);
            var problem = DigitalCollections.Api.Common.ProblemExceptionHandler.ToProblem(e);
            Assert.Equal(503, problem.Status);
            Assert.EndsWith(":chain-reset", problem.Type);
        }
    }

    [Fact]
    public async Task The_development_keys_are_not_used_for_a_node_that_says_another_chain_id()
    {
        // The deployment names 31337 (so the Hardhat keys were chosen); the node says 1.
        var (guard, node) = Guard(WithGenesis, Status(chainId: 1, genesis: Genesis));
        var e = await Assert.ThrowsAsync<ChainIdentityException>(() => guard.EnsureOursAsync(CancellationToken.None));
        Assert.Equal(ChainIdentityException.WrongChain, e.Slug);
        Assert.Contains("chain 1", e.Message);
        Assert.Equal(1, node.StatusCalls);
    }

    [Fact]
    public async Task An_answer_is_reused_for_a_moment_and_asked_again_after_it_or_after_an_invalidation()
    {
        var (guard, node) = Guard(WithGenesis, Status());
        for (var i = 0; i < 50; i++) await guard.EnsureOursAsync(CancellationToken.None);
        Assert.Equal(1, node.StatusCalls);

        guard.Invalidate();
        await guard.EnsureOursAsync(CancellationToken.None);
        Assert.Equal(2, node.StatusCalls);

        _clock.Advance(ChainIdentityGuard.Fresh);
        await guard.EnsureOursAsync(CancellationToken.None);
        Assert.Equal(3, node.StatusCalls);
    }

    [Fact]
    public async Task A_reset_is_final_and_is_announced_once()
    {
        var (guard, node) = Guard(WithGenesis, Status());
        await guard.EnsureOursAsync(CancellationToken.None);
        Assert.False(guard.ResetDetected.IsCompleted);

        node.Status = Status(genesis: OtherGenesis);
        guard.Invalidate();
        await Assert.ThrowsAsync<ChainIdentityException>(() => guard.EnsureOursAsync(CancellationToken.None));
        Assert.True(guard.ResetDetected.IsCompleted);
        Assert.Contains(OtherGenesis, await guard.ResetDetected);

        // The old genesis answering again changes nothing: the outbox has been failed, writes wait for a redeploy.
        node.Status = Status();
        guard.Invalidate();
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ChainMatch.Reset, (await guard.RefreshAsync(CancellationToken.None)).Match);
    }

    [Fact]
    public async Task A_deployment_without_a_genesis_is_held_to_the_first_one_seen_across_restarts()
    {
        var (guard, node) = Guard(WithoutGenesis, Status());
        Assert.Null(guard.ExpectedGenesis);
        await guard.EnsureOursAsync(CancellationToken.None);
        Assert.Equal(Genesis, guard.ExpectedGenesis);

        // A later process on the same database, the node since restarted on a new chain (same id, same address).
        var scopes = _databases[0].Services.GetRequiredService<IServiceScopeFactory>();
        using (var scope = scopes.CreateScope())
            Assert.Equal(Genesis, (await scope.ServiceProvider.GetRequiredService<AppDbContext>().RecordedGeneses.SingleAsync()).GenesisHash);
        node.Status = Status(genesis: OtherGenesis);
        var restarted = new ChainIdentityGuard(node, WithoutGenesis, scopes, _clock, NullLogger<ChainIdentityGuard>.Instance);
        var e = await Assert.ThrowsAsync<ChainIdentityException>(() => restarted.EnsureOursAsync(CancellationToken.None));
        Assert.Equal(ChainIdentityException.ChainReset, e.Slug);
    }

    [Fact]
    public async Task An_unreachable_node_is_chain_unavailable_and_asked_again_next_time()
    {
        var (guard, node) = Guard(WithGenesis, Status());
        node.Unreachable = true;
        await Assert.ThrowsAsync<ChainUnavailableException>(() => guard.EnsureOursAsync(CancellationToken.None));
        node.Unreachable = false;
        _clock.Advance(ChainIdentityGuard.Fresh);
        await guard.EnsureOursAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases) await database.DisposeAsync();
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public void Advance(TimeSpan by) => _now += by;
        public override DateTimeOffset GetUtcNow() => _now;
    }

    /// <summary>A node that answers GetStatusAsync with a settable status and counts the calls.</summary>
    private sealed class StatusNode(ChainStatus status) : FakeChainReader
    {
        public ChainStatus Status { get; set; } = status;
        public bool Unreachable { get; set; }
        public int StatusCalls => CallsOf(nameof(GetStatusAsync));

        public override Task<ChainStatus> GetStatusAsync(CancellationToken ct) =>
            Unreachable ? Fail<ChainStatus>(new ChainUnavailableException("node away")) : Answer(Status);
    }
}
