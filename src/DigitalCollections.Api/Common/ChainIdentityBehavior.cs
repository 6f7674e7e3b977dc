using DigitalCollections.Api.Chain;
using Mediator;

namespace DigitalCollections.Api.Common;

/// <summary>
/// Before a chain-bound request's handler: a 503 (chain-reset, wrong-chain, chain-unavailable) unless the
/// node's chain is the deployment's, so no read answers from another chain's contract and no write starts.
/// Runs after validation, so bad input still gets its 400. The guard reuses its answer for a moment: cheap.
/// A write the pause would revert is refused while that answer saw the collection paused; a pause made less than a
/// moment ago (outside this instance) may still let one through, which the contract then refuses.
/// </summary>
public sealed class ChainIdentityBehavior<TMessage, TResponse>(ChainIdentityGuard guard) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        if (message is IUsesDeploymentChain)
        {
            var identity = await guard.CheckAsync(ct);
            if (!identity.IsOurs) throw identity.ToException();
            if (message is IRefusedWhilePaused && identity.Status?.Paused == true) throw ContractRevertProblems.Paused();
        }
        return await next(message, ct);
    }
}
