using DigitalCollections.Api.Chain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace DigitalCollections.UnitTests.TestSupport;

/// <summary>The API's resilience pipelines (<see cref="ChainResilience"/>), on the given clock and chain settings.</summary>
internal static class Resilience
{
    public static ResiliencePipelineProvider<string> Pipelines(TimeProvider clock, ChainOptions? chain = null) =>
        new ServiceCollection().AddSingleton(clock).AddSingleton(Options.Create(chain ?? new ChainOptions())).AddChainResilience()
            .BuildServiceProvider().GetRequiredService<ResiliencePipelineProvider<string>>();
}
