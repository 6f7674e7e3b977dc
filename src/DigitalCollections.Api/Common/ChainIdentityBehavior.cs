using DigitalCollections.Api.Chain;
using Mediator;

namespace DigitalCollections.Api.Common;

/// <summary>
/// Before a chain-bound request's handler: a 503 (chain-reset, wrong-chain, chain-unavailable) unless the
/// node's chain is the deployment's, so no read answers from another chain's contract and no write starts.
/// Runs after validation, so bad input still gets its 400. The guard reuses its answer for a moment: cheap.
/// </summary>
public sealed class ChainIdentityBehavior<TMessage, TResponse>(ChainIdentityGuard guard) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        if (message is IUsesDeploymentChain) await guard.EnsureOursAsync(ct);
        return await next(message, ct);
    }
}
