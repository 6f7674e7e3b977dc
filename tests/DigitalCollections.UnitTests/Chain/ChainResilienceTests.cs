using DigitalCollections.Api.Chain;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.Extensions.Options;
using Polly;

namespace DigitalCollections.UnitTests.Chain;

/// <summary>The retry pipelines on a fake clock: how long each waits between attempts, and what it does not retry.</summary>
public sealed class ChainResilienceTests
{
    private readonly WatchedClock _clock = new();
    private readonly AttemptLog _attempts;
    private readonly List<Exception> _retried = [];

    public ChainResilienceTests() => _attempts = new AttemptLog(_clock);

    private ResiliencePipeline Pipeline(string key) => Resilience.Pipelines(_clock).GetPipeline(key);

    /// <summary>Work that fails its first <paramref name="failures"/> attempts, recording when each began; then answers its attempt number.</summary>
    private Func<CancellationToken, ValueTask<int>> FailsFirst(int failures, Func<Exception>? failure = null)
    {
        var attempt = 0;
        return _ =>
        {
            _attempts.Record();
            return ++attempt <= failures
                ? throw (failure?.Invoke() ?? new ChainUnavailableException($"attempt {attempt} failed"))
                : ValueTask.FromResult(attempt);
        };
    }

    private Task<int> Run(string key, Func<CancellationToken, ValueTask<int>> work, CancellationToken ct = default) =>
        Pipeline(key).RetryAsync(work, e => { lock (_retried) _retried.Add(e); }, ct).AsTask();

    [Fact]
    public async Task Reconciliation_waits_1_s_then_doubles_up_to_10_s_and_retries_until_it_succeeds()
    {
        var run = Run(ChainResilience.Reconcile, FailsFirst(7));

        await _attempts.ExpectWaitsAsync(1, 2, 4, 8, 10, 10, 10);

        Assert.Equal(8, await run);
        Assert.Equal(7, _retried.Count);
        Assert.All(_retried, e => Assert.IsType<ChainUnavailableException>(e));
    }

    [Fact]
    public async Task A_failed_step_is_tried_again_every_second_whatever_it_threw()
    {
        var failures = new Queue<Exception>([new ChainUnavailableException("node away"), new InvalidOperationException("bug"), new TimeoutException()]);
        var run = Run(ChainResilience.Step, FailsFirst(3, failures.Dequeue));

        await _attempts.ExpectWaitsAsync(1, 1, 1);

        Assert.Equal(4, await run);
        Assert.Collection(_retried, e => Assert.IsType<ChainUnavailableException>(e), e => Assert.IsType<InvalidOperationException>(e),
            e => Assert.IsType<TimeoutException>(e));
    }

    [Fact]
    public async Task Reconnects_back_off_like_reconciliation_but_a_node_without_subscriptions_is_not_asked_again()
    {
        var run = Run(ChainResilience.Reconnect, FailsFirst(2));
        await _attempts.ExpectWaitsAsync(1, 2);
        Assert.Equal(3, await run);

        _retried.Clear();
        var refused = Run(ChainResilience.Reconnect, FailsFirst(5, () => new NotSupportedException("no eth_subscribe")));
        await Assert.ThrowsAsync<NotSupportedException>(() => refused);
        Assert.Empty(_retried);
    }

    [Fact]
    public async Task Stopping_ends_the_wait_and_a_failure_while_stopping_is_not_retried()
    {
        using var stop = new CancellationTokenSource();
        var run = Run(ChainResilience.Reconcile, FailsFirst(int.MaxValue), stop.Token);
        await _attempts.NextAsync();
        await _clock.WaitBeganAsync();
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.False(_attempts.AnyNew());
        Assert.Single(_retried);
        _retried.Clear();


        using var stopNow = new CancellationTokenSource();
        var stopping = Run(ChainResilience.Step, _ =>
        {
            stopNow.Cancel();
            throw new ChainUnavailableException("failed as the process stopped");
        }, stopNow.Token);
        await Assert.ThrowsAsync<ChainUnavailableException>(() => stopping);
        Assert.Empty(_retried);
    }

    [Theory]
    [InlineData(RpcWait.Short, 5)]
    [InlineData(RpcWait.Long, 30)]
    public async Task A_request_the_node_does_not_answer_is_chain_unavailable_after_its_timeout_and_is_sent_once(RpcWait wait, int seconds)
    {
        var node = new StubRpcNode { Hang = true };
        var options = new ChainOptions { RpcUrl = "http://node.test/", RpcTimeoutSeconds = 5 };
        var transport = new JsonRpcTransport(node, Options.Create(options), Resilience.Pipelines(_clock, options));

        var send = transport.CallAsync("eth_sendRawTransaction", ["0x02"], CancellationToken.None, wait);
        await _clock.WaitBeganAsync();
        _clock.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(20);
        Assert.False(send.IsCompleted, "the request timed out early");
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        await Assert.ThrowsAsync<ChainUnavailableException>(() => send.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, node.HttpRequests); // never sent again: whether a send arrived is its lane's to find out
    }
}
