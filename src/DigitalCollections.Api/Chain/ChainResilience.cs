using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.DependencyInjection;
using Polly.Retry;

namespace DigitalCollections.Api.Chain;

/// <summary>
/// Every retry, backoff and timeout of the code that talks to the chain, in one place: Polly pipelines by name
/// (<see cref="Polly.Registry.ResiliencePipelineProvider{TKey}"/>), on the app's <see cref="TimeProvider"/> so a
/// test's fake clock moves them. The retries are the background work's, and each retries until it succeeds or
/// its caller stops: a background loop that gave up would leave the API without outbox, index, confirmations or
/// pushes until a restart. A single request to the node is timed, never repeated: a send that failed is the
/// relayer lane's to judge, by its nonce, and a read's caller decides what a failure means.
/// The caller says what a retry means to it (its log line, a state) through <see cref="RetryAsync{T}"/>.
/// </summary>
public static class ChainResilience
{
    /// <summary>The outbox of a previous process waiting for the chain at start-up: 1 s, doubling up to 10 s.</summary>
    public const string Reconcile = "chain-reconcile";

    /// <summary>
    /// The node's WebSocket subscription: 1 s after a drop, doubling up to 10 s while it does not come back. A
    /// node without subscriptions (<see cref="NotSupportedException"/>) is not asked again: the index polls.
    /// </summary>
    public const string Reconnect = "chain-reconnect";

    /// <summary>A background step that failed (an index step, a confirmation poll, failing the writes at a reset): again after 1 s.</summary>
    public const string Step = "chain-step";

    /// <summary>
    /// One request to the node that should answer at once (a send, a point lookup, the WebSocket's connect):
    /// Chain:RpcTimeoutSeconds, then the chain counts as unavailable.
    /// </summary>
    public const string Request = "chain-request";

    /// <summary>A read that may scan much (a dense log range): Chain:RpcTimeoutSeconds, at least 30 s.</summary>
    public const string LongRequest = "chain-request-long";

    /// <summary>The first wait after a failure, and the step's every wait.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest a backoff waits: a node that is back is noticed within this.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    private static readonly ResiliencePropertyKey<Action<Exception>> Retrying = new("DigitalCollections.Retrying");

    public static IServiceCollection AddChainResilience(this IServiceCollection services)
    {
        services.AddResiliencePipeline(Reconcile, (pipeline, context) => Build(pipeline, context, DelayBackoffType.Exponential, _ => true));
        services.AddResiliencePipeline(Reconnect, (pipeline, context) =>
            Build(pipeline, context, DelayBackoffType.Exponential, e => e is not NotSupportedException));
        services.AddResiliencePipeline(Step, (pipeline, context) => Build(pipeline, context, DelayBackoffType.Constant, _ => true));
        services.AddResiliencePipeline(Request, (pipeline, context) => Timed(pipeline, context, o => o.RpcTimeoutSeconds));
        services.AddResiliencePipeline(LongRequest, (pipeline, context) => Timed(pipeline, context, o => Math.Max(30, o.RpcTimeoutSeconds)));
        return services;
    }

    private static void Timed(ResiliencePipelineBuilder pipeline, AddResiliencePipelineContext<string> context, Func<ChainOptions, int> seconds)
    {
        pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
        // A timeout surfaces as ChainUnavailableException, which its caller logs (or answers 503 with).
        pipeline.ConfigureTelemetry(NullLoggerFactory.Instance);
        var options = context.ServiceProvider.GetRequiredService<IOptions<ChainOptions>>().Value;
        pipeline.AddTimeout(TimeSpan.FromSeconds(Math.Max(1, seconds(options))));
    }

    private static void Build(ResiliencePipelineBuilder pipeline, AddResiliencePipelineContext<string> context,
        DelayBackoffType backoff, Func<Exception, bool> retried)
    {
        pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
        // Each caller logs its retries in its own words (and at its own level); Polly's lines would repeat them.
        pipeline.ConfigureTelemetry(NullLoggerFactory.Instance);
        pipeline.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = int.MaxValue,
            BackoffType = backoff,
            Delay = FirstDelay,
            MaxDelay = MaxDelay,
            UseJitter = false,
            // Whatever failed, unless the caller is stopping (its token cancelled): then the failure is the stop's.
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e
                && !args.Context.CancellationToken.IsCancellationRequested && retried(e)),
            OnRetry = args =>
            {
                if (args.Context.Properties.TryGetValue(Retrying, out var retrying)) retrying(args.Outcome.Exception!);
                return default;
            },
        });
    }

    /// <summary>
    /// Runs <paramref name="work"/> through the pipeline; <paramref name="retrying"/> hears of each failure that is
    /// retried, before the wait. A failure not retried, and the stop, reach the caller.
    /// </summary>
    public static async ValueTask<T> RetryAsync<T>(this ResiliencePipeline pipeline, Func<CancellationToken, ValueTask<T>> work,
        Action<Exception> retrying, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(Retrying, retrying);
        try
        {
            return await pipeline.ExecuteAsync(static (context, work) => work(context.CancellationToken), context, work);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <inheritdoc cref="RetryAsync{T}"/>
    public static async ValueTask RetryAsync(this ResiliencePipeline pipeline, Func<CancellationToken, ValueTask> work,
        Action<Exception> retrying, CancellationToken ct) =>
        await pipeline.RetryAsync(async token =>
        {
            await work(token);
            return true;
        }, retrying, ct);
}
