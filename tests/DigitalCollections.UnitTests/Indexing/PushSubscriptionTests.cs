using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Indexing;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitalCollections.UnitTests.Indexing;

/// <summary>The WebSocket subscription's reconnects: their waits count from the last drop, and a node without pushes is left alone.</summary>
public sealed class PushSubscriptionTests
{
    private readonly WatchedClock _clock = new();

    [Fact]
    public async Task Reconnects_wait_1_then_2_s_and_after_a_drop_start_again_from_1_s_until_the_node_refuses_subscriptions()
    {
        var attempts = new AttemptLog(_clock);
        var source = new ScriptedSource(attempts);
        var pushed = new PushedBlocks(_clock);
        var status = new IndexStatus.Writer(_clock);
        var guard = new ChainIdentityGuard(new FakeChainReader(), Deployment,
            new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), _clock, NullLogger<ChainIdentityGuard>.Instance);
        var subscription = new PushSubscription(source, pushed, status, new ChainResetCheck(guard, status, NullLogger<ChainResetCheck>.Instance),
            Channel.CreateUnbounded<bool>().Writer, Resilience.Pipelines(_clock).GetPipeline(ChainResilience.Reconnect), NullLogger.Instance);

        var run = subscription.RunAsync(CancellationToken.None);

        // Refused, refused, connected and dropped, refused, then eth_subscribe refused for good.
        await attempts.ExpectWaitsAsync(1, 2, 1, 2);
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(5, source.Calls);
        Assert.True(source.Connected);
        Assert.False(pushed.Connected);
        Assert.False(attempts.AnyNew());
    }

    private static readonly Deployment Deployment = Transactions.ConfirmationTrackerTests.Deployment;

    private sealed class ScriptedSource(AttemptLog attempts) : IBlockSource
    {
        public int Calls { get; private set; }
        public bool Connected { get; private set; }

        public async IAsyncEnumerable<ChainPush> SubscribeBlocksAsync([EnumeratorCancellation] CancellationToken ct)
        {
            var call = ++Calls;
            attempts.Record();
            await Task.Yield();
            if (call == 3)
            {
                Connected = true;
                yield return new PushesStarted();
                throw new ChainUnavailableException("The node closed its WebSocket.");
            }
            if (call == 5) throw new NotSupportedException("The node refused eth_subscribe.");
            throw new ChainUnavailableException("The node's WebSocket endpoint did not answer.");
        }
    }
}
