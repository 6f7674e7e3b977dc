using DigitalCollections.Api.Chain;
using Microsoft.Extensions.DependencyInjection;
using Polly.Registry;

namespace DigitalCollections.UnitTests.TestSupport;

/// <summary>The API's retry pipelines (<see cref="ChainResilience"/>), on the given clock.</summary>
internal static class Resilience
{
    public static ResiliencePipelineProvider<string> Pipelines(TimeProvider clock) =>
        new ServiceCollection().AddSingleton(clock).AddChainResilience().BuildServiceProvider()
            .GetRequiredService<ResiliencePipelineProvider<string>>();
}
